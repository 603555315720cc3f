import { describe, expect, it } from 'vitest';
import { MessageSchemas, ModelInfo, PageHealth, TabInfo, TabLoad } from '../../../protocol/messages.ts';

// Every frame on the bridge ↔ extension link is checked against MessageSchemas[type]. These tests
// pin, message by message, what parses (to the same data) and what is refused.

type Schema = { safeParse(v: unknown): { success: boolean; data?: unknown } };
const same = (schema: Schema, value: unknown): void => {
  const r = schema.safeParse(value);
  expect(r.success, JSON.stringify(value)).toBe(true);
  expect(r.data).toEqual(value);
};
const refuses = (schema: Schema, value: unknown): void => {
  expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(false);
};

const health = { ok: true, missing: [], checkedAt: 1 };
const tab = { tabId: '123', url: 'https://aistudio.google.com/prompts/new_chat', model: 'gemini-2.5-pro', health };
const load = { tabId: '1', state: 'loaded', problem: null, reason: null, attempts: 0, retryAt: null };
const request = { model: null, systemInstruction: null, prompt: 'Hi', settings: {} };

describe('PageHealth and TabInfo', () => {
  it('parse a healthy and an unhealthy page to the same data', () => {
    same(PageHealth, health);
    same(PageHealth, { ok: false, missing: ['promptTextarea', 'runButton'], checkedAt: 1_700_000_000_000 });
    same(TabInfo, tab);
    same(TabInfo, { ...tab, model: null, url: '' });
  });

  it('refuse a field missing or of the wrong type', () => {
    refuses(PageHealth, { missing: [], checkedAt: 1 });
    refuses(PageHealth, { ok: 'yes', missing: [], checkedAt: 1 });
    refuses(PageHealth, { ok: true, missing: [1], checkedAt: 1 });
    refuses(PageHealth, { ok: true, checkedAt: 1 });
    refuses(PageHealth, { ok: true, missing: [], checkedAt: '1' });
    refuses(TabInfo, { ...tab, tabId: '' });
    refuses(TabInfo, { ...tab, tabId: 123 });
    refuses(TabInfo, { ...tab, url: undefined });
    refuses(TabInfo, { ...tab, model: undefined });
    refuses(TabInfo, { ...tab, model: 1 });
    refuses(TabInfo, { ...tab, health: { ok: true } });
  });
});

describe('TabLoad', () => {
  it('parses every state and problem to the same data', () => {
    for (const state of ['loading', 'loaded', 'failed', 'closed']) same(TabLoad, { ...load, state });
    for (const problem of ['error_page', 'sign_in', 'no_content_script']) {
      same(TabLoad, {
        ...load,
        state: 'failed',
        problem,
        reason: 'reloading',
        attempts: 3,
        retryAt: 1_700_000_000_000,
      });
    }
  });

  it('refuses an unknown state or problem, a bad count, a missing field', () => {
    for (const bad of [
      { ...load, tabId: '' },
      { ...load, state: '' },
      { ...load, state: 'gone' },
      { ...load, problem: 'offline' },
      { ...load, problem: '' },
      { ...load, problem: undefined },
      { ...load, reason: undefined },
      { ...load, reason: 1 },
      { ...load, attempts: -1 },
      { ...load, attempts: 1.5 },
      { ...load, attempts: undefined },
      { ...load, retryAt: undefined },
      { ...load, retryAt: 'soon' },
    ]) {
      refuses(TabLoad, bad);
    }
  });
});

describe('ModelInfo', () => {
  it('parses a bare id and a full entry to the same data', () => {
    same(ModelInfo, { id: 'gemini-2.5-pro' });
    same(ModelInfo, {
      id: 'gemini-2.5-pro',
      displayName: 'Gemini 2.5 Pro',
      description: 'd',
      outputTokenLimit: 65536,
      defaultTopP: 0.95,
    });
  });

  it('refuses an empty id and a token limit that is not a positive integer', () => {
    for (const bad of [
      {},
      { id: '' },
      { id: 1 },
      { id: 'm', displayName: 1 },
      { id: 'm', description: 1 },
      { id: 'm', outputTokenLimit: 0 },
      { id: 'm', outputTokenLimit: -1 },
      { id: 'm', outputTokenLimit: 1.5 },
      { id: 'm', defaultTopP: '0.9' },
    ]) {
      refuses(ModelInfo, bad);
    }
  });
});

