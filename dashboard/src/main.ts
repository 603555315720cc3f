import { api, followState, storeKey, storedKey, Unauthorized } from './api.ts';
import { h } from './dom.ts';
import { duration } from './format.ts';
import { pickLang, translator, type Key, type Lang } from './i18n.ts';
import type { DashboardState } from './types.ts';
import { accountsView } from './views/accounts.ts';
import type { ViewContext } from './views/context.ts';
import { failuresView } from './views/failures.ts';
import { Playground } from './views/playground.ts';
import { requestsView } from './views/requests.ts';
import { statusView } from './views/status.ts';
import { tabsView } from './views/tabs.ts';
import { usageView } from './views/usage.ts';

/**
 * The dashboard page: asks for the API key when the bridge needs one (and shows nothing else
 * until one is accepted), then follows the bridge's state over one event stream and renders the
 * view named in the URL's hash. Language and theme follow the browser until switched.
 */
const VIEWS = ['status', 'accounts', 'tabs', 'requests', 'failures', 'usage', 'playground'] as const;
type View = (typeof VIEWS)[number];
const TITLES: Record<View, Key> = {
  status: 'viewStatus',
  accounts: 'viewAccounts',
  tabs: 'viewTabs',
  requests: 'viewRequests',
  failures: 'viewFailures',
  usage: 'viewUsage',
  playground: 'viewPlayground',
};

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
const conn = document.getElementById('conn') as HTMLElement;
const langSelect = document.getElementById('lang') as HTMLSelectElement;
const themeButton = document.getElementById('theme') as HTMLButtonElement;

let lang: Lang = pickLang(localStorage.getItem('lang'), navigator.languages ?? [navigator.language]);
let ctx: ViewContext = context();
let state: DashboardState | null = null;
let playground: Playground | null = null;
let usageBucket: 'hour' | 'day' = 'hour';
let stopFollowing: (() => void) | null = null;
let usageSeen = '';

function context(): ViewContext {
  return { t: translator(lang), lang, baseUrl: `${location.origin}/v1` };
}

function currentView(): View {
  const name = location.hash.slice(1);
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : 'status';
}

function applyLang(): void {
  ctx = context();
  const { t } = ctx;
  document.documentElement.lang = lang;
  document.title = t('title');
  langSelect.value = lang;
  (document.getElementById('lang-label') as HTMLElement).textContent = t('language');
  (document.getElementById('skip-link') as HTMLElement).textContent = t('skip');
  nav.setAttribute('aria-label', t('views'));
  if (conn.classList.contains('on')) conn.textContent = t('live');
  else if (conn.classList.contains('off')) conn.textContent = t('offline');
  playground = null;
  applyTheme();
}

