/**
 * What the bridge-level benchmarks share: one clock (comparable with the fake peer's timestamps),
 * one keep-alive HTTP agent, one percentile rule and one chat-completions client.
 */
import { Agent, request } from 'node:http';

export const now = (): number => performance.timeOrigin + performance.now();

export const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** The value at percentile `p` (0–100) of an ascending array; NaN when it is empty. */
export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * POSTs a chat request; with `onEvent`, calls it with each SSE data payload and its receive time.
 * Resolves with the body (empty when events were read) on 200, rejects with the status otherwise.
 */
export function postChat(url: string, body: object, onEvent?: (data: string, at: number) => void): Promise<string> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/chat/completions`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        res.setEncoding('utf8');
        let buffer = '';
        let whole = '';
        res.on('data', (text: string) => {
          if (!onEvent || res.statusCode !== 200) {
            whole += text;
            return;
          }
          const at = now();
          buffer += text;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            if (event.startsWith('data: ')) onEvent(event.slice(6), at);
          }
        });
        res.on('end', () =>
          res.statusCode === 200 ? resolve(whole) : reject(new Error(`HTTP ${res.statusCode}: ${whole.slice(0, 200)}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
