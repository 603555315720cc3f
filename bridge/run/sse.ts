import type { ServerResponse } from 'node:http';
import { errorBody, type ApiError } from '../errors.ts';
import type { Timers } from '../timers.ts';
import type { Pieces } from './json-pieces.ts';
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

  /**
   * `json` is one serialised object, written as one `data:` event. As pieces (run/json-pieces.ts)
   * it is an object with an image in it: the image's bytes go out as held, never copied into a
   * bigger string (base64 has no newline, so the event stays one line).
   */
  data(json: string | Pieces): void {
    if (typeof json === 'string') return this.stream.write(`data: ${json}\n\n`);
    this.writePieces('data: ', json);
  }

  /** A named event (`event: …` + `data: …`), as the Responses API streams them. */
  event(name: string, json: string | Pieces): void {
    if (typeof json === 'string') return this.stream.write(`event: ${name}\ndata: ${json}\n\n`);
    this.writePieces(`event: ${name}\ndata: `, json);
  }

  private writePieces(head: string, pieces: Pieces): void {
    this.stream.writeAll([head, ...pieces, '\n\n']);
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
