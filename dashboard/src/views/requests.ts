import { api } from '../api.ts';
import { h, section, table } from '../dom.ts';
import type { Key } from '../i18n.ts';
import { duration, num, time } from '../format.ts';
import type { DashboardState, RequestView } from '../types.ts';
import type { ViewContext } from './context.ts';

const statusKey = (s: RequestView['status']): Key => `status${s[0]?.toUpperCase()}${s.slice(1)}` as Key;

/** Live requests (elapsed ticks in the page: `data-since`) and the recently finished ones. */
export function requestsView(s: DashboardState, ctx: ViewContext, onError: (message: string) => void): HTMLElement {
  const { t, lang } = ctx;
  const cancel = async (id: string, button: HTMLButtonElement): Promise<void> => {
    button.disabled = true;
    try {
      await api(`/dashboard/api/requests/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
    } catch (err) {
      button.disabled = false;
      onError(t('cancelFailed', err instanceof Error ? err.message : String(err)));
    }
  };
  return h(
    'div',
    {},
    section(
      'live-title',
      t('viewRequests'),
      s.requests.length === 0
        ? h('p', { class: 'empty' }, t('noRequests'))
        : table(
            t('viewRequests'),
            [t('surface'), t('model'), t('accountTab'), t('elapsed'), t('tokensSoFar'), t('status'), ''],
            s.requests.map((r) => {
              const button = h(
                'button',
                { type: 'button', class: 'danger', id: `cancel-${r.id}`, 'aria-label': t('cancelLabel', r.id) },
                t('cancel'),
              ) as HTMLButtonElement;
              button.addEventListener('click', () => void cancel(r.id, button));
              return [
                r.surface,
                h('code', {}, r.model),
                [r.account ?? '—', r.tab ?? ''].filter(Boolean).join(' / '),
                h('span', { 'data-since': r.started_at }, duration(Date.now() - Date.parse(r.started_at))),
                num(r.tokens_out, lang),
                h('span', { class: `pill ${r.status}` }, t(statusKey(r.status))),
                button,
              ];
            }),
            'live',
          ),
    ),
    section(
      'recent-title',
      t('recent'),
      s.recent.length === 0
        ? h('p', { class: 'empty' }, '—')
        : table(
            t('recent'),
            [
              t('finishedAt'),
              t('surface'),
              t('model'),
              t('account'),
              t('tokensIn'),
              t('tokensOut'),
              t('elapsed'),
              t('outcome'),
            ],
            s.recent.map((r) => [
              time(r.ended_at ?? r.started_at, lang),
              r.surface,
              h('code', {}, r.model),
              r.account ?? '—',
              num(r.tokens_in, lang),
              num(r.tokens_out, lang),
              duration(Date.parse(r.ended_at ?? r.started_at) - Date.parse(r.started_at)),
              h('span', { class: `pill ${r.status}` }, `${t(statusKey(r.status))} · ${r.outcome ?? ''}`),
            ]),
          ),
    ),
  );
}
