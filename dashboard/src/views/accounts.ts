import { h, section, table } from '../dom.ts';
import { num, time } from '../format.ts';
import type { DashboardState } from '../types.ts';
import type { ViewContext } from './context.ts';

export function accountsView(s: DashboardState, { t, lang }: ViewContext): HTMLElement {
  if (s.accounts.length === 0)
    return section('accounts-title', t('viewAccounts'), h('p', { class: 'empty' }, t('noAccounts')));
  return h(
    'div',
    {},
    ...s.accounts.map((a, i) =>
      section(
        `account-${i}`,
        a.account,
        h(
          'p',
          { class: 'meta' },
          `${t('tabsCount')}: ${a.tabs.length} (${t('ready')} ${a.ready}, ${t('busy')} ${a.busy}) · ${t('today')}: `,
          t('requestsTokens', num(a.today.requests, lang), num(a.today.tokens_in, lang), num(a.today.tokens_out, lang)),
        ),
        table(
          `${a.account}: ${t('model')}`,
          [t('model'), t('state'), t('lastLimit')],
          a.models.map((m) => [
            h('code', {}, m.model),
            h(
              'span',
              { class: `pill ${m.state}` },
              m.state === 'ready'
                ? t('stateReady')
                : t(m.state === 'cooling' ? 'stateCooling' : 'stateExhausted', time(m.until ?? '', lang)),
            ),
            m.message ?? '—',
          ]),
        ),
        h('p', { class: 'meta' }, `${t('tabs')}: `, ...a.tabs.map((k) => h('code', { class: 'chip' }, k))),
      ),
    ),
  );
}
