// Scenario keywords and the standalone (plain HTTP, same-origin) mode.

import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseKeyword } from '../../../sim/site/scenarios.ts';
import { startSim } from '../../../sim/site/server.ts';
import { RPC, decode, gen } from '../../../sim/launch/wire-client.ts';

describe('scenario keywords', () => {
  it('parses names, numbers, quoted text and JSON args, and rejects unknown keys', () => {
    expect(parseKeyword('hi [[sim:long chunks=12 intervalMs=5]] there')).toEqual({
      name: 'long',
      chunks: 12,
      intervalMs: 5,
    });
    expect(parseKeyword(`[[sim:function-call name=f args='{"a":[1,"b"]}']]`)).toEqual({
      name: 'function-call',
      functionName: 'f',
      functionArgs: { a: [1, 'b'] },
    });
    expect(parseKeyword('[[sim:text text="a b ] c"]]')).toEqual({ name: 'text', text: 'a b ] c' });
    expect(parseKeyword('no keyword')).toBeNull();
    expect(() => parseKeyword('[[sim:long pace=3]]')).toThrow(/pace/);
  });
});

describe('standalone mode', () => {
  it('serves page and RPC on one plain-HTTP loopback origin', async () => {
    const sim = await startSim({ standalone: true });
    try {
      expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/prompts/new_chat`);
      expect(sim.chromiumArgs).toEqual([]);
      const get = (path: string, body?: string): Promise<{ status: number; text: string }> =>
        new Promise((resolve, reject) => {
          const req = httpRequest(
            { host: '127.0.0.1', port: sim.port, path, method: body === undefined ? 'GET' : 'POST' },
            (res) => {
              let text = '';
              res.setEncoding('utf8');
              res.on('data', (s: string) => {
                text += s;
              });
              res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      const html = await get('/prompts/new_chat');
      expect(html.text).toContain('"rpcBase":""');
      const reply = await get(RPC + 'GenerateContent', gen('standalone hello'));
      expect(decode(reply.text).text).toBe(sim.runs[0]?.answer);
      expect(sim.runs[0]?.answer).toContain('standalone hello');
    } finally {
      await sim.close();
    }
  });
});
