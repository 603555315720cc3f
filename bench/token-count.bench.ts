/**
 * Token count latency on the demo path: official client → bridge → Chromium with the built
 * extension → simulated AI Studio page. A first count types the prompt into a fresh chat and
 * waits for the page's own CountTokens answer (the page debounces its count, ~0.4 s in the sim);
 * asking again for the same prompt is answered from the bridge's content-hash cache.
 */
import { startStack } from '../sim/launch/stack.ts';

const N = Number(process.env.BENCH_COUNT_N ?? 10);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function run(): Promise<Record<string, string | number>> {
  const stack = await startStack();
  try {
    const count = async (text: string): Promise<{ ms: number; source: string | null }> => {
      const sentAt = performance.now();
      const res = await fetch(`${stack.baseURL}/responses/input_tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gemini-2.5-flash', input: text }),
      });
      if (res.status !== 200) throw new Error(`count answered ${res.status}: ${await res.text()}`);
      await res.json();
      return { ms: performance.now() - sentAt, source: res.headers.get('x-bridge-token-count') };
    };
    // Warm-up: the first job may switch the model (a page reload).
    await count('warm up the worker tab');
    const first: number[] = [];
    const cached: number[] = [];
    for (let i = 0; i < N; i++) {
      const text = `Count the words of bench prompt number ${i}, please.`;
      const a = await count(text);
      if (a.source !== 'page') throw new Error(`count ${i} was not the page's: ${a.source}`);
      first.push(a.ms);
      cached.push((await count(text)).ms);
    }
    return {
      'first count, median (ms)': median(first),
      'first count, max (ms)': Math.max(...first),
      'cached count, median (ms)': median(cached),
      'cached count, max (ms)': Math.max(...cached),
      counts: N,
    };
  } finally {
    await stack.close();
  }
}
