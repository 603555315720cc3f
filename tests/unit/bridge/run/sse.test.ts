import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { GatewayTimeoutError } from '../../../../bridge/errors.ts';
import { SseWriter } from '../../../../bridge/run/sse.ts';
import { ManualTimers } from '../fake-timers.ts';

/** Records every write as the socket would see it. */
class FakeResponse extends EventEmitter {
  writes: string[] = [];
  status = 0;
  headers: Record<string, string> = {};
  ended = false;
  socket = { setNoDelay: (on: boolean) => (this.noDelay = on) };
  noDelay = false;
  writeHead(status: number, headers: Record<string, string>) {
    this.status = status;
    this.headers = headers;
    return this;
  }
  flushHeaders() {}
  write(text: string) {
    this.writes.push(text);
    return true;
  }
  end(text?: string) {
    if (text) this.writes.push(text);
    this.ended = true;
    this.emit('close');
  }
}

function setup(heartbeatMs = 1000) {
  const res = new FakeResponse();
  const timers = new ManualTimers();
  const sse = new SseWriter(res as unknown as ServerResponse, timers, heartbeatMs);
  return { res, timers, sse };
}

describe('SseWriter', () => {
  it('sends headers once and each event in a single write', () => {
    const { res, sse } = setup();
    sse.data('{"a":1}');
    sse.data('{"b":"x\\ny"}');
    sse.done();
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'x-accel-buffering': 'no',
    });
    expect(res.headers['cache-control']).toContain('no-cache');
    expect(res.noDelay).toBe(true);
    expect(res.writes).toEqual(['data: {"a":1}\n\n', 'data: {"b":"x\\ny"}\n\n', 'data: [DONE]\n\n']);
    expect(res.ended).toBe(true);
  });

  it('writes keep-alive comments only while nothing else was written', () => {
    const { res, sse, timers } = setup(1000);
    sse.open();
    timers.advance(1000);
    expect(res.writes).toEqual([': keep-alive\n\n']);
    timers.advance(500);
    sse.data('{}');
    timers.advance(900);
    expect(res.writes).toHaveLength(2);
    timers.advance(100);
    expect(res.writes[2]).toBe(': keep-alive\n\n');
    sse.done();
    expect(timers.size).toBe(0);
  });

  it('ends with an OpenAI error object and [DONE] after a failure, and ignores writes afterwards', () => {
    const { res, sse } = setup();
    sse.data('{}');
    sse.fail(new GatewayTimeoutError('too slow'));
    sse.data('{"late":true}');
    sse.done();
    expect(res.writes.slice(1)).toEqual([
      `data: {"error":{"message":"too slow","type":"timeout","param":null,"code":"upstream_timeout"}}\n\ndata: [DONE]\n\n`,
    ]);
  });

  it('stops the heartbeat when the client disconnects', () => {
    const { res, sse, timers } = setup();
    sse.open();
    res.emit('close');
    expect(sse.isEnded).toBe(true);
    timers.advance(5000);
    expect(res.writes).toEqual([]);
  });
});
