import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CHAT_OPAQUE_FIELDS,
  fieldPath,
  openAiWording,
  parseChatRequest,
  parseRequestBody,
} from '../../../../bridge/conversation/messages.ts';

// The chat-completions body is the bridge's main trust boundary: what real clients send must
// parse (nulls for "unset", unknown keys), and every field the bridge acts on is refused with a
// 400 naming it when it is of the wrong type or out of range.

const refusal = (body: unknown) => {
  try {
    parseChatRequest(body);
  } catch (err) {
    const e = err as { status: number; message: string; param: string | null; code: string | null };
    return { status: e.status, message: e.message, param: e.param, code: e.code };
  }
  throw new Error(`expected a 400 for ${JSON.stringify(body)}`);
};

const user = { role: 'user', content: 'Hi' };
const base = { model: 'gemini-2.5-pro', messages: [user] };
const nest = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};

describe('parseChatRequest accepts what clients send', () => {
  it('a full request parses to the same data, unknown keys kept', () => {
    const full = {
      model: 'gemini-2.5-pro',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: null, name: null },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
            { type: 'image_url', image_url: 'https://example.com/a.png' },
            { type: 'file', file: { file_data: 'AAAA', filename: 'a.pdf' } },
            { type: 'file', file: { file_id: 'f1' } },
            { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
          ],
          name: 'ada',
        },
        {
          role: 'assistant',
          content: [{ type: 'refusal', refusal: 'no' }],
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'assistant', content: null, function_call: { name: 'f', arguments: null } },
        { role: 'tool', content: '42', tool_call_id: 'c1' },
        { role: 'function', content: '42', name: 'f' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 2,
      top_p: 1,
      max_tokens: 1,
      max_completion_tokens: 100,
      max_output_tokens: 100,
      stop: ['END'],
      n: 1,
      reasoning_effort: 'low',
      reasoning: { effort: 'high', max_tokens: 100, enabled: true, exclude: false },
      tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object' } } }],
      tool_choice: 'auto',
      functions: [{ name: 'g', description: null, parameters: null }],
      response_format: { type: 'json_schema', json_schema: { name: 's', schema: { type: 'object' } } },
      user: 'someone',
      seed: 7,
    };
    expect(parseChatRequest(full)).toEqual(full);
  });

  it('null and absent mean unset for every optional field', () => {
    const nulls = Object.fromEntries(
      [
        'model',
        'stream',
        'stream_options',
        'temperature',
        'top_p',
        'max_tokens',
        'max_completion_tokens',
        'max_output_tokens',
        'stop',
        'n',
        'reasoning_effort',
        'reasoning',
        'tools',
        'functions',
        'response_format',
      ].map((k) => [k, null]),
    );
    expect(parseChatRequest({ messages: [user], ...nulls })).toEqual({ messages: [user], ...nulls });
    expect(parseChatRequest({ messages: [user] })).toEqual({ messages: [user] });
    expect(parseChatRequest({ messages: [user], temperature: 0, top_p: 0, stop: 'x' })).toMatchObject({
      temperature: 0,
      top_p: 0,
      stop: 'x',
    });
    const nested = {
      messages: [{ role: 'assistant', content: null, tool_calls: null, tool_call_id: null, function_call: null }],
      stream_options: { include_usage: null },
      reasoning: { effort: null, max_tokens: null, enabled: null, exclude: null },
      tools: [{}],
      response_format: { type: 'text' },
    };
    expect(parseChatRequest(nested)).toEqual(nested);
  });
});

