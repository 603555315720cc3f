// Structured output through the bridge and a fake extension: what the job carries to the page,
// the 400 for a keyword the page does not take (before any tab is used), the 502 for an answer
// that does not follow the schema, and the header saying who held the answer to JSON.

import { ApiError as GoogleApiError, GoogleGenAI, Type } from '@google/genai';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { StructuredOutputMode } from '../../protocol/structured-output.ts';
import type { Behaviour } from '../../sim/launch/fake-peer.ts';
import { sseEvents, startHarness, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Answers `text` in two pieces, saying in `started` how the page held it (absent: an older extension). */
const answer =
  (text: string, said?: StructuredOutputMode): Behaviour =>
  (job) => {
    job.send({ kind: 'started', ...(said ? { structuredOutput: said } : {}) });
    const half = Math.ceil(text.length / 2);
    job.send({ kind: 'text', text: text.slice(0, half) });
    job.send({ kind: 'text', text: text.slice(half) });
    job.send({ kind: 'done', finishReason: 'stop' });
  };

const Weather = z.object({ city: z.string(), temp: z.number(), note: z.string().nullable() });
const weatherPage = {
  type: 'object',
  properties: { city: { type: 'string' }, temp: { type: 'number' }, note: { type: 'string', nullable: true } },
  required: ['city', 'temp', 'note'],
  propertyOrdering: ['city', 'temp', 'note'],
};

describe('structured output on the OpenAI surfaces', () => {
  it('chat.completions.parse with zodResponseFormat: the job carries the schema, the answer is parsed, header page', async () => {
    h = await startHarness([{ tabId: '1', behaviour: answer('{"city":"Paris","temp":21.5,"note":null}', 'page') }]);
    const { data, response } = await h.client.chat.completions
      .parse({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
        response_format: zodResponseFormat(Weather, 'weather'),
      })
      .withResponse();
    expect(data.choices[0]?.message.parsed).toEqual({ city: 'Paris', temp: 21.5, note: null });
    expect(response.headers.get('x-bridge-structured-output')).toBe('page');
    const job = h.peer.started[0]?.request;
    expect(job?.settings.structuredOutput?.schema).toEqual(weatherPage);
    // The hint rides along for extensions that do not know the setting; the extension removes it.
    expect(job?.systemInstruction).toBe(job?.settings.structuredOutput?.hint);
    expect(job?.systemInstruction).toContain('valid JSON');
  });

  it('a keyword the page does not take is a 400 naming it and its path, before any tab is used', async () => {
    h = await startHarness([{ tabId: '1', behaviour: answer('{}') }]);
    const err = await h.client.chat.completions
      .create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'x' }],
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 's',
            schema: { type: 'object', properties: { name: { type: 'string', minLength: 1 } } },
          },
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const bad = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(bad.param).toBe('response_format.json_schema.schema');
    expect(bad.message).toContain('"minLength" at $.properties.name');
    expect(h.peer.started).toHaveLength(0);
  });

  it('an answer that does not follow the schema is a 502 naming the first violation', async () => {
    h = await startHarness([{ tabId: '1', behaviour: answer('{"city":"Paris","temp":"warm","note":null}', 'page') }]);
    const err = await h.client.chat.completions
      .create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'x' }],
        response_format: zodResponseFormat(Weather, 'weather'),
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    const e = err as InstanceType<typeof OpenAI.APIError>;
    expect(e.status).toBe(502);
    expect(e.code).toBe('schema_mismatch');
    expect(e.message).toMatch(/\$\.temp: .*expected number/);
  });

  it('json_object: any JSON passes, anything else is a 502; a stream sends the text, then an error event', async () => {
    h = await startHarness([{ tabId: '1', behaviour: answer('Sure: {"a":1}', 'page') }]);
    const body = {
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'x' }],
      response_format: { type: 'json_object' },
    };
    const plain = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(plain.status).toBe(502);
    expect(((await plain.json()) as { error: { message: string } }).error.message).toContain('not valid JSON');
    expect(h.peer.started[0]?.request.settings.structuredOutput?.schema).toBeNull();

    const streamed = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, stream: true }),
    });
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('x-bridge-structured-output')).toBe('page');
    const events = sseEvents(await streamed.text());
    const text = events
      .filter((e) => e.includes('"choices"'))
      .map((e) => (JSON.parse(e) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '')
      .join('');
    expect(text).toBe('Sure: {"a":1}');
    const error = events.find((e) => e.startsWith('{"error"'));
    expect(JSON.parse(error ?? '{}')).toMatchObject({ error: { code: 'schema_mismatch' } });
    expect(events.at(-1)).toBe('[DONE]');
  });

  it('says hint when the page had no switch, or the extension did not say (older)', async () => {
    h = await startHarness([{ tabId: '1', behaviour: answer('{"ok":true}', 'hint') }]);
    const ask = {
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user' as const, content: 'x' }],
      response_format: { type: 'json_object' as const },
    };
    const first = await h.client.chat.completions.create(ask).withResponse();
    expect(first.response.headers.get('x-bridge-structured-output')).toBe('hint');
    await h.close();
    h = await startHarness([{ tabId: '1', behaviour: answer('{"ok":true}') }]);
    const older = await h.client.chat.completions.create(ask).withResponse();
    expect(older.response.headers.get('x-bridge-structured-output')).toBe('hint');
    expect(older.data.choices[0]?.message.content).toBe('{"ok":true}');
    // Without response_format: no setting, no header.
    const none = await h.client.chat.completions
      .create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    expect(none.response.headers.get('x-bridge-structured-output')).toBeNull();
    expect(h.peer.started.at(-1)?.request.settings.structuredOutput).toBeUndefined();
  });

  it('Responses text.format: the schema reaches the job; a refused keyword names text.format.schema', async () => {
    h = await startHarness([{ tabId: '1', behaviour: answer('{"city":"Paris","temp":3,"note":"cold"}', 'page') }]);
    const r = await h.client.responses.create({
      model: 'gemini-2.5-flash',
      input: 'Weather?',
      text: {
        format: { type: 'json_schema', name: 'weather', schema: zodResponseFormat(Weather, 'w').json_schema.schema! },
      },
    });
    expect(JSON.parse(r.output_text)).toEqual({ city: 'Paris', temp: 3, note: 'cold' });
    expect(h.peer.started[0]?.request.settings.structuredOutput?.schema).toEqual(weatherPage);
    const err = await h.client.responses
      .create({
        model: 'gemini-2.5-flash',
        input: 'x',
        text: { format: { type: 'json_schema', name: 'w', schema: { type: 'array', items: { pattern: '^a' } } } },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('text.format.schema');
    expect((err as Error).message).toContain('"pattern" at $.items');
  });
});

