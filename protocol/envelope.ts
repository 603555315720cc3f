import { z } from 'zod';
import { MessageSchemas, type MessageData, type MessageType } from './messages.ts';

const RawEnvelope = z.object({ id: z.string().min(1), type: z.string().min(1), data: z.unknown() });

export type Envelope<T extends MessageType = MessageType> = { [K in T]: { id: string; type: K; data: MessageData<K> } }[T];

export type ParseResult = { ok: true; message: Envelope } | { ok: false; error: string };

/** Parse one WebSocket frame (or runtime message) into a typed envelope; never throws. */
export function parseEnvelope(raw: string | unknown): ParseResult {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, error: 'frame is not JSON' };
    }
  }
  const env = RawEnvelope.safeParse(value);
  if (!env.success) return { ok: false, error: 'frame is not an {id,type,data} envelope' };
  const { id, type, data } = env.data;
  if (!Object.hasOwn(MessageSchemas, type)) return { ok: false, error: `unknown message type "${type}"` };
  const schema = MessageSchemas[type as MessageType];
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `bad "${type}" data at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, message: { id, type, data: parsed.data } as Envelope };
}

let counter = 0;
/** Build an envelope; ids only need to be unique per connection, for logs and correlation. */
export function envelope<T extends MessageType>(type: T, data: MessageData<T>, id?: string): Envelope<T> {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return { id: id ?? `${Date.now().toString(36)}-${counter.toString(36)}`, type, data } as Envelope<T>;
}

export const encode = <T extends MessageType>(type: T, data: MessageData<T>): string => JSON.stringify(envelope(type, data));
