// The "2026" wire variant of the simulated RPC, checked frame by frame against the documented 2026 layout (docs/aistudio-wire.md)
// (frame layout, finish-only frame, length-15 calls, in-body errors, blocked prompt, ListModels).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type Sim } from '../../../sim/site/server.ts';
import { gen, post } from '../../../sim/launch/wire-client.ts';

type Frame = unknown[];
const frames = (body: string): Frame[] => JSON.parse(body) as Frame[];
const candidate = (f: Frame): unknown[] | undefined => (Array.isArray(f[0]) ? (f[0][0] as unknown[]) : undefined);
const parts = (f: Frame): unknown[][] => {
  const content = candidate(f)?.[0];
  return Array.isArray(content) ? (content[0] as unknown[][]) : [];
};

describe('simulated GenerateContent, 2026 wire', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim({ wire: '2026' });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('streams frames with candidates at [0], finish at candidate[1], usage at [2] (thoughts at [9]), id at [7], then a trailer', async () => {
    const reply = await post(
      sim,
      'GenerateContent',
      gen('Why is the sky blue? [[sim:thinking thoughts="Rayleigh scattering."]]'),
    );
    const run = await sim.waitForOutcome(sim.runs.length - 1);
    const fs = frames(reply.body);
    const trailer = fs.at(-1) as Frame;
    const last = fs.at(-2) as Frame;
    expect(trailer[0]).toBeNull();
    expect(Array.isArray(trailer[3])).toBe(true);
    expect(candidate(last)?.[1]).toBe(1);
    const usage = last[2] as number[];
    expect(usage[9]).toBe(2); // "Rayleigh scattering." = 2 words
    expect(usage[2]).toBe(usage[0]! + usage[1]! + usage[9]!);
    expect(typeof last[7]).toBe('string');
    const all = fs.flatMap(parts);
    const thoughts = all.filter((p) => p[12] === 1);
    expect(thoughts.map((p) => p[1]).join('')).toBe(run.thoughts);
    const signatureOnly = all.filter((p) => p[1] === '' && p.length === 15 && typeof p[14] === 'string');
    expect(signatureOnly).toHaveLength(1);
    const text = all
      .filter((p) => p.length === 2)
      .map((p) => p[1])
      .join('');
    expect(text).toBe(run.answer);
  });

  it('ends with a finish-only frame (content null, finish 2, usage) when asked', async () => {
    const reply = await post(
      sim,
      'GenerateContent',
      gen('[[sim:max-tokens words=50 finishOnly=1]]', { maxOutputTokens: 10 }),
    );
    const last = frames(reply.body).at(-2) as Frame;
    expect(candidate(last)).toEqual([null, 2]);
    expect((last[2] as number[]).slice(0, 2)).toEqual([expect.any(Number), 10]);
  });

  it('sends two identical calls as length-15 parts with distinct call ids at [10][2] and a signature at [14]', async () => {
    const reply = await post(
      sim,
      'GenerateContent',
      gen('[[sim:function-call calls=2 name=getWeather args=\'{"city":"Shanghai"}\']]'),
    );
    const calls = frames(reply.body)
      .flatMap(parts)
      .filter((p) => p.length === 15 && Array.isArray(p[10]));
    const ids = new Set(calls.map((p) => (p[10] as unknown[])[2]));
    expect(ids.size).toBe(2);
    expect(calls[0]?.[10]).toEqual(['getWeather', [[['city', [null, null, 'Shanghai']]]], expect.any(String)]);
    expect(typeof calls[0]?.[14]).toBe('string');
  });

  it.each([
    [8, 'quota'],
    [7, 'rejected'],
    [3, 'rejected'],
    [16, 'rejected'],
  ])('puts gRPC status %i in a 200 body as [null,[code,message]]', async (code, outcome) => {
    const reply = await post(sim, 'GenerateContent', gen(`[[sim:rpc-error code=${code}]]`));
    const run = await sim.waitForOutcome(sim.runs.length - 1);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual([null, [code, expect.any(String)]]);
    expect(run.outcome).toBe(outcome);
  });

  it('answers a blocked prompt with prompt feedback at [1] and no candidates', async () => {
    const reply = await post(sim, 'GenerateContent', gen('[[sim:blocked reason=2]]'));
    const [blocked] = frames(reply.body);
    expect(blocked?.[0]).toBeNull();
    expect(blocked?.[1]).toEqual([2]);
  });

  it("serves ListModels without the )]}' prefix, and the default wire keeps it", async () => {
    const reply = await post(sim, 'ListModels', '[]');
    const data = JSON.parse(reply.body) as unknown[][][];
    expect(data[0]?.find((e) => e[0] === 'models/gemini-3-flash-preview')?.[2]).toBe('3-flash-preview-12-2025');
    sim.setScenario({ name: 'echo', wire: 'default' });
    expect((await post(sim, 'ListModels', '[]')).body.startsWith(")]}'\n")).toBe(true);
    sim.setScenario(null);
  });
});

describe('choosing the wire per run', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('keeps the default layout unless a keyword or scenario asks for 2026', async () => {
    const plain = frames((await post(sim, 'GenerateContent', gen('[[sim:text text="hi there"]]'))).body);
    expect(plain.at(-1)).toHaveLength(3); // [[candidate], null, usage]
    const real = frames((await post(sim, 'GenerateContent', gen('[[sim:text text="hi there" wire=2026]]'))).body);
    expect(real.at(-1)?.[0]).toBeNull(); // trailer
    expect(real.at(-2)).toHaveLength(8); // … responseId at [7]
    const bad = await post(sim, 'GenerateContent', gen('[[sim:text wire=1999]]'));
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('wire=1999');
  });
});
