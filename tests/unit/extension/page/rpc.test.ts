import { describe, expect, it } from 'vitest';
import type { TapChannel } from '../../../../extension/page/channel.ts';
import type { TapRecord } from '../../../../extension/page/records.ts';
import { startRpc } from '../../../../extension/page/rpc.ts';

function channel(): TapChannel & { records: TapRecord[] } {
  const records: TapRecord[] = [];
  return { records, send: (r) => records.push(r) };
}

const call = (city: string): unknown[] => [
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  null,
  ['get_weather', [[['city', [null, null, city]]]]],
];
const body = (...parts: unknown[]): string => JSON.stringify([parts.map((p) => [[[[[p], 'model']]]])]);

describe('GenerateContent reporter', () => {
  it('starts, streams text, de-duplicates calls repeated across chunks, and ends once', () => {
    const ch = channel();
    const rpc = startRpc(ch, 'https://x/GenerateContent');
    const full = body([null, 'Hi'], call('Paris'), call('Paris'), call('Rome'));
    rpc.feedAll(full.slice(0, full.length / 2));
    rpc.feedAll(full);
    rpc.finish(200, 'OK', '');
    rpc.finish(200, 'OK', '');
    rpc.fail('late', false);
    const kinds = ch.records.map((r) => r.t);
    expect(kinds).toEqual(['rpc.start', 'rpc.text', 'rpc.call', 'rpc.call', 'rpc.done']);
    expect(ch.records.filter((r) => r.t === 'rpc.call').map((r) => (r.t === 'rpc.call' ? r.args : ''))).toEqual([
      '{"city":"Paris"}',
      '{"city":"Rome"}',
    ]);
  });

  it('numbers requests so records of different runs never mix', () => {
    const ch = channel();
    const a = startRpc(ch, 'a');
    const b = startRpc(ch, 'b');
    const ids = ch.records.map((r) => (r.t === 'rpc.start' ? r.rpc : 0));
    expect(new Set(ids).size).toBe(2);
    a.fail('x', true);
    b.finish(200, '', '');
    expect(ch.records.slice(2)).toEqual([
      { t: 'rpc.error', rpc: ids[0], status: null, code: null, message: 'x', quota: false, aborted: true },
      { t: 'rpc.done', rpc: ids[1] },
    ]);
  });

  it('turns HTTP 429 into a quota error carrying the server message', () => {
    const ch = channel();
    startRpc(ch, 'u').finish(
      429,
      'Too Many Requests',
      JSON.stringify([8, 'Resource has been exhausted (e.g. check quota).']),
    );
    expect(ch.records[1]).toMatchObject({
      t: 'rpc.error',
      status: 429,
      quota: true,
      aborted: false,
      message: '429 Too Many Requests: Resource has been exhausted (e.g. check quota).',
    });
  });

  it('flags quota from the message even when the status is not 429', () => {
    const ch = channel();
    startRpc(ch, 'u').finish(400, '', ')]}\'\n{"error":{"message":"RESOURCE_EXHAUSTED"}}');
    expect(ch.records[1]).toMatchObject({
      t: 'rpc.error',
      status: 400,
      quota: true,
      message: '400: RESOURCE_EXHAUSTED',
    });
  });

  it('reports a plain server error without quota', () => {
    const ch = channel();
    startRpc(ch, 'u').finish(500, 'Internal Server Error', '');
    expect(ch.records[1]).toMatchObject({
      t: 'rpc.error',
      status: 500,
      quota: false,
      message: '500 Internal Server Error',
    });
  });
});
