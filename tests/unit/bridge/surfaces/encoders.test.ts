import { describe, expect, it } from 'vitest';
import { MessageStreamEncoder, messageBody } from '../../../../bridge/surfaces/anthropic/response.ts';
import { messagesToJobParts } from '../../../../bridge/surfaces/anthropic/translate.ts';
import { MessagesRequest } from '../../../../bridge/surfaces/anthropic/request.ts';
import { GenerateContentRequest } from '../../../../bridge/surfaces/gemini/request.ts';
import { generateToJobParts } from '../../../../bridge/surfaces/gemini/translate.ts';
import { bareModel } from '../../../../bridge/surfaces/ollama/translate.ts';
import type { RunResult } from '../../../../bridge/run/result.ts';

const result = (over: Partial<RunResult> = {}): RunResult => ({
  content: '',
  reasoning: '',
  toolCalls: [],
  finishReason: 'stop',
  stopSequence: null,
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
  model: 'gemini-2.5-pro',
  ...over,
});

const events = (text: string): Array<{ type: string; index?: number; content_block?: { type: string } }> =>
  text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => JSON.parse(block.split('\n')[1]!.slice('data: '.length)) as { type: string });

describe('Anthropic stream encoder', () => {
  it('numbers blocks consecutively across thinking → text → tool_use → text and closes each once', () => {
    const enc = new MessageStreamEncoder('msg_1');
    const call = { id: 'call_x', type: 'function' as const, function: { name: 'f', arguments: '{"a":1}' } };
    const wire =
      enc.thinking('t') +
      enc.text('a') +
      enc.text('b') +
      enc.toolUse(call) +
      enc.text('c') +
      enc.finish(result({ finishReason: 'tool_calls' }));
    const got = events(wire).map(
      (e) =>
        `${e.type}${e.index === undefined ? '' : `:${e.index}`}${e.content_block ? `:${e.content_block.type}` : ''}`,
    );
    expect(got).toEqual([
      'content_block_start:0:thinking',
      'content_block_delta:0',
      'content_block_stop:0',
      'content_block_start:1:text',
      'content_block_delta:1',
      'content_block_delta:1',
      'content_block_stop:1',
      'content_block_start:2:tool_use',
      'content_block_delta:2',
      'content_block_stop:2',
      'content_block_start:3:text',
      'content_block_delta:3',
      'content_block_stop:3',
      'message_delta',
      'message_stop',
    ]);
  });

  it('an empty answer still has one (empty) text block; stop reasons map from the finish reason', () => {
    expect(events(new MessageStreamEncoder('m').finish(result())).map((e) => e.type)).toEqual([
      'content_block_start',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(messageBody('m', result({ finishReason: 'length' })).stop_reason).toBe('max_tokens');
    expect(messageBody('m', result({ stopSequence: 'END' })).stop_reason).toBe('stop_sequence');
    expect(messageBody('m', result({ finishReason: 'content_filter' })).stop_reason).toBe('refusal');
  });
});

describe('surface translation', () => {
  it('Anthropic: tool results become tool turns named after their call; is_error is flagged', () => {
    const req = MessagesRequest.parse({
      model: 'm',
      max_tokens: 5,
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me check.' },
            { type: 'tool_use', id: 'toolu_1', name: 'f', input: { a: 1 } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', is_error: true, content: [{ type: 'text', text: 'boom' }] },
          ],
        },
      ],
    });
    const parts = messagesToJobParts(req);
    expect(parts.messages[1]).toEqual({
      role: 'assistant',
      content: 'Let me check.',
      tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
    });
    expect(parts.messages[2]).toEqual({
      role: 'tool',
      tool_call_id: 'toolu_1',
      name: 'f',
      content: [
        { type: 'text', text: 'Error:' },
        { type: 'text', text: 'boom' },
      ],
    });
  });

  it('Gemini: thinkingBudget 0/-1/n and levels; candidateCount > 1 and unknown levels are refused with the field named', () => {
    const parts = (generationConfig: unknown) =>
      generateToJobParts(
        'm',
        GenerateContentRequest.parse({ contents: [{ parts: [{ text: 'x' }] }], generationConfig }),
      );
    expect(parts({ thinkingConfig: { thinkingBudget: 0 } }).settings.thinking).toEqual({ mode: 'off' });
    expect(parts({ thinkingConfig: { thinkingBudget: -1 } }).settings.thinking).toEqual({ mode: 'auto' });
    expect(parts({ thinkingConfig: { thinkingBudget: 500 } }).settings.thinking).toEqual({
      mode: 'budget',
      budget: 500,
    });
    expect(parts({ thinkingConfig: { thinkingLevel: 'HIGH' } }).settings.thinking).toEqual({
      mode: 'level',
      level: 'high',
    });
    expect(() => parts({ thinkingConfig: { thinkingLevel: 'EXTREME' } })).toThrow(
      /generationConfig\.thinkingConfig\.thinkingLevel/,
    );
    expect(() => parts({ candidateCount: 2 })).toThrow(/generationConfig\.candidateCount/);
    // buildJob adds the hint to the system texts (tests/contract/structured-output.test.ts).
    expect(parts({ responseMimeType: 'application/json', responseSchema: { type: 'OBJECT' } }).json?.hint).toContain(
      'JSON',
    );
  });

  it('Ollama: tags are dropped from model names', () => {
    expect(bareModel('gemini-2.5-flash:latest')).toBe('gemini-2.5-flash');
    expect(bareModel('models/gemini-2.5-pro')).toBe('models/gemini-2.5-pro');
  });
});
