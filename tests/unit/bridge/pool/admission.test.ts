import { describe, expect, it } from 'vitest';
import type { JobRequest } from '../../../../protocol/job.ts';
import {
  admitJob,
  checkBodyShape,
  checkStopSequences,
  fieldName,
  REQUEST_LIMITS,
  TokenLimit,
} from '../../../../bridge/pool/admission.ts';

// Admission is the request-limits core every API surface runs before a request may become a job.
// These tests pin the exact 400 each limit gives (status, message, param, code), as a client sees it.

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    const e = err as { status: number; message: string; param: string | null; code: string | null; type: string };
    return { status: e.status, message: e.message, param: e.param, code: e.code, type: e.type };
  }
  throw new Error('expected a 400');
};

const nest = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};

describe('REQUEST_LIMITS', () => {
  it('are the documented limits', () => {
    expect(REQUEST_LIMITS).toEqual({ maxDepth: 64, maxValues: 1_000_000, maxStopSequences: 16, maxStopLength: 1_000 });
  });
});

describe('fieldName', () => {
  it('writes a path the way OpenAI names a param', () => {
    expect(fieldName([])).toBe('');
    expect(fieldName(['messages'])).toBe('messages');
    expect(fieldName(['messages', 0, 'content', 2, 'text'])).toBe('messages[0].content[2].text');
    expect(fieldName([0, 'a'])).toBe('[0].a');
  });
});

describe('checkBodyShape refusals', () => {
  it('a too-deep body with no field to name says "body" and has no param', () => {
    const limits = { ...REQUEST_LIMITS, maxDepth: 3 };
    expect(() => checkBodyShape(nest(3), [], limits)).not.toThrow();
    expect(refusal(() => checkBodyShape(nest(4), [], limits))).toEqual({
      status: 400,
      type: 'invalid_request_error',
      message: "Invalid value for '[0][0]': nested deeper than 3 levels.",
      param: '[0][0]',
      code: 'invalid_value',
    });
    expect(refusal(() => checkBodyShape(nest(1), [], { ...limits, maxDepth: 0 }))).toEqual({
      status: 400,
      type: 'invalid_request_error',
      message: "Invalid value for 'body': nested deeper than 0 levels.",
      param: null,
      code: 'invalid_value',
    });
  });

  it('too many values names the field they were counted in, or the body', () => {
    const limits = { ...REQUEST_LIMITS, maxValues: 3 };
    expect(() => checkBodyShape({ a: 1, b: 2 }, [], limits)).not.toThrow();
    expect(refusal(() => checkBodyShape({ a: 1, b: 2, c: 3 }, [], limits))).toEqual({
      status: 400,
      type: 'invalid_request_error',
      message: "The request has more than 3 JSON values (last counted in 'c').",
      param: 'c',
      code: 'request_too_large',
    });
    expect(refusal(() => checkBodyShape({}, [], { ...limits, maxValues: 0 }))).toEqual({
      status: 400,
      type: 'invalid_request_error',
      message: "The request has more than 0 JSON values (last counted in 'body').",
      param: null,
      code: 'request_too_large',
    });
  });

  it('counts strings, numbers, booleans and nulls, in objects and arrays', () => {
    const limits = { ...REQUEST_LIMITS, maxValues: 6 };
    expect(() => checkBodyShape({ a: ['x', 1, true], b: false }, [], limits)).not.toThrow();
    expect(refusal(() => checkBodyShape({ a: ['x', 1, true, null], b: false }, [], limits)).param).toBe('a[3]');
    expect(refusal(() => checkBodyShape({ a: ['x', 1, true], b: false, c: null }, [], limits)).param).toBe('a[2]');
  });

  it('names a nested opaque field by its longest pattern and with every index', () => {
    const opaque = ['a[][].b', 'a[][].b.c'];
    const body = { a: [[{}], [{ b: { c: nest(80) } }]] };
    expect(refusal(() => checkBodyShape(body, opaque)).param).toBe('a[1][0].b.c');
    expect(refusal(() => checkBodyShape({ a: [[{ b: { d: nest(80) } }]] }, opaque)).param).toBe('a[0][0].b');
    // a pattern that wants an index does not match a key
    expect(refusal(() => checkBodyShape({ a: { x: [{ b: nest(80) }] } }, opaque)).param).toBe('a');
    // the pattern order does not matter
    expect(refusal(() => checkBodyShape(body, [...opaque].reverse())).param).toBe('a[1][0].b.c');
  });

  it('names a problem beyond the tracked path by the fields it does track', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: nest(80) } } } } } } } } } };
    expect(refusal(() => checkBodyShape(deep, ['a.b.c.d.e.f.g.h'])).param).toBe('a.b.c.d.e.f.g.h');
    expect(refusal(() => checkBodyShape(deep, ['a.b.c.d.e.f.g.h.i'])).param).toBe('a');
  });
});

