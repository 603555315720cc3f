/** The bridge's dashboard API, with the API key (kept in this tab's session storage) as Bearer. */
const KEY = 'aistudio-bridge-key';

export class Unauthorized extends Error {}

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

export function authHeaders(): Record<string, string> {
  const key = storedKey();
  return key ? { authorization: `Bearer ${key}` } : {};
}

export async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(path, {
    ...init,
    headers: { ...authHeaders(), ...(init.headers as Record<string, string>) },
  });
  if (res.status === 401) throw new Unauthorized();
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  }
  return res;
}

/** Reads a text/event-stream body: calls `onEvent` per event; resolves when the stream ends. */
export async function readEvents(
  res: Response,
  onEvent: (event: string, data: string) => void,
  signal: AbortSignal,
): Promise<void> {
  if (!res.body) return;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) onEvent(event, data.join('\n'));
    }
  }
}

/**
 * The live state: one long request to /dashboard/api/events, read with fetch (EventSource cannot
 * send the key header). Reconnects with a growing pause (1 s … 30 s) when the bridge restarts.
 */
export function followState(
  onState: (state: unknown) => void,
  onLink: (live: boolean) => void,
  onUnauthorized: () => void,
): () => void {
  const stop = new AbortController();
  void (async () => {
    let pause = 1000;
    while (!stop.signal.aborted) {
      try {
        const res = await api('/dashboard/api/events', { signal: stop.signal });
        onLink(true);
        pause = 1000;
        await readEvents(res, (event, data) => event === 'state' && onState(JSON.parse(data)), stop.signal);
      } catch (err) {
        if (err instanceof Unauthorized) return onUnauthorized();
      }
      if (stop.signal.aborted) return;
      onLink(false);
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 30_000);
    }
  })();
  return () => stop.abort();
}
