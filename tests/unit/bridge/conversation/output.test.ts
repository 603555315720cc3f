import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AnswerBuilder } from '../../../../bridge/conversation/answer.ts';
import { ChunkEncoder } from '../../../../bridge/surfaces/chat/response.ts';
import { StopScanner } from '../../../../bridge/conversation/stop.ts';
import { buildUsage, estimateTokens } from '../../../../bridge/conversation/usage.ts';

describe('StopScanner', () => {
  const run = (stops: string[], chunks: string[]) => {
    const s = new StopScanner(stops);
    const out = chunks.map((c) => s.push(c));
    return { out, rest: s.flush(), hit: s.hit };
  };

  it('passes text straight through without stop sequences', () => {
    expect(run([], ['a', 'b'])).toEqual({ out: ['a', 'b'], rest: '', hit: false });
  });

  it('cuts before a stop sequence split across chunks', () => {
    expect(run(['\n\nUser:'], ['Hi.\n', '\nUs', 'er: more'])).toEqual({ out: ['Hi.', '', ''], rest: '', hit: true });
  });

  it('holds back only a possible prefix, and releases it when it was not a stop', () => {
    expect(run(['END'], ['the E', 'ND'])).toEqual({ out: ['the ', ''], rest: '', hit: true });
    expect(run(['END'], ['the E', 'nd', '!'])).toEqual({ out: ['the ', 'End', '!'], rest: '', hit: false });
    expect(run(['END'], ['tail E'])).toEqual({ out: ['tail '], rest: 'E', hit: false });
  });

  it('takes the earliest of several stops', () => {
    expect(run(['b', 'a'], ['xxab'])).toEqual({ out: ['xx'], rest: '', hit: true });
  });
});

describe('usage', () => {
  it('estimates ~4 chars per token for Latin text and ~1 per CJK character', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(estimateTokens('你好世界')).toBe(4);
    expect(estimateTokens('こんにちは world')).toBe(5 + 2);
  });

  it('prefers reported numbers and counts reasoning inside completion tokens', () => {
    expect(buildUsage({ promptTokens: 10, completionTokens: 5 }, 'p', 'a', '')).toEqual({
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
    });
    expect(buildUsage({ promptTokens: 10, completionTokens: 5, reasoningTokens: 20 }, 'p', 'a', 'thinking')).toEqual({
      prompt_tokens: 10,
      completion_tokens: 25,
      total_tokens: 35,
      completion_tokens_details: { reasoning_tokens: 20 },
    });
    const estimated = buildUsage(null, 'abcd', 'abcdefgh', 'abcd');
    expect(estimated).toEqual({
      prompt_tokens: 1,
      completion_tokens: 3,
      total_tokens: 4,
      completion_tokens_details: { reasoning_tokens: 1 },
    });
  });
});

describe('AnswerBuilder finish reasons', () => {
  it('reports tool_calls when the page says stop but called a tool, and length as given', () => {
    const a = new AnswerBuilder([], '');
    a.toolCall('f', '{}');
    expect(a.finishReason(undefined)).toBe('tool_calls');
    expect(new AnswerBuilder([], '').finishReason('length')).toBe('length');
  });
});

describe('ChunkEncoder', () => {
  it('writes valid JSON chunks with constant id, created and model', () => {
    const e = new ChunkEncoder('chatcmpl-1', 123, 'gemini-2.5-pro');
    const chunks = [
      e.role(),
      e.content('he said "hi"\n'),
      e.reasoning('hmm'),
      ...e.toolCall(0, { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }),
      e.finish('stop'),
      e.usage({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }),
    ].map((c) => JSON.parse(c) as Record<string, unknown>);
    expect(chunks[3]).toMatchObject({
      choices: [
        {
          delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] },
        },
      ],
    });
    expect(chunks[4]).toMatchObject({
      choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: '{}' } }] } }],
    });
    chunks.splice(3, 1);
    for (const c of chunks)
      expect(c).toMatchObject({
        id: 'chatcmpl-1',
        object: 'chat.completion.chunk',
        created: 123,
        model: 'gemini-2.5-pro',
      });
    expect(chunks[1]).toMatchObject({
      choices: [{ index: 0, delta: { content: 'he said "hi"\n' }, finish_reason: null }],
    });
    expect(chunks[4]).toMatchObject({ choices: [{ delta: {}, finish_reason: 'stop' }] });
    expect(chunks[5]).toMatchObject({ choices: [], usage: { total_tokens: 3 } });
  });
});

describe('StopScanner against a reference, any chunking', () => {
  /** Where generation would have stopped: the first point any sequence is complete, before the longest one ending there. */
  const reference = (stops: string[], text: string): { out: string; hit: boolean } => {
    for (let end = 1; end <= text.length; end++) {
      const done = stops.filter((s) => s.length > 0 && end >= s.length && text.slice(end - s.length, end) === s);
      if (done.length > 0) return { out: text.slice(0, end - Math.max(...done.map((s) => s.length))), hit: true };
    }
    return { out: text, hit: false };
  };

  it('emits exactly the text before the first completed stop sequence', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c');
    const word = (max: number) => fc.array(alphabet, { maxLength: max }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(word(6), { maxLength: 4 }), fc.array(word(12), { maxLength: 8 }), (stops, chunks) => {
        const s = new StopScanner(stops);
        const out = chunks.map((c) => s.push(c)).join('') + s.flush();
        expect({ out, hit: s.hit }).toEqual(reference(stops, chunks.join('')));
      }),
      { numRuns: 2000 },
    );
  });

  it('handles a 1,000-character sequence against a long run of its prefix', () => {
    const stop = `${'ab'.repeat(499)}XY`;
    const s = new StopScanner([stop]);
    let out = '';
    for (let i = 0; i < 400; i++) out += s.push('ab'.repeat(250));
    expect(out.length).toBe(200_000 - 998);
    out += s.push(`Q${stop}tail`);
    expect(out).toBe(`${'ab'.repeat(100_000)}Q`);
    expect(s.hit).toBe(true);
  });
});
