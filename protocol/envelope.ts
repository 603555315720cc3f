import { createChannel, type ChannelParseResult, type EnvelopeOf } from './channel.ts';
import { MessageSchemas, type MessageData, type MessageType } from './messages.ts';

/** The bridge ⇄ extension WebSocket channel (one JSON envelope per text frame). */
const bridgeChannel = createChannel(MessageSchemas);

export type Envelope<T extends MessageType = MessageType> = EnvelopeOf<typeof MessageSchemas, T>;

export type ParseResult = ChannelParseResult<typeof MessageSchemas>;

/** Parse one WebSocket frame (JSON text) or an already decoded value into a typed envelope; never throws. */
export function parseEnvelope(raw: unknown): ParseResult {
  return typeof raw === 'string' ? bridgeChannel.decode(raw) : bridgeChannel.parse(raw);
}

export const newEnvelopeId = (): string => bridgeChannel.newId();

export const encode = <T extends MessageType>(type: T, data: MessageData<T>): string =>
  bridgeChannel.encode(type, data);
