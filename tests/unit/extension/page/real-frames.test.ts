// The tap's parser on the real 2026 frames quoted in docs/aistudio-wire.md (a capture condensed from
// bamboo-pan/aistudio-api tests/test_output.json, and documented shapes), fed through the same
// reporter the MAIN-world tap uses, in several chunkings.

import { describe, expect, it } from 'vitest';
import type { TapChannel } from '../../../../extension/page/channel.ts';
import { usageOf } from '../../../../extension/page/frames.ts';
import { parseListModels } from '../../../../extension/page/list-models.ts';
import type { TapRecord } from '../../../../extension/page/records.ts';
import { startRpc } from '../../../../extension/page/rpc.ts';
import { classifyParts } from '../../../../extension/page/wire.ts';

/** Everything the tap reports for `body`, fed in pieces of `size` characters (rpc/start stripped). */
function tap(body: string, size = body.length): Omit<TapRecord, 'rpc'>[] {
  const records: TapRecord[] = [];
  const channel: TapChannel = { send: (r) => records.push(r) };
  const rpc = startRpc(
    channel,
    'https://alkalimakersuite-pa.clients6.google.com/$rpc/x.MakerSuiteService/GenerateContent',
  );
  for (let at = 0; at < body.length; at += size) rpc.feed(body.slice(at, at + size));
  rpc.finish(200, 'OK', '');
  return records
    .filter((r) => r.t !== 'rpc.start')
    .map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'rpc')) as Omit<TapRecord, 'rpc'>);
}

const CHUNKINGS = [1, 7, 64, 100_000];
const N10 = new Array<null>(10).fill(null);

// Verbatim from the documented capture (capture: model gemma-4-31b-it, prompt "你好").
const THOUGHT = '[null,"The user said \\"你好\\"…",null,null,null,null,null,null,null,null,null,null,1]';
const FINAL =
  '[[[[[[null,""]],"model"],1,null,null,[[null,null,7,1]]]],null,[5,8,166,null,[[1,5]],null,null,null,null,153],null,null,null,null,"v1_Chdh…"]';
const ANSWER = '你好！有什么我可以帮你的吗？';
const frameOf = (part: string): string => `[[[[[${part}],"model"]]],null,null,null,null,null,null,"v1_Chdh…"]`;
const TRAILER = '[null,null,null,["1771093314497317",1]]';
const body = (...frames: string[]): string => `[${frames.join('\n,')}\n]`;

describe('the real 2026 capture', () => {
  const capture = body(frameOf(THOUGHT), frameOf(JSON.stringify([null, ANSWER])), FINAL, TRAILER);

  it.each(CHUNKINGS)('gives the thought, the answer, finish STOP and usage 5/8/153/166 (chunks of %i)', (size) => {
    expect(tap(capture, size)).toEqual([
      { t: 'rpc.thought', text: 'The user said "你好"…' },
      { t: 'rpc.text', text: ANSWER },
      { t: 'rpc.finish', reason: 1 },
      // total 166 = 5 prompt + 8 output + 153 thoughts
      { t: 'rpc.usage', promptTokens: 5, completionTokens: 8, reasoningTokens: 153 },
      { t: 'rpc.done' },
    ]);
  });

  it('reads the same frames wrapped once more ([[frame, …]])', () => {
    expect(tap(`[${capture}]`).map((r) => r.t)).toEqual([
      'rpc.thought',
      'rpc.text',
      'rpc.finish',
      'rpc.usage',
      'rpc.done',
    ]);
  });
});

describe('thought flag and other parts', () => {
  it('accepts part[12] === true as a thought, like === 1', () => {
    const flagged = [null, 'bool-flagged thought', ...N10, true];
    const numbered = [null, 'number-flagged thought', ...N10, 1];
    expect(classifyParts([[flagged, numbered], 'model'])).toEqual([
      { kind: 'thought', text: 'bool-flagged thought' },
      { kind: 'thought', text: 'number-flagged thought' },
    ]);
  });

  it('reports nothing for a signature-only part', () => {
    const signatureOnly = JSON.stringify([null, '', ...N10, null, null, 'Es4DCssDAb4+9vv0']);
    expect(tap(body(frameOf(signatureOnly), frameOf('[null,"ok"]')))).toEqual([
      { t: 'rpc.text', text: 'ok' },
      { t: 'rpc.done' },
    ]);
  });
});

describe('finish-only frame', () => {
  const FINISH_ONLY = '[[[null,2]],null,[27,9,36],null,null,null,null,"r"]';

  it.each(CHUNKINGS)('ends the answer with its finish reason and usage (chunks of %i)', (size) => {
    expect(tap(body(frameOf('[null,"cut here"]'), FINISH_ONLY), size)).toEqual([
      { t: 'rpc.text', text: 'cut here' },
      { t: 'rpc.finish', reason: 2 },
      { t: 'rpc.usage', promptTokens: 27, completionTokens: 9, reasoningTokens: 0 },
      { t: 'rpc.done' },
    ]);
  });

  it('is read even when it is the only frame of the body', () => {
    expect(tap(body(FINISH_ONLY))).toEqual([
      { t: 'rpc.finish', reason: 2 },
      { t: 'rpc.usage', promptTokens: 27, completionTokens: 9, reasoningTokens: 0 },
      { t: 'rpc.done' },
    ]);
  });
});

