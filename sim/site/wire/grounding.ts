// Grounding metadata (candidate[7]) for answers with Google Search or URL context on, in the
// layout Mag1cFall/AIStudio2API (its protocol write-up) (2026) records for the page's stream:
//   [0] search entry point [renderedContent, sdkBlob] · [1] chunks, each [web] with web = [uri, title, text]
//   [2] supports, each [[partIndex, startIndex, endIndex, text], [chunkIndex…], [confidence…]]
//   [3] retrieval metadata [null, score] · [4] web search queries
// Offsets are UTF-8 byte offsets into the answer text, as in the public Gemini API.

export interface Source {
  uri: string;
  title: string;
}
export interface Support {
  start: number;
  end: number;
  text: string;
  chunks: number[];
}
export interface Grounding {
  queries: string[];
  sources: Source[];
  supports: Support[];
}

const bytes = (s: string): number => new TextEncoder().encode(s).length;

/** Each sentence of the answer supported by one source, round robin. */
export function supportsFor(answer: string, sources: number): Support[] {
  if (sources === 0) return [];
  const out: Support[] = [];
  let at = 0;
  for (const m of answer.matchAll(/[^.!?]+[.!?]+/g)) {
    const text = m[0].trim();
    if (!text) continue;
    const startChar = answer.indexOf(text, at);
    at = startChar + text.length;
    const start = bytes(answer.slice(0, startChar));
    out.push({ start, end: start + bytes(text), text, chunks: [out.length % sources] });
  }
  return out;
}

export function encodeGrounding(g: Grounding): unknown[] {
  const chip = g.queries.map(
    (q) => `<a class="chip" href="https://www.google.com/search?q=${encodeURIComponent(q)}">${q}</a>`,
  );
  return [
    g.queries.length ? [`<div class="container">${chip.join('')}</div>`, 'c2ltLXNkay1ibG9i'] : null,
    g.sources.map((s) => [[s.uri, s.title, '']]),
    g.supports.map((s) => [[0, s.start, s.end, s.text], s.chunks, s.chunks.map(() => 0.9)]),
    [null, 0.9],
    g.queries.length ? g.queries : null,
  ];
}

export function decodeGrounding(raw: unknown): Grounding | null {
  if (!Array.isArray(raw)) return null;
  const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
  const sources = arr(raw[1]).map((c) => {
    const web = arr(arr(c)[0]);
    return { uri: String(web[0] ?? ''), title: String(web[1] ?? '') };
  });
  const supports = arr(raw[2]).map((s) => {
    const [seg, chunks] = arr(s);
    const [, start, end, text] = arr(seg);
    return {
      start: Number(start ?? 0),
      end: Number(end ?? 0),
      text: String(text ?? ''),
      chunks: arr(chunks).map(Number),
    };
  });
  return { queries: arr(raw[4]).map(String), sources, supports };
}
