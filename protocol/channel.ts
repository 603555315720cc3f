import { z } from 'zod';

/**
 * One message channel = one map of `type → zod schema for data`. Both channels of the product (the
 * bridge WebSocket, protocol/messages.ts, and the worker ⇄ content-script Port, protocol/content.ts)
 * carry the same `{id, type, data}` envelope and are parsed, built and numbered here, so the two
 * ends of each channel cannot drift apart.
 */
export type SchemaMap = Readonly<Record<string, z.ZodType>>;

/** The typed envelope of one message type `T` of schema map `S` (a union when `T` is a union). */
export type EnvelopeOf<S extends SchemaMap, T extends keyof S = keyof S> = {
  [K in T]: { id: string; type: K; data: z.infer<S[K]> };
}[T];

export type ChannelParseResult<S extends SchemaMap> =
  { ok: true; message: EnvelopeOf<S> } | { ok: false; error: string };

export interface Channel<S extends SchemaMap> {
  readonly schemas: S;
  /** Parse one received value (a Port message, or an already JSON-decoded frame); never throws. */
  parse(value: unknown): ChannelParseResult<S>;
  /** Parse one JSON text frame (WebSocket); never throws. */
  decode(text: string): ChannelParseResult<S>;
  /** Build an envelope with a fresh id (or the given one). */
  envelope<T extends keyof S & string>(type: T, data: z.infer<S[T]>, id?: string): EnvelopeOf<S, T>;
  /** A fresh envelope id, for a frame spliced together by hand (the bridge's job.start). */
  newId(): string;
  /** envelope() as JSON text, for a WebSocket frame. */
  encode<T extends keyof S & string>(type: T, data: z.infer<S[T]>): string;
}

const RawEnvelope = z.object({ id: z.string().min(1), type: z.string().min(1), data: z.unknown() });

/**
 * Ids only need to be unique per connection, for logs and correlation: a per-channel counter
 * behind a time prefix (so ids of a restarted service worker do not repeat the previous ones).
 */
function idMaker(now: () => number): () => string {
  let counter = 0;
  return () => {
    counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
    return `${now().toString(36)}-${counter.toString(36)}`;
  };
}

export function createChannel<S extends SchemaMap>(schemas: S, now: () => number = Date.now): Channel<S> {
  const nextId = idMaker(now);
  const parse = (value: unknown): ChannelParseResult<S> => {
    const env = RawEnvelope.safeParse(value);
    if (!env.success) return { ok: false, error: 'not an {id,type,data} envelope' };
    const { id, type, data } = env.data;
    if (!Object.hasOwn(schemas, type)) return { ok: false, error: `unknown message type "${type}"` };
    const parsed = (schemas[type] as z.ZodType).safeParse(data);
    if (!parsed.success) {
      // the first problem is enough to fix a frame; a failed parse always has one
      const [first] = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      return { ok: false, error: `bad "${type}" data at ${first}` };
    }
    // Sound: `type` is a key of `schemas` and `data` passed that key's schema.
    return { ok: true, message: { id, type, data: parsed.data } as EnvelopeOf<S> };
  };
  const envelope = <T extends keyof S & string>(type: T, data: z.infer<S[T]>, id?: string): EnvelopeOf<S, T> =>
    ({ id: id ?? nextId(), type, data }) as EnvelopeOf<S, T>;
  return {
    schemas,
    parse,
    decode(text) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return { ok: false, error: 'frame is not JSON' };
      }
      return parse(value);
    },
    envelope,
    newId: nextId,
    encode: (type, data) => JSON.stringify(envelope(type, data)),
  };
}
