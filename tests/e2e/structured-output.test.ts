// Structured output end to end: the real extension switches the simulated page's Structured output
// on and types the schema into its editor; official clients get objects that follow their schema.
// What the page recorded at Run time (its JSON mode, the schema, the system instructions) is the proof.

import { createOpenAI } from '@ai-sdk/openai';
import { GoogleGenAI, Type } from '@google/genai';
import { generateObject } from 'ai';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';

const Weather = z.object({ city: z.string(), temp: z.number(), note: z.string().nullable() });
const weatherOnPage = {
  type: 'object',
  properties: { city: { type: 'string' }, temp: { type: 'number' }, note: { type: 'string', nullable: true } },
  required: ['city', 'temp', 'note'],
  propertyOrdering: ['city', 'temp', 'note'],
};

describe('structured output through the extension and the simulated page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ log: debugLog });
  });
  afterEach(() => h?.sim.setScenario(null));
  afterAll(async () => {
    await h?.close();
  });

  /** The run's request as the page sent it, and that no JSON instruction reached the page. */
  const pageRun = (index: number) => {
    const run = h.sim.runs[index]!;
    expect(run.request.responseMimeType).toBe('application/json');
    expect(run.request.systemInstruction ?? '').not.toContain('valid JSON');
    expect(run.request.prompt).not.toContain('valid JSON');
    return run;
  };

  it('openai chat.completions.parse with zodResponseFormat gets a parsed object; the page held the schema', async () => {
    const before = h.sim.runs.length;
    const { data, response } = await h.client.chat.completions
      .parse({
        model: 'gemini-2.5-flash',
        messages: [
          { role: 'system', content: 'You report the weather.' },
          { role: 'user', content: 'Weather in Paris?' },
        ],
        response_format: zodResponseFormat(Weather, 'weather'),
      })
      .withResponse();
    const run = pageRun(before);
    expect(run.request.responseSchema).toEqual(weatherOnPage);
    // The client's own system text stays; only the bridge's JSON hint is gone.
    expect(run.request.systemInstruction).toBe('You report the weather.');
    expect(response.headers.get('x-bridge-structured-output')).toBe('page');
    const parsed = data.choices[0]!.message.parsed;
    expect(Weather.parse(parsed)).toEqual(JSON.parse(run.answer));
  });

  it('AI SDK generateObject gets a valid object (Responses text.format)', async () => {
    const before = h.sim.runs.length;
    const Recipe = z.object({ name: z.string(), steps: z.array(z.string()), minutes: z.number().int() });
    const provider = createOpenAI({ baseURL: h.baseURL, apiKey: 'not-needed' });
    const { object } = await generateObject({
      model: provider('gemini-2.5-flash'),
      schema: Recipe,
      prompt: 'A pancake recipe',
      maxRetries: 0,
    });
    const run = pageRun(before);
    expect(run.request.responseSchema).toMatchObject({
      type: 'object',
      properties: { name: { type: 'string' }, steps: { type: 'array', items: { type: 'string' } } },
    });
    expect(Recipe.parse(object)).toEqual(JSON.parse(run.answer));
  });

  it('@google/genai responseSchema and Ollama format reach the page', async () => {
    let before = h.sim.runs.length;
    const origin = h.baseURL.replace(/\/v1$/, '');
    const genai = new GoogleGenAI({ apiKey: 'not-needed', httpOptions: { baseUrl: origin } });
    const r = await genai.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Who wrote the first program?',
      config: {
        responseMimeType: 'application/json',
        responseSchema: {
          type: Type.OBJECT,
          properties: { name: { type: Type.STRING }, year: { type: Type.INTEGER } },
          required: ['name', 'year'],
        },
      },
    });
    let run = pageRun(before);
    expect(run.request.responseSchema).toEqual({
      type: 'object',
      properties: { name: { type: 'string' }, year: { type: 'integer' } },
      required: ['name', 'year'],
      propertyOrdering: ['name', 'year'],
    });
    expect(JSON.parse(r.text ?? '')).toEqual(JSON.parse(run.answer));

    before = h.sim.runs.length;
    const res = await fetch(`${origin}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'gemini-2.5-flash',
        stream: false,
        format: { type: 'object', properties: { colour: { type: 'string', enum: ['red', 'blue'] } } },
        messages: [{ role: 'user', content: 'Pick a colour' }],
      }),
    });
    expect(res.status).toBe(200);
    run = pageRun(before);
    expect(run.request.responseSchema).toEqual({
      type: 'object',
      properties: { colour: { type: 'string', enum: ['red', 'blue'] } },
      propertyOrdering: ['colour'],
    });
    expect(((await res.json()) as { message: { content: string } }).message.content).toBe('{"colour":"red"}');
  });

  it('a keyword the page does not take is a 400; an answer off the schema is a 502 naming the violation', async () => {
    const before = h.sim.runs.length;
    const bad = await h.client.chat.completions
      .create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'x' }],
        response_format: {
          type: 'json_schema',
          json_schema: { name: 's', schema: { type: 'object', properties: { id: { type: 'string', pattern: '^a' } } } },
        },
      })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect((bad as Error).message).toContain('"pattern" at $.properties.id');
    expect(h.sim.runs.length).toBe(before);

    // The page's answer is fixed by the scenario: JSON that breaks the schema.
    h.sim.setScenario({ name: 'text', text: '{"city":"Paris","temp":"warm","note":null}' });
    const off = await h.client.chat.completions
      .create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'Weather?' }],
        response_format: zodResponseFormat(Weather, 'weather'),
      })
      .catch((e: unknown) => e);
    expect(off).toBeInstanceOf(OpenAI.APIError);
    expect((off as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((off as Error).message).toMatch(/\$\.temp: .*expected number/);
    pageRun(before);
  });

  it('a model without the switch gets the instruction instead, and the header says hint', async () => {
    const before = h.sim.runs.length;
    // An image model answers text only when a scenario says so.
    h.sim.setScenario({ name: 'text', text: '{"ok":true}' });
    const { data, response } = await h.client.chat.completions
      .create({
        model: 'gemini-2.5-flash-image',
        messages: [{ role: 'user', content: 'Say ok' }],
        response_format: { type: 'json_object' },
      })
      .withResponse();
    expect(response.headers.get('x-bridge-structured-output')).toBe('hint');
    expect(data.choices[0]!.message.content).toBe('{"ok":true}');
    const run = h.sim.runs[before]!;
    expect(run.request.responseMimeType).toBeNull();
    expect(run.request.systemInstruction).toContain('Respond with a single valid JSON value only');
  });

  it('JSON mode leaves the editor empty, and a job without JSON switches the setting off again', async () => {
    const ask = { model: 'gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'hi' }] };
    const before = h.sim.runs.length;
    const json = await h.client.chat.completions.create({ ...ask, response_format: { type: 'json_object' } });
    expect(pageRun(before).request.responseSchema).toBeNull();
    expect(JSON.parse(json.choices[0]!.message.content!)).toEqual({ answer: expect.any(String) });
    await h.client.chat.completions.create(ask);
    expect(h.sim.runs[before + 1]!.request.responseMimeType).toBeNull();
  });
});
