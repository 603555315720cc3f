import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { encode, parseEnvelope } from '../../../../protocol/envelope.ts';
import type { MessageData, MessageType } from '../../../../protocol/messages.ts';
import { PROTOCOL_VERSION } from '../../../../protocol/version.ts';
import type { ConnectionDeps } from '../../../../bridge/link/connection.ts';
import { proofFor } from '../../../../bridge/link/proof.ts';
import type { Logger } from '../../../../bridge/logger.ts';
import { ModelRegistry } from '../../../../bridge/models/registry.ts';
import { JobPool } from '../../../../bridge/pool/pool.ts';
import type { JobEnd, JobSink, ProgressEvent } from '../../../../bridge/pool/types.ts';
import { ManualTimers } from '../fake-timers.ts';

export const TOKEN = 'unit-pairing-token-0123456789';

/**
 * A `ws` socket as ExtensionConnection uses it, driven by hand: frames go in with `frame()`, what
 * the connection sent, how it closed and whether it paused reading are recorded. Closing (by either
 * side) emits 'close' at once, like ws does once the closing handshake ends.
 */
export class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  isPaused = false;
  readonly raw: string[] = [];
  readonly closes: Array<{ code: number; reason: string }> = [];
  terminated = 0;
  pauses = 0;
  resumes = 0;

  send(text: string): void {
    this.raw.push(text);
  }

  close(code: number, reason: string): void {
    this.closes.push({ code, reason });
    this.peerClosed();
  }

  terminate(): void {
    this.terminated++;
    this.peerClosed();
  }

  /** the extension went away (or the close handshake ended) */
  peerClosed(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.emit('close');
  }

  pause(): void {
    this.isPaused = true;
    this.pauses++;
  }

  resume(): void {
    this.isPaused = false;
    this.resumes++;
  }

  frame<T extends MessageType>(type: T, data: MessageData<T>): void {
    this.text(encode(type, data));
  }

  /**
   * The extension's side of the handshake: hello (with `extra`), then a proof of `token` over both
   * nonces once the bridge answered with its challenge (none: the bridge closed instead).
   */
  pair(extra: Partial<MessageData<'hello'>> = {}, proof: { token?: string; account?: string } = {}): void {
    const greeting = hello(extra);
    this.frame('hello', greeting);
    const challenge = this.sentOf('challenge').at(-1);
    if (!challenge) return;
    this.frame('proof', {
      proof: proofFor(proof.token ?? TOKEN, 'extension', [greeting.nonce!, challenge.nonce]),
      ...(proof.account === undefined ? {} : { account: proof.account }),
    });
  }

  text(text: string, isBinary = false): void {
    this.emit('message', Buffer.from(text), isBinary);
  }

  /** what the connection sent, decoded (a frame that does not parse fails the test) */
  get sent(): Array<{ type: string; data: unknown }> {
    return this.raw.map((text) => {
      const parsed = parseEnvelope(text);
      if (!parsed.ok) throw new Error(`the connection sent a bad frame: ${parsed.error}`);
      return { type: parsed.message.type, data: parsed.message.data };
    });
  }

  sentOf<T extends MessageType>(type: T): Array<MessageData<T>> {
    return this.sent.filter((f) => f.type === type).map((f) => f.data as MessageData<T>);
  }

  asWebSocket(): WebSocket {
    return this as unknown as WebSocket;
  }
}

export type LogLine = [level: keyof Logger, message: string, fields?: Record<string, unknown>];

/** A logger that keeps every line (the log is what the person running the bridge sees). */
function recordingLogger(): Logger & { lines: LogLine[]; of(level: keyof Logger): LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: keyof Logger) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(fields === undefined ? [level, message] : [level, message, fields]);
  };
  return {
    lines,
    of: (level) => lines.filter((l) => l[0] === level),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

/** Real pool and model registry on a manual clock, as the link server hands them to connections. */
export function linkDeps(overrides: Partial<ConnectionDeps> = {}) {
  const timers = new ManualTimers();
  const logger = recordingLogger();
  const pool = new JobPool({
    timeouts: { firstTokenMs: 60_000, idleMs: 60_000, totalMs: 600_000, queueWaitMs: 60_000 },
    maxQueue: 10,
    timers,
    logger,
  });
  const models = new ModelRegistry({});
  const deps = { token: TOKEN, pool, models, logger, timers, heartbeatMs: 1000, ...overrides };
  return { ...deps, timers, logger, deps };
}

/** a protocol-2 hello: a nonce, never the token */
export const hello = (extra: Partial<MessageData<'hello'>> = {}): MessageData<'hello'> => ({
  protocolVersion: PROTOCOL_VERSION,
  nonce: EXTENSION_NONCE,
  extensionVersion: '1.0.0',
  ...extra,
});
export const EXTENSION_NONCE = 'e'.repeat(43);

export class Sink implements JobSink {
  readonly events: ProgressEvent[] = [];
  readonly ends: JobEnd[] = [];
  onEvent(event: ProgressEvent): void {
    this.events.push(event);
  }
  onEnd(end: JobEnd): void {
    this.ends.push(end);
  }
}