describe('TokenLimit', () => {
  it('takes a positive integer and refuses anything else with one message', () => {
    expect(TokenLimit.parse(1)).toBe(1);
    expect(TokenLimit.parse(65536)).toBe(65536);
    for (const bad of [0, -5, 1.5, '10', null]) {
      const r = TokenLimit.safeParse(bad);
      expect(r.success).toBe(false);
      if (typeof bad === 'number') expect(r.error?.issues[0]?.message).toBe('must be a positive integer');
    }
  });
});

describe('checkStopSequences', () => {
  it('gives the page a list: none, one, or the distinct non-empty ones', () => {
    expect(checkStopSequences(undefined)).toEqual([]);
    expect(checkStopSequences(null)).toEqual([]);
    expect(checkStopSequences('END')).toEqual(['END']);
    expect(checkStopSequences('')).toEqual([]);
    expect(checkStopSequences(['a', '', 'b', 'a'])).toEqual(['a', 'b']);
  });

  it('takes 16 sequences of 1,000 characters and refuses a 17th', () => {
    const sixteen = Array.from({ length: 16 }, (_, i) => `${i}`.padEnd(1_000, 'x'));
    expect(checkStopSequences(sixteen)).toEqual(sixteen);
    expect(refusal(() => checkStopSequences([...sixteen, 'y']))).toEqual({
      status: 400,
      type: 'invalid_request_error',
      message: 'at most 16 stop sequences are supported',
      param: 'stop',
      code: 'invalid_value',
    });
    expect(refusal(() => checkStopSequences([...sixteen, 'y'], 'stop_sequences'))).toMatchObject({
      message: 'stop_sequences: at most 16 stop sequences are supported',
      param: 'stop_sequences',
    });
  });

  it('refuses a sequence over 1,000 characters, naming it', () => {
    const long = 'x'.repeat(1_001);
    expect(refusal(() => checkStopSequences(['a', long]))).toEqual({
      status: 400,
      type: 'invalid_request_error',
      message: 'a stop sequence may have at most 1000 characters',
      param: 'stop[1]',
      code: 'invalid_value',
    });
    expect(refusal(() => checkStopSequences(long))).toMatchObject({ param: 'stop' });
    expect(refusal(() => checkStopSequences([long], 'generationConfig.stopSequences'))).toMatchObject({
      message: 'generationConfig.stopSequences: a stop sequence may have at most 1000 characters',
      param: 'generationConfig.stopSequences[0]',
    });
    expect(refusal(() => checkStopSequences(long, 'stop_sequences')).param).toBe('stop_sequences');
  });
});

describe('admitJob', () => {
  const request: JobRequest = { model: null, systemInstruction: null, prompt: 'hi', settings: {} };

  it('keeps the request and its JSON text', () => {
    const admitted = admitJob(request);
    expect(admitted.request).toBe(request);
    expect(admitted.json).toBe(JSON.stringify(request));
  });

  it('refuses a request that cannot be serialised with a 400 naming why', () => {
    const bad = { ...request, tools: [{ name: 'f', parameters: { n: 1n } }] };
    const r = refusal(() => admitJob(bad as unknown as JobRequest));
    expect(r).toMatchObject({ status: 400, param: null, code: 'invalid_value' });
    expect(r.message).toMatch(/^the request cannot be sent to the AI Studio page: .*BigInt/);
  });

  it('names the field when the unserialisable request is also too deep', () => {
    const tooDeep = { ...request, tools: [{ name: 'f', parameters: { a: nest(100) as object, n: 1n } }] };
    expect(refusal(() => admitJob(tooDeep as unknown as JobRequest))).toMatchObject({
      status: 400,
      param: 'tools[0].parameters',
      code: 'invalid_value',
    });
  });
});
