import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseRequestBody } from '../../../../bridge/conversation/messages.ts';
import { StopScanner } from '../../../../bridge/conversation/stop.ts';
import { buildUsage, combineUsage, TokenTally, type Usage } from '../../../../bridge/conversation/usage.ts';

describe('combineUsage (n answers to one prompt)', () => {
  const a: Usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
  const b: Usage = {
    prompt_tokens: 10,
    completion_tokens: 7,
    total_tokens: 17,
    completion_tokens_details: { reasoning_tokens: 3 },
  };
  const c: Usage = {
    prompt_tokens: 10,
    completion_tokens: 9,
    total_tokens: 19,
    completion_tokens_details: { reasoning_tokens: 4 },
  };

  it('counts the prompt once and adds up the answers and their reasoning', () => {
    expect(combineUsage([a, b, c])).toEqual({
      prompt_tokens: 10,
      completion_tokens: 21,
      total_tokens: 31,
      completion_tokens_details: { reasoning_tokens: 7 },
    });
    expect(combineUsage([b, a])).toEqual({
      prompt_tokens: 10,
      completion_tokens: 12,
      total_tokens: 22,
      completion_tokens_details: { reasoning_tokens: 3 },
    });
  });

  it('gives no reasoning details when no answer reasoned', () => {
    expect(combineUsage([a, a])).toEqual({ prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 });
  });

  it('one answer is its own usage; none is all zeros', () => {
    expect(combineUsage([b])).toBe(b);
    const unreasoned = { ...a, completion_tokens_details: { reasoning_tokens: 0 } };
    expect(combineUsage([unreasoned])).toEqual(unreasoned);
    expect(combineUsage([])).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  });
});

describe('buildUsage from streamed tallies', () => {
  it('estimates answer and reasoning from tallies the same as from the whole text', () => {
    const answer = new TokenTally().add('abcd').add('efgh').add('你好');
    const reasoning = new TokenTally().add('abcdefghijkl');
    expect(buildUsage(null, 'abcdabcd', answer, reasoning)).toEqual(
      buildUsage(null, 'abcdabcd', 'abcdefgh你好', 'abcdefghijkl'),
    );
    expect(buildUsage(null, 'abcdabcd', answer, reasoning)).toEqual({
      prompt_tokens: 2,
      completion_tokens: 4 + 3,
      total_tokens: 9,
      completion_tokens_details: { reasoning_tokens: 3 },
    });
  });
});

describe('StopScanner edges', () => {
  it('reports the stop sequence it cut at', () => {
    const s = new StopScanner(['END', 'STOP']);
    expect(s.matched).toBeNull();
    expect(s.push('one STOP two END')).toBe('one ');
    expect(s.matched).toBe('STOP');
  });

  it('cuts at the sequence that completes first, even when a longer one started earlier', () => {
    const s = new StopScanner(['b', 'xbc']);
    expect(s.push('x')).toBe('');
    expect(s.push('bc')).toBe('x');
    expect(s.matched).toBe('b');
  });

  it('cuts before the longest of two sequences completing on the first character of a chunk, listed first', () => {
    const s = new StopScanner(['ab', 'b']);
    expect(s.push('a')).toBe('');
    expect(s.push('b')).toBe('');
    expect(s.matched).toBe('ab');
  });

  it('gives the held tail once at the end, and nothing after a second flush', () => {
    const s = new StopScanner(['END']);
    expect(s.push('the EN')).toBe('the ');
    expect(s.flush()).toBe('EN');
    expect(s.flush()).toBe('');
    const hit = new StopScanner(['END']);
    expect(hit.push('a END b')).toBe('a ');
    expect(hit.flush()).toBe('');
    expect(hit.flush()).toBe('');
  });
});

describe('parseRequestBody wording', () => {
  it('a refusal whose message mentions undefined is not a missing field', () => {
    const schema = z.object({ a: z.string().refine((v) => v !== 'u', 'must not be undefined') });
    expect(() => parseRequestBody(schema, { a: 'u' })).toThrow("Invalid value for 'a': must not be undefined");
    expect(() => parseRequestBody(schema, {})).toThrow("Invalid value for 'a': is required");
  });
});
