import { h, section, table } from '../dom.ts';
import { time } from '../format.ts';
import type { DashboardState, TabLoadView } from '../types.ts';
import type { ViewContext } from './context.ts';

export function tabsView(s: DashboardState, { t, lang }: ViewContext): HTMLElement {
  const load = (l: TabLoadView | null): string =>
    l
      ? [l.state, l.problem, l.reason, l.next_reload_at ? t('nextReload', time(l.next_reload_at, lang)) : null]
          .filter(Boolean)
          .join(' · ')
      : '—';
  return h(
    'div',
    {},
    section(
      'tabs-title',
      t('viewTabs'),
      s.tabs.length === 0
        ? h('p', { class: 'empty' }, t('noTabs'))
        : table(
            t('viewTabs'),
            [t('tab'), t('account'), t('model'), t('state'), t('health'), t('load'), t('reloads'), t('currentJob')],
            s.tabs.map((tab) => [
              h('code', {}, tab.key),
              tab.account,
              tab.model ?? '—',
              h(
                'span',
                { class: `pill ${tab.ready ? 'ready' : 'cooling'}` },
                tab.busy ? t('busy') : tab.ready ? t('ready') : t('notReady'),
              ),
              tab.health.ok
                ? h('span', { class: 'pill ready' }, t('healthOk'))
                : h('span', { class: 'pill exhausted' }, t('healthMissing', tab.health.missing.join(', '))),
              load(tab.load),
              tab.load?.reload_attempts ?? 0,
              tab.job ? `${tab.job.surface} · ${tab.job.model} (${tab.job.id})` : t('idle'),
            ]),
          ),
    ),
    s.unregistered_tabs.length === 0
      ? null
      : section(
          'unregistered-title',
          t('unregistered'),
          table(
            t('unregistered'),
            [t('tab'), t('account'), t('load'), t('reloads')],
            s.unregistered_tabs.map((u) => [
              h('code', {}, u.key),
              u.account,
              load(u.load),
              u.load?.reload_attempts ?? 0,
            ]),
          ),
        ),
  );
}
