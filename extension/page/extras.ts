/**
 * Parts and candidate fields beyond text, as the 2026 page streams them (docs/aistudio-wire.md#parts,
 * #grounding-metadata): inline images at part[2] (a draft when flagged as a thought at part[12]:
 * not output), executable code at part[7], its result at part[8], and the sources of a Search /
 * URL context answer at candidate[7]. Pure functions, no DOM: shared by the tap and its tests.
 */

export type ExtraPiece =
  | { kind: 'image'; mimeType: string; data: string }
  | { kind: 'code'; language: string; code: string }
  | { kind: 'code_result'; outcome: 'ok' | 'failed' | 'deadline_exceeded' | 'unspecified'; output: string };

export interface GroundingFind {
  kind: 'grounding';
  queries: string[];
  sources: { uri: string; title: string }[];
  /** byte ranges of the answer text (UTF-8, as the page counts them) and the sources backing each */
  supports: { start: number; end: number; text: string; sources: number[] }[];
}

const OUTCOMES = ['unspecified', 'ok', 'failed', 'deadline_exceeded'] as const;

/** The extra piece a part carries, or null (text, thought, call and empty parts are read elsewhere). */
export function extraPiece(part: unknown[]): ExtraPiece | null {
  if (typeof part[1] === 'string') return null;
  const inline = part[2];
  if (Array.isArray(inline) && typeof inline[0] === 'string' && typeof inline[1] === 'string' && inline[1]) {
    const draft = part[12] === 1 || part[12] === true;
    return draft ? null : { kind: 'image', mimeType: inline[0], data: inline[1] };
  }
  const code = part[7];
  if (Array.isArray(code) && typeof code[1] === 'string')
    return { kind: 'code', language: code[0] === 1 ? 'python' : 'unspecified', code: code[1] };
  const result = part[8];
  if (Array.isArray(result) && (typeof result[1] === 'string' || typeof result[0] === 'number')) {
    const outcome = typeof result[0] === 'number' ? (OUTCOMES[result[0]] ?? 'unspecified') : 'unspecified';
    return { kind: 'code_result', outcome, output: typeof result[1] === 'string' ? result[1] : '' };
  }
  return null;
}

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.trunc(v)) : 0);

/** candidate[7]: [entryPoint, chunks [[uri,title,text]…], supports [[seg],[idx],[conf]]…, retrieval, queries]. */
export function groundingOf(meta: unknown): GroundingFind | null {
  if (!Array.isArray(meta)) return null;
  const sources = arr(meta[1]).flatMap((chunk) => {
    const web = arr(arr(chunk)[0]);
    return typeof web[0] === 'string' && web[0]
      ? [{ uri: web[0], title: typeof web[1] === 'string' ? web[1] : '' }]
      : [];
  });
  const supports = arr(meta[2]).flatMap((s) => {
    const [segment, indices] = arr(s);
    const seg = arr(segment);
    const idx = arr(indices).filter((i): i is number => Number.isInteger(i) && (i as number) >= 0);
    if (idx.length === 0) return [];
    return [{ start: int(seg[1]), end: int(seg[2]), text: typeof seg[3] === 'string' ? seg[3] : '', sources: idx }];
  });
  const queries = [...arr(meta[4]), ...arr(meta[5])].filter((q): q is string => typeof q === 'string');
  if (sources.length === 0 && queries.length === 0) return null;
  return { kind: 'grounding', queries: [...new Set(queries)], sources, supports };
}
