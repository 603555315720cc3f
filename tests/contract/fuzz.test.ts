import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamText } from '../../sim/launch/fake-peer.ts';
import { startHarness, type Harness } from './harness.ts';
import { assertSchema } from './schemas/validate.ts';

/**
 * Property: whatever body is posted to /v1/chat/completions, the answer is a 200 or an
 * OpenAI-shaped 4xx, and afterwards the bridge is alive with every tab free. Bodies are built as
 * JSON text (and bytes), so hostile shapes the generator's own JSON.stringify could not produce
 * (100,000 levels, invalid UTF-8) are covered too.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness(
    [
      { tabId: '1', behaviour: streamText(['fuzz ', 'ok']) },
      { tabId: '2', behaviour: streamText(['fuzz ', 'ok']) },
    ],
    { maxBodyBytes: 2 * 1024 * 1024 },
  );
});
afterAll(async () => {
  await h.close();
});

const PROTO_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
];
const json = (v: unknown): string => JSON.stringify(v) ?? 'null';

/** JSON text of a value nested `depth` levels (objects or arrays). */
const deepText = fc
  .record({
    depth: fc.integer({ min: 1, max: 100_000 }),
    arrays: fc.boolean(),
    key: fc.constantFrom('a', ...PROTO_NAMES),
  })
  .map(({ depth, arrays, key }) =>
    arrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${`{${json(key)}:`.repeat(depth)}1${'}'.repeat(depth)}`,
  );
const hugeArrayText = fc.integer({ min: 1000, max: 300_000 }).map((n) => `[${new Array(n).fill('0').join(',')}]`);
const protoObjectText = fc
  .constantFrom(...PROTO_NAMES)
  .chain((k) =>
    fc.constantFrom(`{${json(k)}:{"role":"system"}}`, `{${json(k)}:null}`, `{${json(k)}:[1,2]}`, `{${json(k)}:"x"}`),
  );
const anyJsonText = fc.jsonValue({ maxDepth: 4 }).map(json);
const wrongTyped = fc.oneof(
  fc.constant('null'),
  fc.constant('true'),
  fc.constant('-5'),
  fc.constant('1.5'),
  fc.constant('"x"'),
  fc.constant('[]'),
  fc.constant('{}'),
  anyJsonText,
);
const hostileValue = fc.oneof(
  { weight: 3, arbitrary: wrongTyped },
  { weight: 1, arbitrary: deepText },
  { weight: 1, arbitrary: hugeArrayText },
  { weight: 2, arbitrary: protoObjectText },
);

const modelName = fc.oneof(
  fc.constantFrom(...PROTO_NAMES, 'gemini-2.5-pro', 'gpt-4o', 'models/gemini-2.5-flash', '', 'default'),
  fc.string({ maxLength: 30 }),
);
const content = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }).map(json),
  fc.constant('[{"type":"text","text":"hi"}]'),
  fc.constant('[{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]'),
);
const message = fc
  .record({ role: fc.constantFrom('user', 'system', 'assistant', 'developer'), content })
  .map(({ role, content: c }) => `{"role":${json(role)},"content":${c}}`);
const lastUser = fc.string({ minLength: 1, maxLength: 40 }).map((t) => `{"role":"user","content":${json(t)}}`);

/** A valid request: every field the bridge acts on, with values real clients send. */
const validFields = fc.record({
  model: modelName.map(json),
  messages: fc.tuple(fc.array(message, { maxLength: 3 }), lastUser).map(([ms, last]) => `[${[...ms, last].join(',')}]`),
  stream: fc.boolean().map(json),
  max_tokens: fc.integer({ min: 1, max: 100_000 }).map(json),
  stop: fc.array(fc.string({ minLength: 1, maxLength: 50 }), { maxLength: 4 }).map(json),
  temperature: fc.double({ noNaN: true, min: 0, max: 2 }).map(json),
});
const FIELDS = [
  'model',
  'messages',
  'stream',
  'max_tokens',
  'max_completion_tokens',
  'max_output_tokens',
  'stop',
  'temperature',
  'tools',
  'functions',
  'response_format',
  'tool_choice',
  'reasoning',
  'metadata',
  'n',
  ...PROTO_NAMES,
];
const fieldValue = fc.oneof(
  hostileValue,
  deepText.map(
    (d) => `[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":${d}}}}}]`,
  ),
  deepText.map((d) => `{"type":"json_schema","json_schema":{"name":"x","schema":${d}}}`),
  fc.array(fc.string({ maxLength: 1200 }), { maxLength: 20 }).map(json),
  fc.string({ maxLength: 3000 }).map(json),
  fc.array(wrongTyped, { maxLength: 3 }).map((vs) => `[${vs.join(',')}]`),
  wrongTyped.map((v) => `[{"role":"user","content":${v}}]`),
  protoObjectText.map((o) => `[${o}]`),
);

/** One request body as JSON text: a valid request with up to two fields replaced or added with hostile values. */
const bodyText = fc
  .tuple(validFields, fc.array(fc.tuple(fc.constantFrom(...FIELDS), fieldValue), { maxLength: 2 }))
  .map(([valid, overrides]) => {
    const fields = new Map<string, string>(Object.entries(valid));
    for (const [k, v] of overrides) fields.set(k, v);
    return `{${[...fields].map(([k, v]) => `${json(k)}:${v}`).join(',')}}`;
  });

/** Bytes: the text, sometimes with invalid UTF-8 spliced in, sometimes cut short or not JSON at all. */
const bodyBytes = fc.oneof(
  { weight: 6, arbitrary: bodyText.map((t) => Buffer.from(t)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(bodyText, fc.uint8Array({ minLength: 1, maxLength: 8 }))
      .map(([t, junk]) =>
        Buffer.concat([Buffer.from(t.slice(0, t.length >> 1)), Buffer.from(junk), Buffer.from(t.slice(t.length >> 1))]),
      ),
  },
  {
    weight: 1,
    // invalid UTF-8 (a lone continuation byte, a truncated sequence, 0xff) inside a message's text
    arbitrary: bodyText.map((t) => {
      const at = t.lastIndexOf('"content":"') + '"content":"'.length;
      return Buffer.concat([
        Buffer.from(t.slice(0, at)),
        Buffer.from([0x80, 0xc3, 0xff, 0xfe]),
        Buffer.from(t.slice(at)),
      ]);
    }),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
);

describe('fuzzing /v1/chat/completions', () => {
  it('answers only 200 or an OpenAI-shaped 4xx, and leaves the bridge alive with every tab free', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(bodyBytes, async (body) => {
        const res = await fetch(`${h.baseURL}/chat/completions`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
          signal: AbortSignal.timeout(10_000),
        });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200) return;
        expect([400, 404, 413], text.slice(0, 300)).toContain(res.status);
        assertSchema('ErrorResponse', JSON.parse(text));
      }),
      { numRuns: 120 },
    );
    expect(statuses.get(200) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    const health = (await (await fetch(`${h.bridge.url}/health`)).json()) as {
      status: string;
      queue: { running: number; waiting: number };
      tabs: { list: Array<{ busy: boolean; ready: boolean }> };
    };
    expect(health.status).toBe('ok');
    expect(health.queue).toMatchObject({ running: 0, waiting: 0 });
    expect(health.tabs.list).toEqual([
      expect.objectContaining({ busy: false, ready: true }),
      expect.objectContaining({ busy: false, ready: true }),
    ]);
  }, 60_000);
});