describe('MessageSchemas', () => {
  const valid: Record<keyof typeof MessageSchemas, unknown[]> = {
    hello: [
      { protocolVersion: 1, token: 't', extensionVersion: '0.1.0' },
      {
        protocolVersion: 1,
        token: 't',
        extensionVersion: '0.1.0',
        userAgent: 'Chrome',
        pairedVia: 'native',
        extensionId: 'x'.repeat(200),
        account: 'a'.repeat(200),
      },
      { protocolVersion: 1, token: '', extensionVersion: '', pairedVia: 'manual' },
      { protocolVersion: 1, token: '', extensionVersion: '', pairedVia: 'unknown' },
      { protocolVersion: 2, nonce: 'n'.repeat(43), extensionVersion: '0.2.0', pairedVia: 'native' },
    ],
    challenge: [{ nonce: 'A-z_0'.repeat(9), proof: 'p' }],
    proof: [{ proof: 'p' }, { proof: 'p', account: 'a'.repeat(200) }],
    'tab.ready': [tab],
    'tab.busy': [{ tabId: '1', reason: 'reloading' }],
    'tab.gone': [{ tabId: '1', reason: 'closed' }],
    'tab.load': [load],
    account: [{ label: 'a' }, { label: 'a'.repeat(200) }],
    models: [{ models: [{ id: 'gemini-2.5-pro' }] }],
    'job.event': [{ jobId: 'j1', event: { kind: 'text', text: 'Hi' } }],
    'page.report': [
      { requestId: 'r1', tabs: [] },
      {
        requestId: 'r1',
        tabs: [
          {
            tabId: '123',
            error: null,
            report: { url: 'u', selectors: [], customElements: [], dataTestAttributes: [], ariaLabels: [] },
          },
        ],
      },
    ],
    welcome: [{ protocolVersion: 1, bridgeVersion: '0.1.0' }],
    'job.start': [{ jobId: 'j1', tabId: '1', request }],
    'job.cancel': [{ jobId: 'j1', reason: 'client went away' }],
    selectors: [{ overrides: {} }, { overrides: { runButton: ['button.run'] } }],
    'page.report.request': [{ requestId: 'r1' }],
    ping: [{ t: 1 }],
    pong: [{ t: 0 }],
    error: [
      { code: 'protocol', message: 'bad frame' },
      { code: 'internal', message: 'bug', about: 'f1' },
    ],
  };

  const invalid: Record<keyof typeof MessageSchemas, unknown[]> = {
    hello: [
      {},
      { token: 't', extensionVersion: '0.1.0' },
      { protocolVersion: 1.5, token: 't', extensionVersion: '0.1.0' },
      { protocolVersion: '1', token: 't', extensionVersion: '0.1.0' },
      { protocolVersion: 1, token: 1, extensionVersion: '0.1.0' },
      { protocolVersion: 1, token: 't' },
      { protocolVersion: 1, token: 't', extensionVersion: 1 },
      { protocolVersion: 1, token: 't', extensionVersion: '0', userAgent: 1 },
      { protocolVersion: 1, token: 't', extensionVersion: '0', pairedVia: 'pasted' },
      { protocolVersion: 1, token: 't', extensionVersion: '0', pairedVia: '' },
      { protocolVersion: 1, token: 't', extensionVersion: '0', extensionId: 'x'.repeat(201) },
      { protocolVersion: 1, token: 't', extensionVersion: '0', extensionId: 1 },
      { protocolVersion: 1, token: 't', extensionVersion: '0', account: 'a'.repeat(201) },
      { protocolVersion: 1, token: 't', extensionVersion: '0', account: 1 },
      { protocolVersion: 2, nonce: 'short', extensionVersion: '0' },
      { protocolVersion: 2, nonce: 'n'.repeat(42) + '=', extensionVersion: '0' },
    ],
    challenge: [{ nonce: 'n'.repeat(43) }, { proof: 'p' }, { nonce: 'n/'.repeat(20), proof: 'p' }],
    proof: [{}, { proof: 'p'.repeat(201) }, { proof: 'p', account: 'a'.repeat(201) }],
    'tab.ready': [{ ...tab, tabId: '' }, {}],
    'tab.busy': [{ tabId: '1' }, { reason: 'r' }, { tabId: 1, reason: 'r' }, { tabId: '1', reason: 1 }],
    'tab.gone': [{ tabId: '1' }, { reason: 'r' }, { tabId: 1, reason: 'r' }, { tabId: '1', reason: 1 }],
    'tab.load': [{ ...load, state: 'gone' }, {}],
    account: [{}, { label: '' }, { label: 'a'.repeat(201) }, { label: 1 }],
    models: [{}, { models: [] }, { models: [{ id: '' }] }, { models: {} }],
    'job.event': [
      { event: { kind: 'text', text: 'Hi' } },
      { jobId: 1, event: { kind: 'text', text: 'Hi' } },
      { jobId: 'j1' },
      { jobId: 'j1', event: { kind: 'text' } },
    ],
    'page.report': [
      { tabs: [] },
      { requestId: 1, tabs: [] },
      { requestId: 'r1' },
      { requestId: 'r1', tabs: [{ tabId: '1' }] },
    ],
    welcome: [
      { bridgeVersion: '0.1.0' },
      { protocolVersion: 1.5, bridgeVersion: '0' },
      { protocolVersion: 1 },
      { protocolVersion: 1, bridgeVersion: 1 },
    ],
    'job.start': [
      { tabId: '1', request },
      { jobId: 'j1', request },
      { jobId: 'j1', tabId: '1' },
      { jobId: 'j1', tabId: 1, request },
      { jobId: 'j1', tabId: '1', request: { ...request, prompt: '' } },
    ],
    'job.cancel': [{ jobId: 'j1' }, { reason: 'r' }, { jobId: 1, reason: 'r' }, { jobId: 'j1', reason: null }],
    selectors: [{}, { overrides: { runButton: [] } }, { overrides: [] }],
    'page.report.request': [{}, { requestId: 1 }],
    ping: [{}, { t: '1' }],
    pong: [{}, { t: null }],
    error: [
      { message: 'm' },
      { code: 'oops', message: 'm' },
      { code: '', message: 'm' },
      { code: 'protocol' },
      { code: 'protocol', message: 1 },
      { code: 'protocol', message: 'm', about: 1 },
    ],
  };

  it('has a schema for exactly the documented message types', () => {
    expect(Object.keys(MessageSchemas).sort()).toEqual(Object.keys(valid).sort());
  });

  for (const type of Object.keys(valid) as (keyof typeof MessageSchemas)[]) {
    it(`${type}: valid data parses to the same data; a field missing, of the wrong type or out of range is refused`, () => {
      for (const data of valid[type]) same(MessageSchemas[type], data);
      for (const data of invalid[type]) refuses(MessageSchemas[type], data);
    });
  }
});
