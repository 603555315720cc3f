import type { TapChannel } from './channel.ts';
import { callKey, classifyParts, createContentScanner, type WireFind } from './wire.ts';

/**
 * One observed GenerateContent request: turns the growing response text into records.
 * Feeding is idempotent and every request ends with exactly one `rpc.done` or `rpc.error`.
 */
export interface RpcReporter {
  /** the whole response text received so far (XHR responseText) */
  feedAll(fullText: string): void;
  /** a newly received piece of text (fetch stream) */
  feed(chunk: string): void;
  /** the body ended; `status` decides between done and error */
  finish(status: number, statusText: string, body: string): void;
  fail(message: string, aborted: boolean): void;
}

let lastRpc = 0;

export function startRpc(channel: TapChannel, url: string): RpcReporter {
  const rpc = ++lastRpc;
  const scanner = createContentScanner();
  const seenCalls = new Set<string>();
  let ended = false;
  channel.send({ t: 'rpc.start', rpc, url, at: Date.now() });

  const report = (finds: WireFind[]): void => {
    for (const find of finds) {
      if (ended) return; // an in-body error ended the request: nothing after it counts
      if (find.kind === 'finish') {
        channel.send({ t: 'rpc.finish', rpc, reason: find.reason });
        continue;
      }
      if (find.kind === 'blocked') {
        channel.send({
          t: 'rpc.blocked',
          rpc,
          reason: find.reason,
          ...(find.message ? { message: find.message } : {}),
        });
        continue;
      }
      if (find.kind === 'error') {
        // A gRPC status inside a 200 body: the request failed although HTTP said OK.
        fail(find.message, false, null, find.code);
        continue;
      }
      if (find.kind === 'grounding') {
        const { kind: _kind, ...grounding } = find;
        channel.send({ t: 'rpc.grounding', rpc, ...grounding });
        continue;
      }
      if (find.kind === 'usage') {
        const { kind: _kind, ...usage } = find;
        channel.send({ t: 'rpc.usage', rpc, ...usage });
        continue;
      }
      for (const piece of classifyParts(find.content)) {
        if (piece.kind === 'call') {
          // The same call is repeated across chunks (docs/aistudio-wire.md#function-call-arguments): report it once.
          const key = callKey(piece);
          if (seenCalls.has(key)) continue;
          seenCalls.add(key);
          channel.send({ t: 'rpc.call', rpc, name: piece.name, args: JSON.stringify(piece.args) });
        } else if (piece.kind === 'image') {
          channel.send({ t: 'rpc.image', rpc, mimeType: piece.mimeType, data: piece.data });
        } else if (piece.kind === 'code') {
          channel.send({ t: 'rpc.code', rpc, language: piece.language, code: piece.code });
        } else if (piece.kind === 'code_result') {
          channel.send({ t: 'rpc.code_result', rpc, outcome: piece.outcome, output: piece.output });
        } else {
          channel.send({ t: piece.kind === 'text' ? 'rpc.text' : 'rpc.thought', rpc, text: piece.text });
        }
      }
    }
  };

  const fail = (message: string, aborted: boolean, status: number | null, code: number | null = null): void => {
    if (ended) return;
    ended = true;
    const quota = code === 8 || status === 429 || (code === null && /quota|RESOURCE_EXHAUSTED/i.test(message));
    channel.send({ t: 'rpc.error', rpc, status, code, message, quota, aborted });
  };

  return {
    feedAll(fullText) {
      if (!ended) report(scanner.pushAll(fullText));
    },
    feed(chunk) {
      if (!ended) report(scanner.push(chunk));
    },
    finish(status, statusText, body) {
      if (ended) return;
      if (status >= 400) return fail(httpMessage(status, statusText, body), false, status);
      report(scanner.end());
      if (ended) return;
      ended = true;
      channel.send({ t: 'rpc.done', rpc });
    },
    fail: (message, aborted) => fail(message, aborted, null),
  };
}

/** "429 Too Many Requests: <server message>" — the server's own words when it sent some. */
function httpMessage(status: number, statusText: string, body: string): string {
  const head = `${status}${statusText ? ` ${statusText}` : ''}`;
  const detail = serverMessage(body);
  return detail ? `${head}: ${detail}` : head;
}

function serverMessage(body: string): string {
  const text = body.replace(/^\s*\)\]\}'\s*/, '').trim();
  if (!text) return '';
  try {
    const parsed: unknown = JSON.parse(text);
    const found = firstString(parsed, 0);
    if (found) return found.slice(0, 500);
  } catch {
    // not JSON: use the raw text
  }
  return text.slice(0, 500);
}

/** Google RPC errors are `[code, "message", …]` or `{error:{message}}`; take the first string. */
function firstString(value: unknown, depth: number): string | null {
  if (depth > 6) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const s = firstString(item, depth + 1);
      if (s) return s;
    }
  } else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return firstString(obj.error ?? obj.message ?? Object.values(obj), depth + 1);
  }
  return null;
}
