import { envelope, parseEnvelope, type Envelope, type ParseResult } from '../../protocol/envelope.ts';

/**
 * Parses one frame from the extension. Text deltas are most of the traffic (one frame per chunk
 * while a job streams), so their exact shape is checked by hand and the zod schema is skipped;
 * every other frame, and any text frame that does not match exactly, goes through parseEnvelope.
 */
export function parseFrame(raw: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'frame is not JSON' };
  }
  const fast = asTextEvent(value);
  return fast ? { ok: true, message: fast } : parseEnvelope(value);
}

function asTextEvent(value: unknown): Envelope<'job.event'> | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, type, data } = value as { id?: unknown; type?: unknown; data?: unknown };
  if (type !== 'job.event' || typeof id !== 'string' || id.length === 0 || typeof data !== 'object' || data === null)
    return null;
  const { jobId, event } = data as { jobId?: unknown; event?: unknown };
  if (typeof jobId !== 'string' || typeof event !== 'object' || event === null) return null;
  const { kind, text } = event as { kind?: unknown; text?: unknown };
  if ((kind !== 'text' && kind !== 'thought') || typeof text !== 'string') return null;
  return { id, type: 'job.event', data: { jobId, event: { kind, text } } };
}

/**
 * The `job.start` frame around a request serialised at admission (http/admission.ts): user data
 * is never stringified again on dispatch, which may run inside a WebSocket handler or a timer.
 */
export function jobStartFrame(jobId: string, tabId: string, requestJson: string): string {
  const { id } = envelope('job.start', { jobId, tabId, request: null as never });
  return `{"id":${JSON.stringify(id)},"type":"job.start","data":{"jobId":${JSON.stringify(jobId)},"tabId":${JSON.stringify(tabId)},"request":${requestJson}}}`;
}
