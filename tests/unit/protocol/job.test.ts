import { describe, expect, it } from 'vitest';
import {
  Attachment,
  FinishReason,
  FunctionDeclaration,
  JobEvent,
  JobRequest,
  RunSettings,
  ThinkingSetting,
} from '../../../protocol/job.ts';

// The job schemas are the trust boundary between the bridge and a worker tab: whatever crosses the
// WebSocket is parsed here. Each test pins what is accepted (and parses to the same data) and what
// is refused, field by field.

const accepts = (schema: { safeParse(v: unknown): { success: boolean; data?: unknown } }, value: unknown): unknown => {
  const r = schema.safeParse(value);
  expect(r.success, JSON.stringify(value)).toBe(true);
  return r.data;
};
const refuses = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown): void => {
  expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(false);
};

const request = {
  model: 'gemini-2.5-pro',
  systemInstruction: 'Be brief.',
  prompt: 'Hello',
  settings: {},
};

describe('FunctionDeclaration', () => {
  it('takes a name with an optional description and parameters object', () => {
    expect(accepts(FunctionDeclaration, { name: 'f' })).toEqual({ name: 'f' });
    const full = { name: 'get_weather', description: 'd', parameters: { type: 'object', properties: {} } };
    expect(accepts(FunctionDeclaration, full)).toEqual(full);
  });

  it('refuses an empty or missing name, and non-object parameters', () => {
    refuses(FunctionDeclaration, { name: '' });
    refuses(FunctionDeclaration, {});
    refuses(FunctionDeclaration, { name: 1 });
    refuses(FunctionDeclaration, { name: 'f', description: 2 });
    refuses(FunctionDeclaration, { name: 'f', parameters: 'x' });
    refuses(FunctionDeclaration, { name: 'f', parameters: [] });
  });
});

describe('Attachment', () => {
  it('takes name, mimeType and base64 data, all strings', () => {
    const a = { name: 'a.png', mimeType: 'image/png', data: 'iVBORw0KGgo=' };
    expect(accepts(Attachment, a)).toEqual(a);
    expect(accepts(Attachment, { name: '', mimeType: '', data: '' })).toEqual({ name: '', mimeType: '', data: '' });
  });

  it('refuses each field missing or not a string', () => {
    for (const key of ['name', 'mimeType', 'data']) {
      const a: Record<string, unknown> = { name: 'a', mimeType: 'm', data: 'd' };
      delete a[key];
      refuses(Attachment, a);
      refuses(Attachment, { name: 'a', mimeType: 'm', data: 'd', [key]: 5 });
    }
  });
});

describe('ThinkingSetting', () => {
  it('takes each mode with its own field', () => {
    expect(accepts(ThinkingSetting, { mode: 'off' })).toEqual({ mode: 'off' });
    expect(accepts(ThinkingSetting, { mode: 'auto' })).toEqual({ mode: 'auto' });
    expect(accepts(ThinkingSetting, { mode: 'budget', budget: 1 })).toEqual({ mode: 'budget', budget: 1 });
    for (const level of ['minimal', 'low', 'medium', 'high']) {
      expect(accepts(ThinkingSetting, { mode: 'level', level })).toEqual({ mode: 'level', level });
    }
  });

  it('refuses an unknown mode, a budget that is not a positive integer, an unknown level', () => {
    refuses(ThinkingSetting, { mode: '' });
    refuses(ThinkingSetting, { mode: 'on' });
    refuses(ThinkingSetting, {});
    refuses(ThinkingSetting, { mode: 'budget' });
    refuses(ThinkingSetting, { mode: 'budget', budget: 0 });
    refuses(ThinkingSetting, { mode: 'budget', budget: -5 });
    refuses(ThinkingSetting, { mode: 'budget', budget: 1.5 });
    refuses(ThinkingSetting, { mode: 'budget', budget: '10' });
    refuses(ThinkingSetting, { mode: 'level' });
    refuses(ThinkingSetting, { mode: 'level', level: 'max' });
    refuses(ThinkingSetting, { mode: 'level', level: '' });
  });
});

describe('RunSettings', () => {
  it('takes every setting at its bounds, and none at all', () => {
    expect(accepts(RunSettings, {})).toEqual({});
    const low = {
      temperature: 0,
      topP: 0,
      maxOutputTokens: 1,
      stopSequences: [],
      googleSearch: false,
      urlContext: false,
    };
    expect(accepts(RunSettings, low)).toEqual(low);
    const high = {
      temperature: 2,
      topP: 1,
      maxOutputTokens: 65536,
      stopSequences: Array.from({ length: 16 }, (_, i) => `s${i}`),
      thinking: { mode: 'off' },
      googleSearch: true,
      urlContext: true,
    };
    expect(accepts(RunSettings, high)).toEqual(high);
  });

  it('refuses each setting out of range or of the wrong type', () => {
    for (const bad of [
      { temperature: -0.1 },
      { temperature: 2.1 },
      { temperature: '1' },
      { topP: -0.01 },
      { topP: 1.01 },
      { topP: '0.5' },
      { maxOutputTokens: 0 },
      { maxOutputTokens: -1 },
      { maxOutputTokens: 10.5 },
      { maxOutputTokens: '10' },
      { stopSequences: [''] },
      { stopSequences: 'END' },
      { stopSequences: [1] },
      { stopSequences: Array.from({ length: 17 }, (_, i) => `s${i}`) },
      { thinking: { mode: 'budget', budget: 0 } },
      { googleSearch: 'yes' },
      { urlContext: 1 },
    ]) {
      refuses(RunSettings, bad);
    }
  });
});

