import { loadSettings, MAX_WORKER_TABS, normaliseBridgeUrl, type Settings } from '../lib/settings.ts';
import { PopupResponse, STATUS_KEY, WorkerStatus, type PopupRequest } from '../lib/status.ts';
import { WORKER_TAB_URL } from '../lib/urls.ts';
import { el, renderSettings, renderStatus } from './render.ts';
import { canHandOver } from './view-model.ts';

/**
 * The popup: reads the worker's status from chrome.storage.session and the settings from
 * chrome.storage.local, re-renders on every change of either, and writes settings back. The only
 * things it asks the worker directly are hand-over and release of a tab.
 */
function startPopup(): void {
  let status: WorkerStatus | null = null;
  let settings: Settings | null = null;
  let activeTab: chrome.tabs.Tab | null = null;

  function render(): void {
    if (!settings) return;
    renderStatus(status, settings, Date.now(), (tabId) => void ask({ type: 'release', tabId }));
    renderSettings(settings);
    el<HTMLButtonElement>('handover').disabled = !canHandOver(activeTab, status);
  }

  async function refresh(): Promise<void> {
    const stored = await chrome.storage.session.get(STATUS_KEY);
    const parsed = WorkerStatus.safeParse(stored[STATUS_KEY]);
    status = parsed.success ? parsed.data : null;
    settings = await loadSettings(chrome.storage.local);
    render();
  }

  async function ask(request: PopupRequest): Promise<void> {
    const error = el('action-error');
    error.textContent = '';
    const answer = PopupResponse.safeParse(await chrome.runtime.sendMessage(request).catch((e: unknown) => ({ ok: false, error: String(e) })));
    if (!answer.success) error.textContent = 'The extension did not answer; reopen the popup.';
    else if (!answer.data.ok) error.textContent = answer.data.error ?? 'failed';
  }

  el('pairing-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = el<HTMLInputElement>('token').value.trim();
    const url = normaliseBridgeUrl(el<HTMLInputElement>('bridge-url').value);
    const saved = el('saved');
    if (!url) {
      saved.textContent = 'The bridge URL must look like ws://127.0.0.1:2048/extension';
      return;
    }
    const update: Partial<Settings> = { bridgeUrl: url };
    if (token) Object.assign(update, { token, pairedVia: 'manual' });
    void chrome.storage.local.set(update).then(() => {
      el<HTMLInputElement>('token').value = '';
      saved.textContent = 'Saved.';
    });
  });

  el<HTMLSelectElement>('tab-count').addEventListener('change', (event) => {
    const value = Number((event.target as HTMLSelectElement).value);
    if (Number.isInteger(value) && value >= 1 && value <= MAX_WORKER_TABS) void chrome.storage.local.set({ workerTabCount: value });
  });

  el('handover').addEventListener('click', () => {
    if (activeTab?.id !== undefined) void ask({ type: 'handover', tabId: activeTab.id });
  });

  // The person's own AI Studio tab: opened in their window, never driven unless handed over.
  el('open-aistudio').addEventListener('click', () => void chrome.tabs.create({ url: WORKER_TAB_URL }));

  chrome.storage.onChanged.addListener((_changes, area) => {
    if (area === 'session' || area === 'local') void refresh();
  });

  void chrome.tabs.query({ active: true, lastFocusedWindow: true }).then(([tab]) => {
    activeTab = tab ?? null;
    render();
  });
  void refresh();
  // "Retrying in N s" and request ages count down while the popup is open.
  setInterval(render, 1000);
}

startPopup();