describe('function calls of length 15', () => {
  const call = (id: string, city = 'Shanghai'): unknown[] => [
    ...N10,
    ['getWeather', [[['city', [null, null, city]]]], id],
    null,
    null,
    null,
    'c2lnbmF0dXJl',
  ];

  it('decodes the documented example: name, Struct args, call id', () => {
    expect(call('e6ni61kr')).toHaveLength(15);
    expect(classifyParts([[call('e6ni61kr')], 'model'])).toEqual([
      { kind: 'call', name: 'getWeather', args: { city: 'Shanghai' }, id: 'e6ni61kr' },
    ]);
  });

  it.each(CHUNKINGS)(
    'keeps two identical parallel calls apart by id, and merges repeats of each (chunks of %i)',
    (size) => {
      const both = JSON.stringify([call('id-a'), call('id-b')]);
      const frame = `[[[${both},"model"]]],null,null,null,null,null,null,"r"]`;
      const calls = tap(body(frame, frame), size).filter((r) => r.t === 'rpc.call');
      expect(calls).toEqual([
        { t: 'rpc.call', name: 'getWeather', args: '{"city":"Shanghai"}' },
        { t: 'rpc.call', name: 'getWeather', args: '{"city":"Shanghai"}' },
      ]);
    },
  );
});

describe('errors inside a 200 body', () => {
  it.each([
    [8, 'Resource has been exhausted (e.g. check quota).', true],
    [7, 'The caller does not have permission', false],
    [3, 'Request contains an invalid argument.', false],
    [16, 'Request had invalid authentication credentials.', false],
  ])('[null,[%i,…]] becomes an error record with its gRPC status', (code, message, quota) => {
    for (const size of CHUNKINGS) {
      expect(tap(JSON.stringify([null, [code, message]]), size)).toEqual([
        { t: 'rpc.error', status: null, code, message, quota, aborted: false },
      ]);
    }
  });

  it('is caught after answer frames too, and nothing is reported done', () => {
    const records = tap(
      body(frameOf('[null,"partial"]'), '[null,[8,"You exceeded your current quota. Please retry in 41.2s."]]'),
    );
    expect(records.map((r) => r.t)).toEqual(['rpc.text', 'rpc.error']);
    expect(records[1]).toMatchObject({ code: 8, quota: true });
  });
});

describe('blocked prompt', () => {
  it('reports the block reason from the prompt feedback at frame[1] (no candidates)', () => {
    expect(tap(body('[null,[1],[12,null,12],null,null,null,null,"r"]', TRAILER))).toEqual([
      { t: 'rpc.blocked', reason: 1 },
      { t: 'rpc.usage', promptTokens: 12, completionTokens: 0, reasoningTokens: undefined },
      { t: 'rpc.done' },
    ]);
  });

  it('keeps the block message when the feedback has one', () => {
    expect(tap(body('[null,[4,null,"Prohibited content"]]'))[0]).toEqual({
      t: 'rpc.blocked',
      reason: 4,
      message: 'Prohibited content',
    });
  });
});

describe('ListModels (2026 entry)', () => {
  const entry = [
    'models/gemini-3-flash-preview',
    null,
    '3-flash-preview-12-2025',
    'Gemini 3 Flash Preview',
    'Fast.',
    1048576,
    65536,
    ['generateContent'],
    1,
    0.95,
    64,
  ];
  const expected = [
    {
      id: 'gemini-3-flash-preview',
      displayName: 'Gemini 3 Flash Preview',
      description: 'Fast.',
      outputTokenLimit: 65536,
      defaultTopP: 0.95,
    },
  ];

  it("reads it without the )]}' prefix (2026 trace) and with it (older captures)", () => {
    expect(parseListModels(JSON.stringify([[entry]]))).toEqual(expected);
    expect(parseListModels(`)]}'\n${JSON.stringify([[entry]])}`)).toEqual(expected);
  });
});

describe('usage numbers', () => {
  it('takes the page numbers, deriving a missing output or thoughts count from an exact total', () => {
    const usage = (prompt?: number, output?: number, thoughts?: number) => ({
      kind: 'usage',
      promptTokens: prompt,
      completionTokens: output,
      reasoningTokens: thoughts,
    });
    expect(usageOf([5, 8, 166, null, [[1, 5]], null, null, null, null, 153])).toEqual(usage(5, 8, 153));
    expect(usageOf([5, 8, 166])).toEqual(usage(5, 8, 153));
    expect(usageOf([5, null, 166, null, null, null, null, null, null, 153])).toEqual(usage(5, 8, 153));
    // tool-use prompt tokens at [7] are part of the total, not of the output
    expect(usageOf([5, 8, 176, null, null, null, null, 10])).toEqual(usage(5, 8, 153));
    // nothing exact to derive from: unknown stays unknown (the bridge estimates it)
    expect(usageOf([5, 8])).toEqual(usage(5, 8, undefined));
    expect(usageOf([5, 8, 3])).toEqual(usage(5, 8, undefined));
    expect(usageOf(['x'])).toBeNull();
  });
});
