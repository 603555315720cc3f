import type { WorkerStatus } from '../lib/status.ts';
import type { Settings } from '../lib/settings.ts';
import { describeLink, describeRequest, describeTab, type Tone } from './view-model.ts';

/** Looks up an element the popup's HTML is known to contain. */
export function el<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`popup: #${id} missing from index.html`);
  return found as T;
}

/** One list row; text only (tab URLs, models and error messages come from web pages). */
function row(title: string, state: string, tone: Tone, action?: { label: string; onClick: () => void }): HTMLLIElement {
  const li = document.createElement('li');
  li.className = tone;
  const left = document.createElement('span');
  left.textContent = title;
  const right = document.createElement('span');
  right.className = 'state';
  right.textContent = state;
  li.append(left, right);
  if (action) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = action.label;
    button.addEventListener('click', action.onClick);
    li.append(button);
  }
  return li;
}

export function renderStatus(status: WorkerStatus | null, settings: Settings, now: number, onRelease: (tabId: number) => void): void {
  const link = describeLink(status, settings, now);
  el('link-dot').className = `dot ${link.tone}`;
  el('link-headline').textContent = link.headline;
  el('link-detail').textContent = link.detail;
  el('link-pairing').textContent = link.pairing;

  const tabs = status?.tabs ?? [];
  const views = tabs.map((t) => ({ ...describeTab(t), releasable: t.origin === 'handover' }));
  // The popup re-renders every second (countdowns): rebuilding unchanged rows would swap a
  // Release button out between mousedown and mouseup, and the click would be lost.
  const list = el('tabs');
  const key = JSON.stringify(views);
  if (list.dataset.key !== key) {
    list.dataset.key = key;
    list.replaceChildren(...views.map((v) => row(v.title, v.state, v.tone, v.releasable ? { label: 'Release', onClick: () => onRelease(v.tabId) } : undefined)));
  }
  el('tabs-empty').hidden = tabs.length > 0;

  const requests = status?.requests ?? [];
  el('requests').replaceChildren(...requests.slice(0, 8).map((r) => {
    const v = describeRequest(r, now);
    return row(v.label, v.state, v.tone);
  }));
  el('requests-empty').hidden = requests.length > 0;
}

/** Form fields reflect storage only when the person is not typing in them. */
export function renderSettings(settings: Settings): void {
  const count = el<HTMLSelectElement>('tab-count');
  count.value = String(settings.workerTabCount);
  const url = el<HTMLInputElement>('bridge-url');
  if (document.activeElement !== url) url.value = settings.bridgeUrl;
  const token = el<HTMLInputElement>('token');
  if (document.activeElement !== token) token.placeholder = settings.token ? 'saved (paste a new one to replace it)' : 'printed by: npx aistudio-bridge pairing';
  if (!settings.token) (el('pairing') as HTMLDetailsElement).open = true;
}