describe('parseChatRequest refuses, naming the field', () => {
  it('a body that is not a JSON object', () => {
    for (const body of [null, [], 'hi', 3, true, undefined]) {
      expect(refusal(body)).toEqual({
        status: 400,
        message: 'the request body must be a JSON object',
        param: null,
        code: 'invalid_body',
      });
    }
  });

  it('missing or empty messages', () => {
    expect(refusal({ model: 'm' })).toEqual({
      status: 400,
      message: "Invalid value for 'messages': is required",
      param: 'messages',
      code: 'invalid_value',
    });
    expect(refusal({ messages: [] })).toMatchObject({ param: 'messages', code: 'invalid_value' });
    expect(refusal({ messages: [] }).message).not.toContain('is required');
    expect(refusal({ messages: 'hi' }).param).toBe('messages');
  });

  // a content part's problem is named as the message's content (a string or a list of parts)
  it('each typed field of the wrong type or out of range', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ model: 1 }, 'model'],
      [{ messages: [{ content: 'x' }] }, 'messages[0].role'],
      [{ messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
      [{ messages: [user, { role: 'user', content: 5 }] }, 'messages[1].content'],
      [{ messages: [{ role: 'user', content: [{ text: 'x' }] }] }, 'messages[0].content'],
      [{ messages: [{ role: 'user', content: [{ type: 'text', text: 1 }] }] }, 'messages[0].content'],
      [{ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: 1 }] }] }, 'messages[0].content'],
      [{ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] }, 'messages[0].content'],
      [{ messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: 1 } }] }] }, 'messages[0].content'],
      [{ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 1 } }] }] }, 'messages[0].content'],
      [{ messages: [{ role: 'user', content: [{ type: 'file', file: { filename: 1 } }] }] }, 'messages[0].content'],
      [{ messages: [{ role: 'user', content: [{ type: 'file', file: 'x' }] }] }, 'messages[0].content'],
      [
        { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x' } }] }] },
        'messages[0].content',
      ],
      [
        { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { format: 'wav' } }] }] },
        'messages[0].content',
      ],
      [{ messages: [{ role: 'assistant', content: [{ type: 'refusal', refusal: 1 }] }] }, 'messages[0].content'],
      [{ messages: [{ ...user, name: 1 }] }, 'messages[0].name'],
      [
        { messages: [{ role: 'assistant', content: null, tool_calls: [{ function: { arguments: '{}' } }] }] },
        'messages[0].tool_calls[0].function.name',
      ],
      [
        { messages: [{ role: 'assistant', content: null, tool_calls: [{ function: { name: 'f', arguments: {} } }] }] },
        'messages[0].tool_calls[0].function.arguments',
      ],
      [
        { messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 1, function: { name: 'f' } }] }] },
        'messages[0].tool_calls[0].id',
      ],
      [
        { messages: [{ role: 'assistant', content: null, tool_calls: [{ type: 1, function: { name: 'f' } }] }] },
        'messages[0].tool_calls[0].type',
      ],
      [{ messages: [{ role: 'assistant', content: null, tool_calls: {} }] }, 'messages[0].tool_calls'],
      [{ messages: [{ role: 'tool', content: 'x', tool_call_id: 1 }] }, 'messages[0].tool_call_id'],
      [
        { messages: [{ role: 'assistant', content: null, function_call: { arguments: '{}' } }] },
        'messages[0].function_call.name',
      ],
      [
        { messages: [{ role: 'assistant', content: null, function_call: { name: 'f', arguments: 1 } }] },
        'messages[0].function_call.arguments',
      ],
      [{ stream: 'yes' }, 'stream'],
      [{ stream_options: { include_usage: 'yes' } }, 'stream_options.include_usage'],
      [{ temperature: -0.1 }, 'temperature'],
      [{ temperature: 2.01 }, 'temperature'],
      [{ temperature: '1' }, 'temperature'],
      [{ top_p: -0.1 }, 'top_p'],
      [{ top_p: 1.01 }, 'top_p'],
      [{ max_tokens: 0 }, 'max_tokens'],
      [{ max_completion_tokens: -1 }, 'max_completion_tokens'],
      [{ max_output_tokens: 1.5 }, 'max_output_tokens'],
      [{ stop: 1 }, 'stop'],
      [{ stop: [1] }, 'stop'],
      [{ n: 0 }, 'n'],
      [{ n: 1.5 }, 'n'],
      [{ reasoning_effort: 1 }, 'reasoning_effort'],
      [{ reasoning: { effort: 1 } }, 'reasoning.effort'],
      [{ reasoning: { max_tokens: 1.5 } }, 'reasoning.max_tokens'],
      [{ reasoning: { enabled: 'yes' } }, 'reasoning.enabled'],
      [{ reasoning: { exclude: 'yes' } }, 'reasoning.exclude'],
      [{ tools: [{ type: 1 }] }, 'tools[0].type'],
      [{ tools: [{ function: { name: '' } }] }, 'tools[0].function.name'],
      [{ tools: [{ function: { name: 'f', description: 1 } }] }, 'tools[0].function.description'],
      [{ tools: [{ function: { name: 'f', parameters: [] } }] }, 'tools[0].function.parameters'],
      [{ functions: [{ name: '' }] }, 'functions[0].name'],
      [{ functions: [{ name: 'f', description: 1 }] }, 'functions[0].description'],
      [{ functions: [{ name: 'f', parameters: 'x' }] }, 'functions[0].parameters'],
      [{ response_format: { json_schema: {} } }, 'response_format.type'],
      [{ response_format: { type: 'json_schema', json_schema: 'x' } }, 'response_format.json_schema'],
    ];
    for (const [extra, param] of cases) {
      const r = refusal({ ...base, ...extra });
      expect(r, JSON.stringify(extra)).toMatchObject({ status: 400, param, code: 'invalid_value' });
      expect(r.message.startsWith(`Invalid value for '${param}': `), r.message).toBe(true);
    }
  });

  it('a too-deep value inside each free-JSON field, named as that field', () => {
    const deep = nest(100);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ tools: [{}, { function: { name: 'f', parameters: deep } }] }, 'tools[1].function.parameters'],
      [{ functions: [{ name: 'f', parameters: deep }] }, 'functions[0].parameters'],
      [
        { response_format: { type: 'json_schema', json_schema: { schema: deep } } },
        'response_format.json_schema.schema',
      ],
      [{ tool_choice: deep }, 'tool_choice'],
      [{ messages: [user, { role: 'user', content: [deep] }] }, 'messages[1].content'],
      [{ metadata: deep }, 'metadata'],
    ];
    for (const [extra, param] of cases) {
      expect(refusal({ ...base, ...extra }), param).toMatchObject({ status: 400, param, code: 'invalid_value' });
    }
    expect(CHAT_OPAQUE_FIELDS).toHaveLength(6);
  });
});

