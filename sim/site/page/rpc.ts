// The page's own network calls, as the real page makes them: a credentialed, streaming XHR to
// MakerSuiteService/GenerateContent (read incrementally on `progress`) and ListModels on load.

import { ChunkStreamReader, decodeChunk, inBodyError, type DecodedChunk } from '../wire/response.ts';
import { parseListModels } from '../wire/models.ts';

const RPC_PATH = '/$rpc/google.internal.alkali.applications.makersuite.v1.MakerSuiteService/';

export type StreamEnd =
  | { kind: 'done' }
  | { kind: 'aborted' }
  | { kind: 'http-error'; status: number; message: string }
  | { kind: 'network-error' };

function open(base: string, method: string): XMLHttpRequest {
  const xhr = new XMLHttpRequest();
  xhr.open('POST', `${base}${RPC_PATH}${method}`);
  xhr.withCredentials = true;
  xhr.setRequestHeader('Content-Type', 'application/json+protobuf');
  xhr.setRequestHeader('X-User-Agent', 'grpc-web-javascript/0.1');
  return xhr;
}

export function listModels(base: string): Promise<ReturnType<typeof parseListModels>> {
  return new Promise((resolve) => {
    const xhr = open(base, 'ListModels');
    xhr.onload = () => resolve(xhr.status === 200 ? parseListModels(xhr.responseText) : []);
    xhr.onerror = () => resolve([]);
    xhr.send('[]');
  });
}

/** CountTokens, which the real page calls while you type; answered with `[totalTokens]`. */
export function countTokens(base: string, body: unknown): Promise<number | null> {
  return new Promise((resolve) => {
    const xhr = open(base, 'CountTokens');
    xhr.onload = () => {
      try {
        const v: unknown = JSON.parse(xhr.responseText);
        resolve(Array.isArray(v) && typeof v[0] === 'number' ? v[0] : null);
      } catch {
        resolve(null);
      }
    };
    xhr.onerror = () => resolve(null);
    xhr.send(JSON.stringify(body));
  });
}

function errorMessage(text: string): string {
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v) && typeof v[1] === 'string') return v[1];
  } catch {
    // Not json+protobuf: show the raw text.
  }
  return text.slice(0, 200);
}

/** Streams one run; `onChunk` sees every decoded record as soon as it is complete. */
export function generate(
  base: string,
  body: unknown,
  onChunk: (c: DecodedChunk) => void,
  signal: AbortSignal,
  pageId: string,
): Promise<StreamEnd> {
  return new Promise((resolve) => {
    const xhr = open(base, 'GenerateContent');
    // Sim-only: tells the simulator which tab (page load) sent the run.
    xhr.setRequestHeader('X-Sim-Page-Id', pageId);
    const reader = new ChunkStreamReader();
    let seen = 0;
    let settled = false;
    const end = (e: StreamEnd): void => {
      if (settled) return;
      settled = true;
      resolve(e);
    };
    const pump = (): void => {
      if (xhr.status !== 200) return;
      const text = xhr.responseText;
      const fresh = text.slice(seen);
      seen = text.length;
      for (const chunk of reader.feed(fresh)) onChunk(decodeChunk(chunk));
    };
    xhr.onprogress = pump;
    xhr.onload = () => {
      const rpcError = xhr.status === 200 ? inBodyError(xhr.responseText) : null;
      if (rpcError) {
        // 2026 wire: a gRPC status in a 200 body; shown like the HTTP error it stands for.
        const status = rpcError.code === 8 ? 429 : rpcError.code === 7 ? 403 : rpcError.code === 16 ? 401 : 400;
        end({ kind: 'http-error', status, message: rpcError.message });
      } else if (xhr.status === 200) {
        pump();
        end({ kind: 'done' });
      } else {
        end({ kind: 'http-error', status: xhr.status, message: errorMessage(xhr.responseText) });
      }
    };
    xhr.onerror = () => end({ kind: 'network-error' });
    xhr.onabort = () => end({ kind: 'aborted' });
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(JSON.stringify(body));
  });
}
