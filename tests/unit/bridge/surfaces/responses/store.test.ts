import { describe, expect, it } from 'vitest';
import type { Timers } from '../../../../../bridge/timers.ts';
import {
  RESPONSE_STORE_LIMITS,
  ResponseStore,
  type StoredResponse,
} from '../../../../../bridge/surfaces/responses/store.ts';

const clock = () => {
  let now = 0;
  const timers: Timers = { now: () => now, setTimeout: () => 0, clearTimeout: () => {} };
  return { timers, advance: (ms: number) => (now += ms) };
};
const entry = (id: string): StoredResponse => ({
  id,
  body: { id },
  conversation: [],
  items: new Map([[`msg_${id}`, { id: `msg_${id}`, type: 'message' }]]),
});

describe('ResponseStore (previous_response_id, item_reference, GET)', () => {
  it('documents 200 responses for one hour, 128 MiB in all', () => {
    expect(RESPONSE_STORE_LIMITS).toEqual({ maxResponses: 200, ttlMs: 3_600_000, maxBytes: 128 * 1024 * 1024 });
  });

  it('evicts the oldest responses when their JSON exceeds the byte budget, and never keeps one larger than it', () => {
    const { timers } = clock();
    const store = new ResponseStore(timers, { maxResponses: 10, ttlMs: 1000, maxBytes: 300 });
    const big = (id: string): StoredResponse => ({
      ...entry(id),
      conversation: [{ role: 'user', content: 'x'.repeat(100) }],
    });
    for (const id of ['a', 'b', 'c']) store.put(big(id));
    expect(store.get('a')).toBeNull();
    expect(store.get('b')?.id).toBe('b');
    expect(store.get('c')?.id).toBe('c');
    store.put({ ...entry('huge'), conversation: [{ role: 'user', content: 'x'.repeat(400) }] });
    expect(store.get('huge')).toBeNull();
    expect(store.get('c')?.id).toBe('c');
  });

  it('keeps only the newest responses, with their items', () => {
    const { timers } = clock();
    const store = new ResponseStore(timers, { maxResponses: 2, ttlMs: 1000, maxBytes: 1e9 });
    for (const id of ['a', 'b', 'c']) store.put(entry(id));
    expect(store.get('a')).toBeNull();
    expect(store.item('msg_a')).toBeNull();
    expect(store.get('c')?.id).toBe('c');
    expect(store.item('msg_b')).toEqual({ id: 'msg_b', type: 'message' });
  });

  it('forgets a response and its items after its lifetime, and on delete', () => {
    const { timers, advance } = clock();
    const store = new ResponseStore(timers, { maxResponses: 10, ttlMs: 1000, maxBytes: 1e9 });
    store.put(entry('a'));
    advance(600);
    store.put(entry('b'));
    advance(500);
    expect(store.get('a')).toBeNull();
    expect(store.item('msg_a')).toBeNull();
    expect(store.get('b')?.id).toBe('b');
    expect(store.delete('b')).toBe(true);
    expect(store.item('msg_b')).toBeNull();
    expect(store.delete('b')).toBe(false);
  });
});