function theme(): 'light' | 'dark' {
  const stored = localStorage.getItem('theme');
  if (stored === 'light' || stored === 'dark') return stored;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function applyTheme(): void {
  const now = theme();
  document.documentElement.dataset.theme = now;
  themeButton.textContent = now === 'dark' ? ctx.t('themeLight') : ctx.t('themeDark');
  themeButton.setAttribute('aria-label', now === 'dark' ? ctx.t('themeSwitchToLight') : ctx.t('themeSwitchToDark'));
}

function renderNav(): void {
  const view = currentView();
  nav.replaceChildren(
    h(
      'ul',
      {},
      ...VIEWS.map((v) => {
        const count =
          v === 'requests' && state && state.requests.length > 0
            ? state.requests.length
            : v === 'failures' && state && state.failures.length > 0
              ? state.failures.length
              : null;
        return h(
          'li',
          {},
          h(
            'a',
            { href: `#${v}`, id: `nav-${v}`, 'aria-current': v === view ? 'page' : null },
            ctx.t(TITLES[v]),
            count === null ? null : h('span', { class: 'badge' }, count),
          ),
        );
      }),
    ),
  );
}

function showError(message: string): void {
  const old = document.getElementById('action-error');
  old?.remove();
  main.prepend(h('p', { class: 'error', role: 'alert', id: 'action-error' }, message));
}

/** Re-renders the current view, keeping focus on the element that had it (by id) for keyboard users. */
function render(): void {
  renderNav();
  if (!state) return;
  const view = currentView();
  const focused = document.activeElement?.id;
  let content: HTMLElement;
  switch (view) {
    case 'status':
      content = statusView(state, ctx);
      break;
    case 'accounts':
      content = accountsView(state, ctx);
      break;
    case 'tabs':
      content = tabsView(state, ctx);
      break;
    case 'requests':
      content = requestsView(state, ctx, showError);
      break;
    case 'failures':
      content = failuresView(state, ctx);
      break;
    case 'usage': {
      // Fetched again only when a request finished since (the state stream says so).
      const finished = `${state.recent[0]?.id ?? ''}|${state.failures.length}`;
      if (finished === usageSeen && main.dataset.view === 'usage') return;
      usageSeen = finished;
      content = usageView(ctx, usageBucket, (b) => {
        usageBucket = b;
        usageSeen = '';
        render();
        document.querySelector<HTMLElement>(`.toggle[aria-pressed="true"]`)?.focus();
      });
      break;
    }
    case 'playground':
      playground ??= new Playground(ctx);
      playground.update(state);
      content = playground.element;
      break;
  }
  const title = h('h2', { class: 'sr-only view-title', id: 'view-title' }, ctx.t(TITLES[view]));
  if (main.firstElementChild?.nextElementSibling !== content || main.dataset.view !== view) {
    main.replaceChildren(title, content);
  }
  main.dataset.view = view;
  main.setAttribute('aria-labelledby', 'view-title');
  if (focused) document.getElementById(focused)?.focus();
}

function askForKey(wrong: boolean): void {
  stopFollowing?.();
  state = null;
  nav.replaceChildren();
  const { t } = ctx;
  const input = h('input', {
    id: 'key',
    type: 'password',
    autocomplete: 'off',
    required: true,
    spellcheck: 'false',
  }) as HTMLInputElement;
  const form = h(
    'form',
    { class: 'card key-form', id: 'key-form', 'aria-labelledby': 'key-title' },
    h('h2', { id: 'key-title' }, t('keyTitle')),
    h('p', {}, t('keyText')),
    h('label', { for: 'key' }, t('keyLabel')),
    input,
    wrong ? h('p', { class: 'error', role: 'alert' }, t('keyWrong')) : null,
    h('button', { type: 'submit', class: 'primary' }, t('keySubmit')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    storeKey(input.value.trim());
    void start();
  });
  main.replaceChildren(form);
  main.dataset.view = 'key';
  input.focus();
}

async function start(): Promise<void> {
  try {
    state = (await (await api('/dashboard/api/state')).json()) as DashboardState;
  } catch (err) {
    if (err instanceof Unauthorized) {
      const hadKey = storedKey() !== null;
      storeKey(null);
      return askForKey(hadKey);
    }
    conn.textContent = ctx.t('offline');
    setTimeout(() => void start(), 2000);
    return;
  }
  main.dataset.view = '';
  render();
  stopFollowing?.();
  stopFollowing = followState(
    (next) => {
      state = next as DashboardState;
      render();
    },
    (live) => {
      conn.textContent = live ? ctx.t('live') : ctx.t('offline');
      conn.className = `conn ${live ? 'on' : 'off'}`;
    },
    () => {
      storeKey(null);
      askForKey(true);
    },
  );
}

// Elapsed times of live requests tick here, in the page, not on the bridge.
setInterval(() => {
  for (const el of document.querySelectorAll<HTMLElement>('[data-since]'))
    el.textContent = duration(Date.now() - Date.parse(el.dataset.since ?? ''));
}, 1000);

langSelect.addEventListener('change', () => {
  lang = langSelect.value === 'zh-CN' ? 'zh-CN' : 'en';
  localStorage.setItem('lang', lang);
  applyLang();
  main.dataset.view = '';
  usageSeen = '';
  if (state) render();
  else if (document.getElementById('key-form')) askForKey(false);
});
themeButton.addEventListener('click', () => {
  localStorage.setItem('theme', theme() === 'dark' ? 'light' : 'dark');
  applyTheme();
});
window.addEventListener('hashchange', () => {
  main.dataset.view = '';
  usageSeen = '';
  render();
  main.focus();
});

applyLang();
void start();
