// Streams one planned answer over a chunked HTTP response in the wire format of wire/response.ts:
// paced network chunks, sometimes two records in one chunk, sometimes a record split across two,
// with the failure modes of the scenarios (socket destroyed mid-stream, stall until the client aborts).

import type { ServerResponse } from 'node:http';
import type { RunLog, RunRecord } from './runs.ts';
import type { WireRecord } from './wire-records.ts';
import { BODY_CLOSE, BODY_OPEN, BODY_SEPARATOR } from './wire/response.ts';

export interface StreamTiming {
  firstDelayMs: number;
  intervalMs: number;
  /** Destroy the socket once this many records went out. */
  failAfter: number | null;
  /** Stop writing (keep the response open) once this many records went out. */
  stallAfter: number | null;
}

const FAIL_GRACE_MS = 300;

interface NetChunk {
  bytes: Buffer;
  completes: WireRecord[];
}

/** Deterministic grouping: every 4th record (from the 3rd) shares a chunk with the next, every 5th (from the 4th) is split in two. */
function netChunks(recs: WireRecord[], limit: number | null): NetChunk[] {
  const seg = (i: number): string => (i === 0 ? BODY_OPEN : BODY_SEPARATOR) + (recs[i]?.json ?? '');
  const out: NetChunk[] = [];
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i] as WireRecord;
    const bytes = Buffer.from(seg(i));
    if (i % 5 === 3 && bytes.length > 8) {
      const mid = Math.floor(bytes.length / 2);
      out.push({ bytes: bytes.subarray(0, mid), completes: [] }, { bytes: bytes.subarray(mid), completes: [rec] });
    } else if (i % 4 === 2 && i + 1 < recs.length && (limit === null || i + 2 <= limit)) {
      out.push({ bytes: Buffer.concat([bytes, Buffer.from(seg(i + 1))]), completes: [rec, recs[i + 1] as WireRecord] });
      i++;
    } else {
      out.push({ bytes, completes: [rec] });
    }
  }
  const last = out.at(-1);
  if (last) last.bytes = Buffer.concat([last.bytes, Buffer.from(BODY_CLOSE)]);
  return out;
}

export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves once the bytes are handed to the socket, so a later failure cannot swallow them. */
function write(res: ServerResponse, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    res.write(bytes, () => resolve());
  });
}

/** Cuts the connection mid-body: the client gets the bytes so far, then an incomplete chunked body. */
function cut(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  socket.end();
  setTimeout(() => socket.destroy(), 500).unref();
}

export async function streamAnswer(
  res: ServerResponse,
  recs: WireRecord[],
  run: RunRecord,
  log: RunLog,
  timing: StreamTiming,
  headers: Record<string, string>,
  closing: AbortSignal,
): Promise<void> {
  const life = new AbortController();
  const onClosing = (): void => life.abort();
  closing.addEventListener('abort', onClosing, { once: true });
  res.on('close', () => {
    life.abort();
    closing.removeEventListener('abort', onClosing);
    // The client (Stop, navigation, tab close) went away before the body was complete.
    if (!res.writableFinished) log.finish(run, 'aborted');
  });

  res.writeHead(200, {
    ...headers,
    'Content-Type': 'application/json+protobuf; charset=UTF-8',
    'Cache-Control': 'no-cache, no-store',
  });
  res.flushHeaders();
  res.socket?.setNoDelay(true);

  const limit = timing.failAfter ?? timing.stallAfter;
  const chunks = netChunks(recs, limit);
  let sentRecords = 0;
  for (let i = 0; i < chunks.length; i++) {
    if (!(await sleep(i === 0 ? timing.firstDelayMs : timing.intervalMs, life.signal))) return;
    if (timing.failAfter !== null && sentRecords >= timing.failAfter) {
      // Browsers throttle XHR progress (~50 ms) and drop undelivered text on a network error; a
      // pause before the cut lets the page see everything recorded as sent.
      if (!(await sleep(Math.max(0, FAIL_GRACE_MS - timing.intervalMs), life.signal))) return;
      log.finish(run, 'failed');
      cut(res);
      return;
    }
    if (timing.stallAfter !== null && sentRecords >= timing.stallAfter) {
      // Hold the response open until the client (or the sim's close) gives up on it.
      await new Promise<void>((resolve) => {
        if (life.signal.aborted) resolve();
        else life.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      return;
    }
    const chunk = chunks[i] as NetChunk;
    await write(res, chunk.bytes);
    const now = Date.now();
    run.firstChunkAt ??= now;
    run.chunkTimes.push(now);
    for (const r of chunk.completes) {
      sentRecords++;
      if (r.text) run.sentAnswer += r.text;
      if (r.thought) run.sentThoughts += r.thought;
    }
    log.touch();
  }
  res.end(() => log.finish(run, 'completed'));
}
