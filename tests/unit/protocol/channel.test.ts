import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createChannel } from '../../../protocol/channel.ts';
import { CloseCode, throttledReason, throttledSeconds } from '../../../protocol/close-codes.ts';
import { bareModelId, modelPath } from '../../../protocol/model-id.ts';

const channel = createChannel({ greet: z.object({ name: z.string().min(1) }), bye: z.object({}) }, () => 1_000);

describe('createChannel', () => {
  it('round-trips an envelope through encode and decode', () => {
    const text = channel.encode('greet', { name: 'Ada' });
    expect(channel.decode(text)).toEqual({
      ok: true,
      message: { id: expect.any(String), type: 'greet', data: { name: 'Ada' } },
    });
  });

  it('gives every envelope its own id', () => {
    const ids = new Set(Array.from({ length: 100 }, () => channel.envelope('bye', {}).id));
    expect(ids.size).toBe(100);
    expect(channel.envelope('bye', {}, 'mine').id).toBe('mine');
  });

  it('hands out ids for hand-built frames from the same sequence as envelopes', () => {
    const ids = [channel.newId(), channel.envelope('bye', {}).id, channel.newId()];
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^rs-[0-9a-z]+$/);
  });

  it('names what is wrong with a frame', () => {
    expect(channel.decode('{')).toEqual({ ok: false, error: 'frame is not JSON' });
    expect(channel.parse({ type: 'greet', data: {} })).toEqual({ ok: false, error: 'not an {id,type,data} envelope' });
    expect(channel.parse({ id: '1', type: 'shout', data: {} })).toEqual({
      ok: false,
      error: 'unknown message type "shout"',
    });
    // inherited object keys are not message types
    expect(channel.parse({ id: '1', type: 'toString', data: {} })).toEqual({
      ok: false,
      error: 'unknown message type "toString"',
    });
    expect(channel.parse({ id: '1', type: 'greet', data: { name: '' } })).toEqual({
      ok: false,
      error: 'bad "greet" data at name: Too small: expected string to have >=1 characters',
    });
    expect(channel.parse({ id: '1', type: 'greet', data: 5 })).toEqual({
      ok: false,
      error: 'bad "greet" data at (root): Invalid input: expected object, received number',
    });
    const nested = createChannel({ deep: z.object({ a: z.object({ b: z.array(z.string()) }) }) });
    expect(nested.parse({ id: '1', type: 'deep', data: { a: { b: ['x', 7] } } })).toEqual({
      ok: false,
      error: 'bad "deep" data at a.b.1: Invalid input: expected string, received number',
    });
  });
});

describe('model ids', () => {
  it('strips and adds the models/ prefix once', () => {
    expect(bareModelId('models/gemini-2.5-pro')).toBe('gemini-2.5-pro');
    expect(bareModelId('gemini-2.5-pro')).toBe('gemini-2.5-pro');
    expect(modelPath('gemini-2.5-pro')).toBe('models/gemini-2.5-pro');
    expect(modelPath('models/gemini-2.5-pro')).toBe('models/gemini-2.5-pro');
  });
});

describe('close codes', () => {
  it('are all listed in PROTOCOL.md, and no two share a number', () => {
    const doc = readFileSync(new URL('../../../protocol/PROTOCOL.md', import.meta.url), 'utf8');
    const codes = Object.values(CloseCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(doc, String(code)).toContain(String(code));
  });

  it('a throttled close carries its wait in a reason short enough for a close frame', () => {
    expect(throttledReason(300)).toBe('retry in 300 s: too many failed pairing attempts from this address');
    expect(Buffer.byteLength(throttledReason(999_999))).toBeLessThanOrEqual(123);
    expect(throttledSeconds(throttledReason(45))).toBe(45);
    // Only a reason that starts with the wait: not one that quotes it, nor a longer number.
    expect(throttledSeconds('closed: retry in 5 s')).toBeNull();
    expect(throttledSeconds('retry in 5s')).toBeNull();
    expect(throttledSeconds('retry in 1234567 s')).toBeNull();
    expect(throttledSeconds('')).toBeNull();
  });
});
