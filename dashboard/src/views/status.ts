import { dl, h, section, table, withCode } from '../dom.ts';
import type { Key } from '../i18n.ts';
import { time } from '../format.ts';
import type { DashboardState } from '../types.ts';
import type { ViewContext } from './context.ts';

export function statusView(s: DashboardState, { t, lang, baseUrl }: ViewContext): HTMLElement {
  const next = t(s.next as Key, baseUrl);
  return h(
    'div',
    {},
    h(
      'section',
      { class: `card headline ${s.ready ? 'ok' : 'warn'}`, 'aria-labelledby': 'status-title' },
      h(
        'h2',
        { id: 'status-title' },
        h('span', { class: 'dot', 'aria-hidden': 'true' }),
        s.ready ? t('statusOk') : t('statusWaiting'),
      ),
      h('p', { class: 'next', id: 'next-step' }, h('strong', {}, t('nextLabel')), ' ', ...withCode(next)),
      s.version_problem ? h('p', { class: 'problem' }, `${t('versionProblem')}: ${s.version_problem.message}`) : null,
    ),
    section(
      'bridge-title',
      t('title'),
      dl([
        [t('bridgeVersion'), s.bridge.version],
        [t('startedAt'), time(s.bridge.started_at, lang)],
        [t('auth'), s.bridge.auth === 'api_key' ? t('authOn') : t('authOff')],
        [t('route'), s.bridge.route],
      ]),
    ),
    section(
      'browsers-title',
      t('browsers'),
      s.browsers.length === 0
        ? h('p', { class: 'empty' }, t('noBrowsers'))
        : table(
            t('browsers'),
            [t('account'), t('extensionVersion'), t('pairedVia'), t('tabsCount')],
            s.browsers.map((b) => [b.account ?? b.id, b.version, b.paired_via, b.tabs]),
          ),
    ),
  );
}
