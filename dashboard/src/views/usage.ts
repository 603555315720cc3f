import { api } from '../api.ts';
import { h, section, table } from '../dom.ts';
import { num } from '../format.ts';
import { stackedBars, type Series } from './chart.ts';
import type { ViewContext } from './context.ts';

interface UsageRow {
  bucket: string;
  account: string;
  model: string;
  requests: number;
  tokens_in: number;
  tokens_out: number;
}

/** Usage per account × model per hour or day, from the bridge's usage.jsonl; fetched when the view opens. */
export function usageView(
  ctx: ViewContext,
  bucket: 'hour' | 'day',
  onBucket: (b: 'hour' | 'day') => void,
): HTMLElement {
  const { t, lang } = ctx;
  const body = h('div', { class: 'usage-body', 'aria-busy': 'true' });
  const label = (iso: string): string =>
    bucket === 'hour'
      ? new Date(iso).toLocaleString(lang, { month: 'numeric', day: 'numeric', hour: '2-digit' })
      : new Date(iso).toLocaleDateString(lang, { month: 'numeric', day: 'numeric' });
  void api(`/dashboard/api/usage?bucket=${bucket}`)
    .then((res) => res.json() as Promise<{ rows: UsageRow[] }>)
    .then(({ rows }) => {
      body.removeAttribute('aria-busy');
      if (rows.length === 0) return body.append(h('p', { class: 'empty' }, t('noUsage')));
      const buckets = [...new Set(rows.map((r) => r.bucket))];
      const names = [...new Set(rows.map((r) => `${r.account || '—'} × ${r.model}`))];
      const series = (pick: (r: UsageRow) => number): Series[] =>
        names.map((name) => ({
          name,
          values: buckets.map((b) =>
            rows
              .filter((r) => r.bucket === b && `${r.account || '—'} × ${r.model}` === name)
              .reduce((s, r) => s + pick(r), 0),
          ),
        }));
      const shown = buckets.map(label);
      body.append(
        stackedBars(
          t('requestsChart'),
          shown,
          series((r) => r.requests),
        ),
        stackedBars(
          t('tokensChart'),
          shown,
          series((r) => r.tokens_in + r.tokens_out),
        ),
        table(
          t('usageTable'),
          [t('period'), t('account'), t('model'), t('requests'), t('tokensIn'), t('tokensOut')],
          [...rows]
            .reverse()
            .map((r) => [
              label(r.bucket),
              r.account || '—',
              h('code', {}, r.model),
              num(r.requests, lang),
              num(r.tokens_in, lang),
              num(r.tokens_out, lang),
            ]),
        ),
      );
    })
    .catch((err: unknown) => {
      body.removeAttribute('aria-busy');
      body.append(
        h('p', { class: 'error', role: 'alert' }, t('requestFailed', err instanceof Error ? err.message : String(err))),
      );
    });

  const exportCsv = async (): Promise<void> => {
    const res = await api('/dashboard/api/usage.csv');
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', { href: url, download: 'aistudio-bridge-usage.csv' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  const choice = (b: 'hour' | 'day', text: string): HTMLElement =>
    h(
      'button',
      { type: 'button', class: 'toggle', 'aria-pressed': String(b === bucket), onclick: () => onBucket(b) },
      text,
    );
  return section(
    'usage-title',
    t('viewUsage'),
    h(
      'div',
      { class: 'toolbar' },
      h('div', { role: 'group', 'aria-label': t('period') }, choice('hour', t('perHour')), choice('day', t('perDay'))),
      h('button', { type: 'button', id: 'export-csv', onclick: () => void exportCsv() }, t('exportCsv')),
    ),
    body,
  );
}
