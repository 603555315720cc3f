import type { PageReportBody } from './page-report.ts';

/**
 * `doctor --page --save FILE`: write the worker tabs' anonymised DOM skeletons (made in the page by
 * extension/content/page-skeleton.ts) to FILE, one after the other when several tabs answered.
 * The simulator serves such a file as a page variant (`startSim({ skeleton })`), so the page a
 * person sees becomes an e2e test. Returns the lines to print.
 */
export function saveSkeletons(
  body: PageReportBody,
  file: string,
  write: (path: string, text: string) => void,
): { lines: string[]; ok: boolean } {
  const skeletons = body.extensions.flatMap((ext) =>
    ext.tabs.flatMap((tab) =>
      tab.report?.skeleton ? [{ tab: `${ext.id}/${tab.tabId}`, text: tab.report.skeleton }] : [],
    ),
  );
  if (skeletons.length === 0) {
    return {
      ok: false,
      lines: [
        'no page skeleton to save: no worker tab answered with one (no worker tab, or an extension older than the bridge)',
      ],
    };
  }
  // One skeleton per file is what the simulator serves: the first tab's, the others noted.
  const [first, ...rest] = skeletons as [{ tab: string; text: string }, ...Array<{ tab: string; text: string }>];
  write(file, first.text);
  return {
    ok: true,
    lines: [
      `saved the page skeleton of worker tab ${first.tab} to ${file} (${first.text.length} characters; element names, allow-listed attributes, short button/label/heading text — no prompts, answers or input values)`,
      ...(rest.length > 0
        ? [`(${rest.length} more worker tab(s) not saved: ${rest.map((s) => s.tab).join(', ')})`]
        : []),
    ],
  };
}
