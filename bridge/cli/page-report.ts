import { z } from 'zod';
import { TabPageReport } from '../../protocol/selector-overrides.ts';
import { PAGE_REPORT_HEADER } from '../surfaces/system/page-report.ts';

/**
 * `doctor --page`: fetch GET /diagnostics/page and print it as plain text to paste into a bug
 * report — per worker tab every selector key with its counts, then the page outline (custom
 * elements, data-test-* attributes, aria-labels). The bridge's answer is parsed, not trusted.
 */
export const PageReportBody = z.object({
  selector_overrides: z.record(z.string(), z.array(z.string())),
  extensions: z.array(z.object({ id: z.string(), version: z.string().nullable(), tabs: z.array(TabPageReport) })),
});
export type PageReportBody = z.infer<typeof PageReportBody>;

export type FetchPageReport = (
  url: string,
  apiKey: string | undefined,
  skeleton?: boolean,
) => Promise<{ status: number; body: unknown }>;

export const fetchPageReport: FetchPageReport = async (url, apiKey, skeleton = false) => {
  const res = await fetch(`${url}/diagnostics/page${skeleton ? '?skeleton=1' : ''}`, {
    headers: { [PAGE_REPORT_HEADER]: '1', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
};

const list = (items: Array<{ name: string; count: number }>): string[] =>
  items.length === 0 ? ['      (none)'] : items.map((i) => `      ${i.name}${i.count > 1 ? ` ×${i.count}` : ''}`);

export function formatPageReport(body: PageReportBody, url: string): string[] {
  const out = [`AI Studio Bridge page report (${url})`];
  const overridden = Object.entries(body.selector_overrides);
  out.push(`selector overrides (selectors.json):${overridden.length === 0 ? ' none' : ''}`);
  for (const [key, css] of overridden) out.push(`  ${key}: ${css.map((c) => JSON.stringify(c)).join(', ')}`);
  if (body.extensions.length === 0) out.push('no extension connected: nothing to report');
  for (const ext of body.extensions) {
    out.push(`extension ${ext.id}${ext.version ? ` (version ${ext.version})` : ''}: ${ext.tabs.length} worker tab(s)`);
    if (ext.tabs.length === 0) out.push('  (no answer: no worker tab, or the extension did not reply in time)');
    for (const tab of ext.tabs) {
      if (!tab.report) {
        out.push(`  worker tab ${tab.tabId}: no report — ${tab.error ?? 'unknown reason'}`);
        continue;
      }
      const r = tab.report;
      out.push(`  worker tab ${tab.tabId}: ${r.url}`);
      out.push('    selectors (key: found / visible, expected):');
      const width = Math.max(...r.selectors.map((s) => s.name.length), 0);
      for (const s of r.selectors) {
        const flags = [s.ok ? '' : 'UNEXPECTED', s.overridden ? 'overridden' : ''].filter(Boolean).join(', ');
        out.push(`      ${s.name.padEnd(width)}  ${s.count} / ${s.visible}, ${s.expect}${flags ? `  [${flags}]` : ''}`);
      }
      out.push('    custom elements:', ...list(r.customElements));
      out.push('    data-test-* attributes:', ...list(r.dataTestAttributes));
      out.push('    aria-labels:', ...list(r.ariaLabels));
    }
  }
  return out;
}
