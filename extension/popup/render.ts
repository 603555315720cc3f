import type { Settings } from '../lib/settings.ts';
import type { Translate } from './i18n.ts';
import { dashboardUrl } from './next-step.ts';
import type { PopupView, Tone } from './view-model.ts';

/** Looks up an element the popup's HTML is known to contain. */
export function el<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`popup: #${id} missing from index.html`);
  return found as T;
}

function span(className: string, text: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = className;
  s.textContent = text;
  return s;
}

/** One list row; text only (tab URLs, models and error messages come from web pages). */
function row(
  view: { title: string; subtitle: string; state: string; tone: Tone },
  action?: { label: string; ariaLabel: string; onClick: () => void },
): HTMLLIElement {
  const li = document.createElement('li');
  li.className = `item ${view.tone}`;
  const dot = span('dot', '');
  dot.setAttribute('aria-hidden', 'true');
  const main = document.createElement('span');
  main.className = 'main';
  main.append(span('title', view.title), span('sub', view.subtitle));
  li.append(dot, main, span('state', view.state));
  if (action) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'small';
    button.textContent = action.label;
    button.setAttribute('aria-label', action.ariaLabel);
    button.addEventListener('click', action.onClick);
    li.append(button);
  }
  return li;
}

/** Rebuilds a list only when its content changed: the popup re-renders every second (countdowns),
 *  and swapping a button out between mousedown and mouseup would lose the click. */
function fill(list: HTMLElement, key: unknown, rows: () => HTMLElement[]): void {
  const json = JSON.stringify(key);
  if (list.dataset.key === json) return;
  list.dataset.key = json;
  list.replaceChildren(...rows());
}

/** Text whose `backticked` parts (commands, addresses) become <code>, so they read and copy as one piece. */
function setRichText(target: HTMLElement, text: string): void {
  target.replaceChildren(
    ...text.split('`').map((part, i) => {
      if (i % 2 === 0) return document.createTextNode(part);
      const code = document.createElement('code');
      code.textContent = part;
      return code;
    }),
  );
}

export function renderView(view: PopupView, t: Translate, onRelease: (tabId: number) => void): void {
  const { link, next } = view;
  el('status').className = `status ${link.tone}`;
  el('link-headline-text').textContent = link.headline;
  el('link-detail').textContent = link.detail;
  el('link-pairing').textContent = link.pairing;
  const nextText = el('next-text');
  if (nextText.dataset.text !== next.text) {
    nextText.dataset.text = next.text;
    setRichText(nextText, next.text);
  }

  fill(el('tabs'), view.tabs, () =>
    view.tabs.map((v) =>
      row(
        v,
        v.releasable
          ? { label: t('release'), ariaLabel: t('releaseLabel', v.tabId), onClick: () => onRelease(v.tabId) }
          : undefined,
      ),
    ),
  );
  el('tabs-empty').hidden = view.tabs.length > 0;
  fill(el('requests'), view.requests, () => view.requests.map((v) => row(v)));
  el('requests-empty').hidden = view.requests.length > 0;
}

/** Form fields reflect storage only when the person is not typing in them. */
export function renderSettings(settings: Settings, t: Translate): void {
  const count = el<HTMLSelectElement>('tab-count');
  if (document.activeElement !== count) count.value = String(settings.workerTabCount);
  const url = el<HTMLInputElement>('bridge-url');
  if (document.activeElement !== url) url.value = settings.bridgeUrl;
  el<HTMLAnchorElement>('open-dashboard').href = dashboardUrl(settings.bridgeUrl);
  const account = el<HTMLInputElement>('account-name');
  if (document.activeElement !== account) account.value = settings.accountName;
  account.placeholder = settings.pageAccount || t('accountNamePlaceholder');
  const token = el<HTMLInputElement>('token');
  if (document.activeElement !== token)
    token.placeholder = settings.token ? t('tokenPlaceholderSaved') : t('tokenPlaceholderNew');
}