describe('structured output on the Gemini and Ollama surfaces', () => {
  it('@google/genai responseSchema (Gemini form) reaches the job; a refused keyword is Google 400', async () => {
    h = await startHarness([{ tabId: '1', behaviour: answer('{"name":"Ada","age":36}', 'page') }]);
    const genai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.bridge.url, timeout: 10_000 } });
    const r = await genai.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Who?',
      config: {
        responseMimeType: 'application/json',
        responseSchema: {
          type: Type.OBJECT,
          properties: { name: { type: Type.STRING }, age: { type: Type.INTEGER, nullable: true } },
          required: ['name'],
        },
      },
    });
    expect(JSON.parse(r.text ?? '')).toEqual({ name: 'Ada', age: 36 });
    expect(h.peer.started[0]?.request.settings.structuredOutput?.schema).toEqual({
      type: 'object',
      properties: { name: { type: 'string' }, age: { type: 'integer', nullable: true } },
      required: ['name'],
      propertyOrdering: ['name', 'age'],
    });
    // As on chat completions: the hint rides along in the system instructions.
    const job = h.peer.started[0]?.request;
    expect(job?.systemInstruction).toBe(job?.settings.structuredOutput?.hint);
    const err = await genai.models
      .generateContent({
        model: 'gemini-2.5-flash',
        contents: 'x',
        config: { responseJsonSchema: { type: 'object', properties: { a: { type: 'string', maxLength: 3 } } } },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GoogleApiError);
    expect((err as GoogleApiError).status).toBe(400);
    // The SDK's message is Google's error body as JSON text (its quotes escaped).
    expect((err as Error).message).toMatch(/maxLength\\" at \$\.properties\.a/);
    expect(h.peer.started).toHaveLength(1);
  });

  it('Ollama format: a schema reaches the job and is checked; "json" is JSON mode', async () => {
    h = await startHarness([{ tabId: '1', behaviour: answer('{"n":"three"}', 'page') }]);
    const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] };
    const res = await fetch(`${h.bridge.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'gemini-2.5-flash',
        stream: false,
        format: schema,
        messages: [{ role: 'user', content: 'x' }],
      }),
    });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: string }).error).toMatch(/\$\.n: /);
    expect(h.peer.started[0]?.request.settings.structuredOutput?.schema).toEqual({
      ...schema,
      propertyOrdering: ['n'],
    });
    expect(h.peer.started[0]?.request.systemInstruction).toBe(
      h.peer.started[0]?.request.settings.structuredOutput?.hint,
    );
    const json = await fetch(`${h.bridge.url}/api/generate`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gemini-2.5-flash', stream: false, format: 'json', prompt: 'x' }),
    });
    expect(json.status).toBe(200);
    expect(((await json.json()) as { response: string }).response).toBe('{"n":"three"}');
    expect(h.peer.started[1]?.request.settings.structuredOutput?.schema).toBeNull();
  });
});

describe('a stream that ends off the schema ends with the surface’s own error', () => {
  const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] };
  /** Each SSE block's data (Responses names its events; Google ends lines with CRLF). */
  const dataOf = (body: string): string[] =>
    body
      .split(/\r?\n\r?\n/)
      .map((block) =>
        block
          .split(/\r?\n/)
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n'),
      )
      .filter((data) => data.length > 0);
  const post = (h: Harness, path: string, body: object) =>
    fetch(`${h.bridge.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' },
      body: JSON.stringify(body),
    });

  it('Responses: the text deltas, then response.failed naming the violation', async () => {
    h = await startHarness([{ tabId: '1', behaviour: answer('{"n":"three"}', 'page') }]);
    const res = await post(h, '/v1/responses', {
      model: 'gemini-2.5-flash',
      input: 'x',
      stream: true,
      text: { format: { type: 'json_schema', name: 's', schema } },
    });
    const events = dataOf(await res.text()).map((e) => JSON.parse(e) as { type: string; delta?: string });
    const text = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : [])).join('');
    expect(text).toBe('{"n":"three"}');
    const failed = events.find((e) => e.type === 'response.failed') as unknown as {
      response: { error: { code: string; message: string } };
    };
    expect(failed.response.error.message).toMatch(/\$\.n: /);
    expect(events.some((e) => e.type === 'response.completed')).toBe(false);
  });

  it('a streamed JSON answer is held only up to maxAnswerChars: past it the run ends with finish_reason "length", unchecked', async () => {
    h = await startHarness([{ tabId: '1', behaviour: answer(`{"n":"${'x'.repeat(300)}"}`, 'page') }], {
      maxAnswerChars: 64,
    });
    const res = await post(h, '/v1/chat/completions', {
      model: 'gemini-2.5-flash',
      stream: true,
      messages: [{ role: 'user', content: 'x' }],
      response_format: { type: 'json_object' },
    });
    const events = dataOf(await res.text());
    // As OpenAI does for a truncated JSON answer: no schema error, the finish reason says it was cut.
    expect(events.some((e) => e.startsWith('{"error"'))).toBe(false);
    expect(events.some((e) => e.includes('"finish_reason":"length"'))).toBe(true);
  });

  it('Gemini streamGenerateContent and Ollama: the text, then an error in their stream shapes', async () => {
    h = await startHarness([{ tabId: '1', behaviour: answer('{"n":"three"}', 'page') }]);
    const gemini = await post(h, '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', {
      contents: [{ parts: [{ text: 'x' }] }],
      generationConfig: { responseMimeType: 'application/json', responseJsonSchema: schema },
    });
    const frames = dataOf(await gemini.text()).map((e) => JSON.parse(e) as Record<string, unknown>);
    expect(frames.at(-1)).toMatchObject({ error: { code: 502, message: expect.stringMatching(/\$\.n: /) } });
    const streamed = frames
      .slice(0, -1)
      .map(
        (f) =>
          (f as { candidates: { content: { parts: { text: string }[] } }[] }).candidates[0]?.content.parts[0]?.text,
      )
      .join('');
    expect(streamed).toBe('{"n":"three"}');

    const ollama = await post(h, '/api/chat', {
      model: 'gemini-2.5-flash',
      format: schema,
      messages: [{ role: 'user', content: 'x' }],
    });
    const lines = (await ollama.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { message?: { content: string }; error?: string });
    expect(lines.map((l) => l.message?.content ?? '').join('')).toBe('{"n":"three"}');
    expect(lines.at(-1)?.error).toMatch(/\$\.n: /);
  });
});