describe('fieldPath and parseRequestBody', () => {
  it('fieldPath writes an issue path as OpenAI names a param', () => {
    expect(fieldPath([])).toBe('');
    expect(fieldPath(['messages', 0, 'content'])).toBe('messages[0].content');
    expect(fieldPath([Symbol.for('s')])).toBe('Symbol(s)');
    expect(fieldPath([2, 'x'])).toBe('[2].x');
  });

  it('words a problem of the body itself with param null, and lets a surface word it its way', () => {
    const schema = z.object({ a: z.string() }).refine((v) => v.a !== 'no', 'a must not be no');
    expect(() => parseRequestBody(schema, { a: 'no' })).toThrow("Invalid value for 'body': a must not be no");
    const wording = (param: string | null, issue: { missing: boolean; message: string }) => ({
      message: `${param ?? '-'} ${issue.missing ? 'missing' : 'bad'}`,
      param: param === null ? null : `x.${param}`,
    });
    for (const [body, message, param] of [
      [{}, 'a missing', 'x.a'],
      [{ a: 1 }, 'a bad', 'x.a'],
      [{ a: 'no' }, '- bad', null],
    ] as const) {
      try {
        parseRequestBody(schema, body, wording);
        expect.unreachable();
      } catch (err) {
        expect(err).toMatchObject({ status: 400, message, param, code: 'invalid_value' });
      }
    }
    expect(parseRequestBody(schema, { a: 'yes' })).toEqual({ a: 'yes' });
    expect(openAiWording('f', { missing: false, message: 'too big' })).toEqual({
      message: "Invalid value for 'f': too big",
      param: 'f',
    });
  });

  it('bounds the body shape with the surface’s free-JSON fields', () => {
    const schema = z.looseObject({});
    expect(() => parseRequestBody(schema, { x: nest(100) })).toThrow("Invalid value for 'x': nested deeper than 64");
    expect(() => parseRequestBody(schema, { x: { y: nest(100) } }, openAiWording, ['x.y'])).toThrow(
      "Invalid value for 'x.y'",
    );
  });
});
