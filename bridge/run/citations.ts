import type { AnswerExtras } from './extras.ts';

/** One source behind one stretch of the answer, in the client's text (UTF-16 indices, end exclusive). */
export interface Citation {
  url: string;
  title: string;
  start: number;
  end: number;
  /** the stretch of the answer the source supports, as the page quoted it */
  text: string;
}

/**
 * The answer's sources placed in the text the client received: one citation per source of each
 * grounding support (run/text-map.ts converts the page's byte ranges and drops what a stop
 * sequence cut off). Empty without sources.
 */
export function citations(x: AnswerExtras): Citation[] {
  const g = x.grounding;
  if (!g) return [];
  const out: Citation[] = [];
  for (const s of g.supports) {
    const range = x.map.range(s.start, s.end);
    if (!range) continue;
    for (const i of s.sources) {
      const source = g.sources[i];
      if (source) out.push({ url: source.uri, title: source.title, ...range, text: s.text });
    }
  }
  return out;
}

/** Chat completions' and Responses' shape: `url_citation`. */
export const urlCitation = (c: Citation) => ({
  type: 'url_citation' as const,
  url_citation: { url: c.url, title: c.title, start_index: c.start, end_index: c.end },
});
