// The simulated RPC on the wire, read by the independent decoder in wire-client.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type Sim } from '../../../sim/site/server.ts';
import { ORIGIN, ctrlFree, decode, gen, post } from '../../../sim/launch/wire-client.ts';

describe('simulated GenerateContent / ListModels wire', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('streams an echo answer that decodes to exactly the recorded answer, without role labels', async () => {
    const reply = await post(
      sim,
      'GenerateContent',
      gen('User: What is the capital of France?\nAssistant: Paris.\nUser: And of Italy?'),
    );
    const run = await sim.waitForOutcome(sim.runs.length - 1);
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(reply.headers['access-control-allow-credentials']).toBe('true');
    expect(run.outcome).toBe('completed');
    expect(decode(reply.body).text).toBe(run.answer);
    expect(run.answer).toContain('What is the capital of France? Paris. And of Italy?');
    expect(run.answer).not.toMatch(/\b(User|Assistant):/);
    expect(run.answer.split('. ').length).toBeGreaterThan(2);
    expect(JSON.parse(reply.body)).toBeInstanceOf(Array);
  });

  it('streams thoughts first, flagged at index 12 of a part longer than 2', async () => {
    const reply = await post(
      sim,
      'GenerateContent',
      gen('Explain tides [[sim:thinking thoughts="Moon pulls water. Earth rotates."]]'),
    );
    const run = await sim.waitForOutcome(sim.runs.length - 1);
    const d = decode(reply.body);
    expect(d.thoughts).toBe('Moon pulls water. Earth rotates.');
    expect(run.thoughts).toBe(d.thoughts);
    expect(d.text).toBe(run.answer);
    expect(d.thoughtParts.every((p) => p.length > 2 && p[12] === 1)).toBe(true);
    expect(reply.body.indexOf('Moon')).toBeLessThan(reply.body.indexOf('You said'));
  });

  it('sends a function call with typed args taken from the declared tool, repeated as the real stream does', async () => {
    const parameters = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        days: { type: 'integer' },
        flags: { type: 'array', items: { type: 'boolean' } },
        opts: { type: 'object', properties: { metric: { type: 'boolean' } } },
      },
    };
    const reply = await post(
      sim,
      'GenerateContent',
      gen('weather? [[sim:function-call]]', {
        tools: {
          googleSearch: false,
          urlContext: false,
          functionDeclarations: [{ name: 'lookup_weather', parameters }],
        },
      }),
    );
    const run = await sim.waitForOutcome(sim.runs.length - 1);
    const d = decode(reply.body);
    expect(d.calls).toHaveLength(2);
    expect(d.calls[0]).toEqual({
      name: 'lookup_weather',
      args: { city: 'Paris', days: 3, flags: [true], opts: { metric: true } },
    });
    expect(run.functionCalls).toEqual([d.calls[0]]);
    expect(run.request.tools.functionDeclarations?.[0]?.name).toBe('lookup_weather');
    expect(d.text).toBe('');
  });

  it('paces `long` records over time and splits some records across network chunks', async () => {
    const reply = await post(sim, 'GenerateContent', gen('[[sim:long chunks=20 intervalMs=30]]'));
    const run = await sim.waitForOutcome(sim.runs.length - 1);
    expect(decode(reply.body).text).toBe(run.answer);
    expect(run.answer).toMatch(/^Part 1 of 20\. .* Part 20 of 20\.$/);
    expect(reply.arrivals.length).toBeGreaterThanOrEqual(15);
    const first = reply.arrivals[0]?.at ?? 0;
    expect((reply.arrivals.at(-1)?.at ?? 0) - first).toBeGreaterThanOrEqual(400);
    // A chunk that ends inside a record: the text so far is not at a record boundary.
    expect(reply.arrivals.some((a) => !/(]|\n])$/.test(a.text))).toBe(true);
    expect(run.chunkTimes.length).toBe(reply.arrivals.length);
  });

  it('honours stop sequences, maxOutputTokens (finish 2 on the wire) and strips <ctrl> markers from the record', async () => {
    const stop = await post(
      sim,
      'GenerateContent',
      gen('[[sim:text text="alpha beta STOP gamma"]]', { stopSequences: ['STOP'] }),
    );
    expect(decode(stop.body).text).toBe('alpha beta ');
    expect(sim.runs.at(-1)?.answer).toBe('alpha beta ');

    const capped = await post(sim, 'GenerateContent', gen('[[sim:max-tokens words=50]]', { maxOutputTokens: 10 }));
    const run = await sim.waitForOutcome(sim.runs.length - 1);
    expect(decode(capped.body).text).toBe('word1 word2 word3 word4 word5 word6 word7 word8 word9 word10');
    expect(run.finishReason).toBe('length');
    expect(capped.body).toMatch(/"model"\],2]]/);

    // Records split across network chunks may cut a multi-byte character in two.
    const unicode = 'ünï 你好 🌍 ʕ•ᴥ•ʔ '.repeat(12).trim();
    const u = await post(sim, 'GenerateContent', gen(`[[sim:text text="${unicode}"]]`));
    expect(decode(u.body).text).toBe(unicode);

    const ctrl = await post(sim, 'GenerateContent', gen('markers please [[sim:echo ctrl=1]]'));
    expect(ctrl.body).toContain('<ctrl46>');
    expect(ctrlFree(decode(ctrl.body).text)).toBe(sim.runs.at(-1)?.answer);
    expect(sim.runs.at(-1)?.answer).not.toContain('<ctrl');
  });

  it('answers quota with HTTP 429 and records it', async () => {
    sim.setScenario({ name: 'quota' });
    const reply = await post(sim, 'GenerateContent', gen('hello'));
    sim.setScenario(null);
    expect(reply.status).toBe(429);
    expect(reply.body).toMatch(/exhausted/);
    const run = await sim.waitForOutcome(sim.runs.length - 1);
    expect(run.outcome).toBe('quota');
    expect(run.scenarioSource).toBe('setScenario');
  });

  it('destroys the socket mid-stream (fail-mid) and records an abort when the client leaves a stall', async () => {
    const failed = await post(sim, 'GenerateContent', gen('[[sim:fail-mid after=2]]'));
    const f = await sim.waitForOutcome(sim.runs.length - 1);
    // Headers and the first records went out, then the connection ended before the body did.
    expect(failed.status).toBe(200);
    expect(failed.error).toBe('aborted');
    expect(decode(failed.body).text).toBe(f.sentAnswer);
    expect(f.outcome).toBe('failed');
    expect(f.answer.startsWith(f.sentAnswer)).toBe(true);
    expect(f.sentAnswer.length).toBeLessThan(f.answer.length);

    const stalled = await post(sim, 'GenerateContent', gen('[[sim:stall]]'), { abortAfterMs: 400 });
    const s = await sim.waitForOutcome(sim.runs.length - 1);
    // A stall is an open 200 response with no record in it, ended by the client leaving.
    expect(stalled.status).toBe(200);
    expect(stalled.body).toBe('');
    expect(stalled.error).toBe('aborted');
    expect(s.outcome).toBe('aborted');
    expect(s.abortedAt).toBeGreaterThanOrEqual(s.receivedAt + 350);
    expect(s.sentAnswer).toBe('');
  });

  it('answers the CORS preflight for the page origin only', async () => {
    const ok = await post(sim, 'GenerateContent', '', { verb: 'OPTIONS' });
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(ok.headers['access-control-allow-credentials']).toBe('true');
    expect(ok.headers['access-control-allow-headers']).toBe('content-type,x-user-agent');
    const foreign = await post(sim, 'GenerateContent', '', { verb: 'OPTIONS', origin: 'https://evil.example' });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    // DNS rebinding: a request naming another host is refused outright.
    expect((await post(sim, 'ListModels', '[]', { host: 'evil.example' })).status).toBe(421);
  });

  it("serves ListModels as )]}' + nested arrays", async () => {
    const before = sim.listModelsCalls;
    const reply = await post(sim, 'ListModels', '[]');
    expect(reply.body.startsWith(")]}'\n")).toBe(true);
    const data = JSON.parse(reply.body.slice(5)) as unknown[][][];
    const pro = data[0]?.find((e) => e[0] === 'models/gemini-2.5-pro');
    expect(pro?.[3]).toBe('Gemini 2.5 Pro');
    expect(pro?.[6]).toBe(65536);
    expect(data[0]?.map((e) => String(e[0]))).toEqual(
      expect.arrayContaining([
        'models/gemini-3-pro-preview',
        'models/gemini-3-flash-preview',
        'models/gemini-2.5-flash-lite',
      ]),
    );
    expect(sim.listModelsCalls).toBe(before + 1);
  });

  it('rejects an unknown scenario keyword with a 400', async () => {
    const reply = await post(sim, 'GenerateContent', gen('[[sim:nonsense]]'));
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('unknown sim scenario');
  });
});
