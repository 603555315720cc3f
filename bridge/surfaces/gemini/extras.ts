import type { AnswerExtras, ExtraEvent, GroundingOut } from '../../run/extras.ts';

const OUTCOME: Record<string, string> = {
  ok: 'OUTCOME_OK',
  failed: 'OUTCOME_FAILED',
  deadline_exceeded: 'OUTCOME_DEADLINE_EXCEEDED',
  unspecified: 'OUTCOME_UNSPECIFIED',
};

/** One Gemini part for an image, code or code result as the page sent it (null for sources). */
export function extraPart(e: ExtraEvent): Record<string, unknown> | null {
  if (e.kind === 'image') return { inlineData: { mimeType: e.mimeType, data: e.data } };
  if (e.kind === 'code')
    return { executableCode: { language: e.language === 'python' ? 'PYTHON' : 'LANGUAGE_UNSPECIFIED', code: e.code } };
  if (e.kind === 'code_result')
    return { codeExecutionResult: { outcome: OUTCOME[e.outcome] ?? 'OUTCOME_UNSPECIFIED', output: e.output } };
  return null;
}

/** The parts of a whole answer beyond text: code and results first (they came before the text), images last. */
export function extraParts(x: AnswerExtras | undefined): { before: unknown[]; after: unknown[] } {
  if (!x) return { before: [], after: [] };
  const before = x.code.flatMap((c) => [
    ...(c.code ? [extraPart({ kind: 'code', language: c.language, code: c.code })] : []),
    ...(c.output !== undefined
      ? [extraPart({ kind: 'code_result', outcome: (c.outcome ?? 'unspecified') as 'ok', output: c.output })]
      : []),
  ]);
  return { before, after: x.images.map((i) => extraPart(i)) };
}

/** Gemini's groundingMetadata from the page's sources (byte offsets as the page gave them). */
export function groundingMetadata(g: GroundingOut | null | undefined): Record<string, unknown> | undefined {
  if (!g) return undefined;
  return {
    ...(g.queries.length ? { webSearchQueries: g.queries } : {}),
    groundingChunks: g.sources.map((s) => ({ web: { uri: s.uri, title: s.title } })),
    groundingSupports: g.supports.map((s) => ({
      segment: { startIndex: s.start, endIndex: s.end, text: s.text },
      groundingChunkIndices: s.sources,
    })),
  };
}
