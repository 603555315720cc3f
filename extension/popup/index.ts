import { ext } from '../lib/browser.ts';
import { loadSettings, MAX_WORKER_TABS, normaliseBridgeUrl, type Settings } from '../lib/settings.ts';
import { PopupResponse, STATUS_KEY, WorkerStatus, type PopupRequest } from '../lib/status.ts';
import { WORKER_TAB_URL } from '../lib/urls.ts';
import { browserTranslate, translateDocument } from './i18n.ts';
import { el, renderSettings, renderView } from './render.ts';
import { buildView, canHandOver } from './view-model.ts';

/**
 * The popup: reads the worker's status from ext.storage.session and the settings from
 * ext.storage.local, re-renders on every change of either, and writes settings back. The only
 * things it asks the worker directly are hand-over and release of a tab. Its words follow the
 * browser's language (i18n, _locales/).
 */
function startPopup(): void {
  const t = browserTranslate(ext.i18n);
  let status: WorkerStatus | null = null;
  let settings: Settings | null = null;
  let activeTab: chrome.tabs.Tab | null = null;
  let settingsOpened = false;

  // the language of the messages the browser's i18n picked, so screen readers pronounce them right
  document.documentElement.lang = t('htmlLang');
  translateDocument(document, t);
  el('version').textContent = t('versionLabel', ext.runtime.getManifest().version);

  function render(): void {
    if (!settings) return;
    const view = buildView(status, settings, Date.now(), t);
    renderView(view, t, (tabId) => void ask({ type: 'release', tabId }));
    renderSettings(settings, t);
    // The step is in the settings (pasting a token): unfold them once, not against the person.
    if (view.next.inSettings && !settingsOpened) (el('pairing') as HTMLDetailsElement).open = settingsOpened = true;
    el<HTMLButtonElement>('handover').disabled = !canHandOver(activeTab, status);
  }

  async function refresh(): Promise<void> {
    const stored = await ext.storage.session.get(STATUS_KEY);
    const parsed = WorkerStatus.safeParse(stored[STATUS_KEY]);
    status = parsed.success ? parsed.data : null;
    settings = await loadSettings(ext.storage.local);
    render();
  }

  async function ask(request: PopupRequest): Promise<void> {
    const error = el('action-error');
    error.textContent = '';
    const answer = PopupResponse.safeParse(
      await ext.runtime.sendMessage(request).catch((e: unknown) => ({ ok: false, error: String(e) })),
    );
    if (!answer.success) error.textContent = t('noAnswer');
    else if (!answer.data.ok) error.textContent = answer.data.error ?? t('failed');
  }

  el('pairing-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = el<HTMLInputElement>('token').value.trim();
    const url = normaliseBridgeUrl(el<HTMLInputElement>('bridge-url').value);
    const saved = el('saved');
    if (!url) {
      saved.textContent = t('badUrl');
      return;
    }
    // The bridge names this profile's account by it (quota routing, /health); empty = the page's.
    const update: Partial<Settings> = {
      bridgeUrl: url,
      accountName: el<HTMLInputElement>('account-name').value.trim().slice(0, 64),
    };
    if (token) Object.assign(update, { token, pairedVia: 'manual' });
    void ext.storage.local.set(update).then(() => {
      el<HTMLInputElement>('token').value = '';
      saved.textContent = t('saved');
    });
  });

  el<HTMLSelectElement>('tab-count').addEventListener('change', (event) => {
    const value = Number((event.target as HTMLSelectElement).value);
    if (Number.isInteger(value) && value >= 1 && value <= MAX_WORKER_TABS)
      void ext.storage.local.set({ workerTabCount: value });
  });

  el('handover').addEventListener('click', () => {
    if (activeTab?.id !== undefined) void ask({ type: 'handover', tabId: activeTab.id });
  });

  // The person's own AI Studio tab: opened in their window, never driven unless handed over.
  el('open-aistudio').addEventListener('click', () => void ext.tabs.create({ url: WORKER_TAB_URL }));

  ext.storage.onChanged.addListener((_changes, area) => {
    if (area === 'session' || area === 'local') void refresh();
  });

  void ext.tabs.query({ active: true, lastFocusedWindow: true }).then(([tab]) => {
    activeTab = tab ?? null;
    render();
  });
  void refresh();
  // "Retrying in N s" and request ages count down while the popup is open.
  setInterval(render, 1000);
}

startPopup();
