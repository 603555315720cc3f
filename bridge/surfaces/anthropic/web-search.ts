import { randomBytes } from 'node:crypto';
import { citations } from '../../run/citations.ts';
import type { AnswerExtras } from '../../run/extras.ts';

/**
 * A grounded answer in Anthropic's web search shape: the search the page ran as a
 * `server_tool_use` block named `web_search` with its query, the sources as a
 * `web_search_tool_result` block, and the answer's supported stretches as
 * `web_search_result_location` citations on its text. The page hands over no encrypted content
 * or index, so those fields are empty strings (a client sending them back is not read).
 */
export function searchBlocks(x: AnswerExtras | undefined): Record<string, unknown>[] {
  const g = x?.grounding;
  // URL context alone runs no search: its sources show as citations only.
  if (!g || g.queries.length === 0) return [];
  const id = `srvtoolu_${randomBytes(12).toString('hex')}`;
  return [
    { type: 'server_tool_use', id, name: 'web_search', input: { query: g.queries.join(' | ') } },
    {
      type: 'web_search_tool_result',
      tool_use_id: id,
      content: g.sources.map((s) => ({
        type: 'web_search_result',
        url: s.uri,
        title: s.title,
        encrypted_content: '',
        page_age: null,
      })),
    },
  ];
}

/** The text's citations, in the order of the text they support. */
export function textCitations(x: AnswerExtras | undefined): Record<string, unknown>[] {
  if (!x) return [];
  return citations(x).map((c) => ({
    type: 'web_search_result_location',
    url: c.url,
    title: c.title,
    encrypted_index: '',
    cited_text: c.text,
  }));
}
