import { describe, expect, it } from 'vitest';
import { parseFrame } from '../../../bridge/link/frames.ts';
import { parseEnvelope } from '../../../protocol/envelope.ts';

// The link's fast path for text deltas must accept exactly what the schema accepts and return the
// same message: anything it lets through without the schema reaches the pool unchecked.
const frames: unknown[] = [
  { id: 'a', type: 'job.event', data: { jobId: 'j', event: { kind: 'text', text: 'hi' } } },
  { id: 'a', type: 'job.event', data: { jobId: 'j', event: { kind: 'thought', text: '' } } },
  { id: 'a', type: 'job.event', data: { jobId: 'j', event: { kind: 'text', text: 'hi', extra: 1 } } },
  { id: 'a', type: 'job.event', data: { jobId: 'j', event: { kind: 'text', text: 5 } } },
  { id: 'a', type: 'job.event', data: { jobId: 'j', event: { kind: 'call', text: 'x' } } },
  { id: 'a', type: 'job.event', data: { jobId: 'j', event: null } },
  { id: 'a', type: 'job.event', data: { jobId: 'j', event: 'text' } },
  { id: 'a', type: 'job.event', data: { jobId: 5, event: { kind: 'text', text: 'hi' } } },
  { id: 'a', type: 'job.event', data: null },
  { id: 'a', type: 'job.event', data: 'x' },
  { id: '', type: 'job.event', data: { jobId: 'j', event: { kind: 'text', text: 'hi' } } },
  { id: 5, type: 'job.event', data: { jobId: 'j', event: { kind: 'text', text: 'hi' } } },
  { id: 'a', type: 'ping', data: { t: 1 } },
  { id: 'a', type: 'ping', data: { t: 'x' } },
  { id: 'a', type: 'ping', data: { t: 1, jobId: 'j', event: { kind: 'text', text: 'hi' } } },
  null,
  'text',
  5,
];

describe('link frames', () => {
  it('parse exactly as the protocol schema does, fast path or not', () => {
    for (const frame of frames) {
      const raw = JSON.stringify(frame);
      const ours = parseFrame(raw);
      const schema = parseEnvelope(frame);
      expect(ours.ok, raw).toBe(schema.ok);
      if (ours.ok && schema.ok) expect(ours.message, raw).toEqual(schema.message);
    }
  });

  it('say when a frame is not JSON', () => {
    expect(parseFrame('{nope')).toEqual({ ok: false, error: 'frame is not JSON' });
  });
});
