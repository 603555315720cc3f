import { h, section, table } from '../dom.ts';
import { time } from '../format.ts';
import type { DashboardState } from '../types.ts';
import type { ViewContext } from './context.ts';

/** The last failed requests: where they ran, the error and the step trace; never what was asked or answered. */
export function failuresView(s: DashboardState, { t, lang }: ViewContext): HTMLElement {
  if (s.failures.length === 0)
    return section('failures-title', t('viewFailures'), h('p', { class: 'empty' }, t('noFailures')));
  return h(
    'div',
    {},
    ...s.failures.map((f, i) =>
      section(
        `failure-${i}`,
        `${f.error?.code ?? f.outcome ?? ''} · ${f.model}`,
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, t('failedAt')),
          h('dd', {}, time(f.ended_at ?? f.started_at, lang)),
          h('dt', {}, t('surface')),
          h('dd', {}, f.surface),
          h('dt', {}, t('accountTab')),
          h('dd', {}, [f.account ?? '—', f.tab ?? ''].filter(Boolean).join(' / ')),
          h('dt', {}, t('error')),
          h('dd', { class: 'error-text' }, f.error?.message ?? f.outcome ?? ''),
          f.step ? h('dt', {}, t('failedStep')) : null,
          f.step ? h('dd', {}, h('code', {}, f.step)) : null,
        ),
        f.steps && f.steps.length > 0
          ? table(
              `${t('steps')} (${f.request_id})`,
              [t('stepAction'), t('stepTarget'), t('stepMs'), t('stepOutcome'), t('stepDetail')],
              f.steps.map((st) => [
                st.action,
                [st.key, st.candidate].filter((x) => x !== undefined).join(' · ') || '—',
                st.ms,
                h(
                  'span',
                  {
                    class: `pill ${st.outcome === 'ok' ? 'ready' : st.outcome === 'failed' ? 'exhausted' : 'cooling'}`,
                  },
                  st.outcome,
                ),
                st.detail ?? '',
              ]),
              'steps',
            )
          : h('p', { class: 'empty' }, t('noSteps')),
      ),
    ),
  );
}
