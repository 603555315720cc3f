import type { ServerResponse } from 'node:http';
import { errorBody, type ApiError } from '../errors.ts';
import type { Timers } from '../timers.ts';
import { StreamWriter } from './stream-writer.ts';
import type { WriteGuard } from './write-guard.ts';

/**
 * OpenAI's SSE framing over the shared StreamWriter (headers, single writes, `: keep-alive`
 * heartbeats, idempotent end):
 *
 * - Every event is written whole (`data: …\n\n`), so readers that split network chunks on
 *   newlines (the documented Node `fetch` example) see complete lines.
 * - `done` and `fail` end the response; both are idempotent and do nothing once the client left.
 */
export class SseWriter {
  private readonly stream: StreamWriter;

  constructor(res: ServerResponse, timers: Timers, heartbeatMs: number, guard?: WriteGuard) {
    this.stream = new StreamWriter(
      res,
      timers,
      heartbeatMs,
      { contentType: 'text/event-stream; charset=utf-8', heartbeat: ': keep-alive\n\n' },
      guard,
    );
  }

  get isOpen(): boolean {
    return this.stream.isOpen;
  }

  get isEnded(): boolean {
    return this.stream.isEnded;
  }

  open(): void {
    this.stream.open();
  }

  /** `json` is one serialised object; written as one `data:` event. */
  data(json: string): void {
    this.stream.write(`data: ${json}\n\n`);
  }

  /**
   * One `data:` event written in pieces, whose concatenation is one serialised object: a
   * generated image's base64 goes out as the string it arrived as, never copied into a bigger one.
   */
  dataPieces(pieces: readonly string[]): void {
    this.stream.write('data: ');
    for (const piece of pieces) this.stream.write(piece);
    this.stream.write('\n\n');
  }

  /** A named event (`event: …` + `data: …`), as the Responses API streams them. */
  event(name: string, json: string): void {
    this.stream.write(`event: ${name}\ndata: ${json}\n\n`);
  }

  /** Ends the stream after `last` (already framed), for surfaces whose stream has no [DONE]. */
  end(last = ''): void {
    this.stream.end(last);
  }

  done(): void {
    this.stream.end('data: [DONE]\n\n');
  }

  /** A failure after the stream began: an OpenAI error object the SDKs raise, then [DONE]. */
  fail(error: ApiError): void {
    this.stream.end(`data: ${JSON.stringify(errorBody(error))}\n\ndata: [DONE]\n\n`);
  }
}