describe('JobRequest', () => {
  it('parses a full request to the same data', () => {
    const full = {
      ...request,
      settings: { temperature: 0.5, thinking: { mode: 'level', level: 'low' } },
      tools: [{ name: 'f', parameters: { type: 'object' } }],
      attachments: [{ name: 'a.txt', mimeType: 'text/plain', data: 'aGk=' }],
    };
    expect(accepts(JobRequest, full)).toEqual(full);
    expect(accepts(JobRequest, { ...request, model: null, systemInstruction: null })).toEqual({
      ...request,
      model: null,
      systemInstruction: null,
    });
    expect(accepts(JobRequest, { ...request, systemInstruction: '' })).toMatchObject({ systemInstruction: '' });
    expect(accepts(JobRequest, { ...request, tools: [], attachments: [] })).toMatchObject({
      tools: [],
      attachments: [],
    });
  });

  it('refuses each required field missing, empty or of the wrong type', () => {
    for (const key of ['model', 'systemInstruction', 'prompt', 'settings']) {
      const r: Record<string, unknown> = { ...request };
      delete r[key];
      refuses(JobRequest, r);
    }
    refuses(JobRequest, { ...request, model: '' });
    refuses(JobRequest, { ...request, model: 3 });
    refuses(JobRequest, { ...request, systemInstruction: 3 });
    refuses(JobRequest, { ...request, prompt: '' });
    refuses(JobRequest, { ...request, prompt: null });
    refuses(JobRequest, { ...request, settings: null });
    refuses(JobRequest, { ...request, settings: { temperature: 3 } });
    refuses(JobRequest, { ...request, tools: [{ name: '' }] });
    refuses(JobRequest, { ...request, tools: {} });
    refuses(JobRequest, { ...request, attachments: [{ name: 'a' }] });
    refuses(JobRequest, { ...request, attachments: 'a' });
  });
});

describe('FinishReason', () => {
  it('is one of the four OpenAI finish reasons', () => {
    for (const reason of ['stop', 'length', 'tool_calls', 'content_filter'])
      expect(accepts(FinishReason, reason)).toBe(reason);
    refuses(FinishReason, '');
    refuses(FinishReason, 'STOP');
    refuses(FinishReason, 'function_call');
  });
});

describe('JobEvent', () => {
  it('parses every kind of event to the same data', () => {
    const events = [
      { kind: 'started' },
      { kind: 'started', model: 'gemini-2.5-flash' },
      { kind: 'text', text: 'Hi' },
      { kind: 'text', text: '' },
      { kind: 'thought', text: 'hmm' },
      { kind: 'tool_call', name: 'f', arguments: '{"a":1}' },
      { kind: 'usage' },
      { kind: 'usage', promptTokens: 0, completionTokens: 0, reasoningTokens: 0 },
      { kind: 'usage', promptTokens: 12, completionTokens: 34, reasoningTokens: 56 },
      { kind: 'done' },
      ...['stop', 'length', 'tool_calls', 'content_filter'].map((finishReason) => ({ kind: 'done', finishReason })),
      { kind: 'error', code: 'quota_exceeded', message: 'Quota exceeded' },
      { kind: 'error', code: 'request_too_large', message: '' },
      { kind: 'image', mimeType: 'image/png', data: 'iVBORw0KGgo=' },
      { kind: 'code', language: 'python', code: 'print(1)' },
      { kind: 'code_result', outcome: 'ok', output: '1\n' },
      {
        kind: 'grounding',
        queries: ['q'],
        sources: [{ uri: 'https://a.example', title: 'a.example' }],
        supports: [{ start: 0, end: 3, text: 'abc', sources: [0] }],
      },
    ];
    for (const event of events) expect(accepts(JobEvent, event)).toEqual(event);
  });

  it('refuses an unknown kind and each field missing, of the wrong type or out of range', () => {
    for (const bad of [
      {},
      { kind: '' },
      { kind: 'chunk', text: 'x' },
      { kind: 'started', model: 1 },
      { kind: 'text' },
      { kind: 'text', text: 1 },
      { kind: 'thought' },
      { kind: 'thought', text: null },
      { kind: 'tool_call', arguments: '{}' },
      { kind: 'tool_call', name: '', arguments: '{}' },
      { kind: 'tool_call', name: 'f' },
      { kind: 'tool_call', name: 'f', arguments: {} },
      { kind: 'usage', promptTokens: -1 },
      { kind: 'usage', promptTokens: 1.5 },
      { kind: 'usage', promptTokens: '1' },
      { kind: 'usage', completionTokens: -1 },
      { kind: 'usage', completionTokens: 2.5 },
      { kind: 'usage', completionTokens: '2' },
      { kind: 'usage', reasoningTokens: -1 },
      { kind: 'usage', reasoningTokens: 3.5 },
      { kind: 'usage', reasoningTokens: '3' },
      { kind: 'done', finishReason: 'end' },
      { kind: 'error', message: 'x' },
      { kind: 'error', code: 'oops', message: 'x' },
      { kind: 'error', code: 'internal' },
      { kind: 'error', code: 'internal', message: 5 },
      { kind: 'image', mimeType: 'image/png', data: '' },
      { kind: 'image', data: 'x' },
      { kind: 'code_result', outcome: 'maybe', output: '' },
      { kind: 'grounding', queries: [], sources: [], supports: [{ start: -1, end: 0, text: '', sources: [] }] },
    ]) {
      refuses(JobEvent, bad);
    }
  });
});
