import { describe, expect, it } from 'vitest';
import {
  callKey,
  classifyParts,
  createContentScanner,
  isGenerateContentUrl,
  isListModelsUrl,
  stripCtrlMarkers,
  type WireFind,
  type WirePiece,
} from '../../../../extension/page/wire.ts';
import { parseListModels } from '../../../../extension/page/list-models.ts';
import { decodeArgs, decodeTypedValue } from '../../../../extension/page/typed-args.ts';
import { finishOutcome } from '../../../../extension/page/records.ts';

const GC_URL =
  'https://alkalimakersuite-pa.clients6.google.com/$rpc/google.internal.alkali.applications.makersuite.v1.MakerSuiteService/GenerateContent';

/** Wrap contents the way the stream nests them: [[[content], …], …] inside one outer array. */
function stream(...contents: unknown[]): string {
  return JSON.stringify([contents.map((c) => [[[c]], null, null, ['usage']])]);
}

function piecesOf(text: string, chunkSizes: number[] | 'whole' = 'whole'): WirePiece[] {
  const scanner = createContentScanner();
  const out: WirePiece[] = [];
  if (chunkSizes === 'whole') {
    for (const c of contentsOf(scanner.push(text))) out.push(...classifyParts(c));
    return out;
  }
  let at = 0;
  let i = 0;
  while (at < text.length) {
    const size = chunkSizes[i++ % chunkSizes.length] ?? 1;
    for (const c of contentsOf(scanner.push(text.slice(at, at + size)))) out.push(...classifyParts(c));
    at += size;
  }
  return out;
}

const text = (t: string): unknown => [[[null, t]], 'model'];

const contentsOf = (finds: WireFind[]): unknown[][] => finds.flatMap((f) => (f.kind === 'content' ? [f.content] : []));

describe('URL recognition', () => {
  it('recognises GenerateContent and ListModels by path', () => {
    expect(isGenerateContentUrl(GC_URL)).toBe(true);
    expect(isGenerateContentUrl('https://x/v1beta/models/m:streamGenerateContent?alt=sse')).toBe(true);
    expect(isGenerateContentUrl('https://x/$rpc/MakerSuiteService/ListModels')).toBe(false);
    expect(isGenerateContentUrl('https://x/other?next=GenerateContent')).toBe(false);
    expect(isListModelsUrl('https://alkalimakersuite-pa.clients6.google.com/$rpc/x.MakerSuiteService/ListModels')).toBe(
      true,
    );
    expect(isListModelsUrl(GC_URL)).toBe(false);
  });
});

describe('content scanner', () => {
  it('finds the documented example records', () => {
    expect(piecesOf(stream(text('Hello '), text('world')))).toEqual([
      { kind: 'text', text: 'Hello ' },
      { kind: 'text', text: 'world' },
    ]);
  });

  it('gives the same result for every chunking, including one character at a time', () => {
    const body = stream(
      text('Hel'),
      [[[null, 'think', 'extra']], 'model'],
      text('lo ]],"model"] [[[null,"x"]] \\ "q"'),
    );
    const whole = piecesOf(body);
    expect(whole).toHaveLength(3);
    for (const sizes of [[1], [2, 3], [7], [13, 1, 50]]) expect(piecesOf(body, sizes)).toEqual(whole);
  });

  it('handles escaped quotes, brackets and backslashes inside text', () => {
    const tricky = 'a "quoted" ]] ],"model"] [[[null, \\ backslash \\" end';
    expect(piecesOf(stream(text(tricky)))).toEqual([{ kind: 'text', text: tricky }]);
  });

  it('returns several records completed by one chunk and none for an incomplete one', () => {
    const scanner = createContentScanner();
    const body = stream(text('a'), text('b'), text('c'));
    const cut = body.indexOf('"c"');
    expect(contentsOf(scanner.push(body.slice(0, cut))).map((c) => classifyParts(c))).toEqual([
      [{ kind: 'text', text: 'a' }],
      [{ kind: 'text', text: 'b' }],
    ]);
    expect(contentsOf(scanner.push(body.slice(cut)))).toHaveLength(1);
  });

  it('pushAll scans only the unseen suffix of a growing text', () => {
    const scanner = createContentScanner();
    const body = stream(text('one'), text('two'));
    const half = body.indexOf('two') + 1;
    expect(contentsOf(scanner.pushAll(body.slice(0, half)))).toHaveLength(1);
    expect(contentsOf(scanner.pushAll(body.slice(0, half)))).toHaveLength(0);
    expect(contentsOf(scanner.pushAll(body))).toHaveLength(1);
  });

  it('ignores an anti-XSSI prefix and user-role contents', () => {
    const body = `)]}'\n${JSON.stringify([[[[null, 'my prompt']], 'user'], text('answer')])}`;
    expect(piecesOf(body)).toEqual([{ kind: 'text', text: 'answer' }]);
  });

  it('reports every part of a multi-part content', () => {
    expect(
      piecesOf(
        stream([
          [
            [null, 'a'],
            [null, 'b'],
          ],
          'model',
        ]),
      ),
    ).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'text', text: 'b' },
    ]);
  });
});

describe('finish reason and usage', () => {
  // Layout of one streamed chunk: [[candidate], null, usage], candidate = [content, finishReason]
  const chunk = (content: unknown, finish?: number, usage?: (number | null)[]): string =>
    JSON.stringify([[finish === undefined ? [content] : [content, finish]], null, ...(usage ? [usage] : [])]);

  it('reports the candidate finish reason and the usage metadata after the content', () => {
    const body = `[${chunk(text('a'))}\n,${chunk(text('b'), 2, [10, 20, 35, null, null, null, null, null, null, 5])}\n]`;
    for (const sizes of [[1], [5], [1000]]) {
      const scanner = createContentScanner();
      const finds: WireFind[] = [];
      for (let at = 0, i = 0; at < body.length; at += sizes[i++ % sizes.length] ?? 1) {
        finds.push(...scanner.push(body.slice(at, at + (sizes[i % sizes.length] ?? 1))));
      }
      expect(finds.map((f) => f.kind)).toEqual(['content', 'content', 'finish', 'usage']);
      expect(finds[2]).toEqual({ kind: 'finish', reason: 2 });
      expect(finds[3]).toEqual({ kind: 'usage', promptTokens: 10, completionTokens: 20, reasoningTokens: 5 });
    }
  });

  it('maps Gemini finish reasons to OpenAI ones, function-call failures to a failure', () => {
    expect(finishOutcome(1)).toEqual({ finish: 'stop' });
    expect(finishOutcome(2)).toEqual({ finish: 'length' });
    for (const r of [3, 4, 6, 7, 8, 10, 19]) expect(finishOutcome(r), String(r)).toEqual({ finish: 'content_filter' });
    expect(finishOutcome(9)).toEqual({ failure: expect.stringContaining('MALFORMED_FUNCTION_CALL') as string });
    expect(finishOutcome(11)).toEqual({ failure: expect.stringContaining('UNEXPECTED_TOOL_CALL') as string });
    expect(finishOutcome(12)).toEqual({ failure: expect.stringContaining('TOO_MANY_TOOL_CALLS') as string });
    expect(finishOutcome(5)).toEqual({ finish: 'stop' });
    expect(finishOutcome(0)).toEqual({ finish: 'stop' });
  });
});

describe('part classification', () => {
  it('treats short parts longer than 2 as thoughts (older driver compatibility)', () => {
    expect(classifyParts([[[null, 'Thinking...', 'extra']], 'model'])).toEqual([
      { kind: 'thought', text: 'Thinking...' },
    ]);
  });

  it('uses the thought flag at index 12 when the part is long enough to carry it', () => {
    const flagged = [null, 'deep thought', null, null, null, null, null, null, null, null, null, null, 1];
    const signed = [
      null,
      'answer with signature',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      'sig',
    ];
    expect(classifyParts([[flagged, signed], 'model'])).toEqual([
      { kind: 'thought', text: 'deep thought' },
      { kind: 'text', text: 'answer with signature' },
    ]);
  });

  it('strips <ctrlNN> markers and drops parts that become empty', () => {
    expect(stripCtrlMarkers('a<ctrl46>b<ctrl99>')).toBe('ab');
    expect(
      classifyParts([
        [
          [null, '<ctrl46>'],
          [null, 'x<ctrl3>y'],
        ],
        'model',
      ]),
    ).toEqual([{ kind: 'text', text: 'xy' }]);
  });

  it('decodes the documented function-call example', () => {
    const part = [
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      ['get_weather', [[['city', [null, null, 'Paris']]]]],
    ];
    expect(classifyParts([[part], 'model'])).toEqual([{ kind: 'call', name: 'get_weather', args: { city: 'Paris' } }]);
  });
});

describe('typed argument decoding', () => {
  it('decodes every scalar type by length', () => {
    expect(decodeTypedValue([null])).toBeNull();
    expect(decodeTypedValue([null, 42])).toBe(42);
    expect(decodeTypedValue([null, null, 'Paris'])).toBe('Paris');
    expect(decodeTypedValue([null, null, null, 1])).toBe(true);
    expect(decodeTypedValue([null, null, null, 0])).toBe(false);
    expect(decodeTypedValue([null, null, null, true])).toBe(true);
    expect(decodeTypedValue('not an array')).toBeNull();
  });

  it('decodes nested objects and arrays, with extra wrappers', () => {
    expect(decodeTypedValue([null, null, null, null, [['k', [null, null, 'v']]]])).toEqual({ k: 'v' });
    expect(
      decodeTypedValue([
        null,
        null,
        null,
        null,
        null,
        [
          [null, null, 'a'],
          [null, 1],
        ],
      ]),
    ).toEqual(['a', 1]);
    expect(
      decodeTypedValue([
        null,
        null,
        null,
        null,
        null,
        [
          [
            [null, null, 'a'],
            [null, 1],
          ],
        ],
      ]),
    ).toEqual(['a', 1]);
    expect(decodeTypedValue([null, null, null, null, null, [[null, null, 'only']]])).toEqual(['only']);
    const nested = [
      null,
      null,
      null,
      null,
      [
        ['tags', [null, null, null, null, null, [[null, null, null, null, [['n', [null, 2]]]], [null]]]],
        ['deep', [null, null, null, null, [['ok', [null, null, null, 1]]]]],
      ],
    ];
    expect(decodeTypedValue(nested)).toEqual({ tags: [{ n: 2 }, null], deep: { ok: true } });
  });

  it('unwraps argument wrappers down to the pair list', () => {
    expect(
      decodeArgs([
        [
          [
            ['a', [null, 1]],
            ['b', [null, null, 'x']],
          ],
        ],
      ]),
    ).toEqual({ a: 1, b: 'x' });
    expect(decodeArgs([['a', [null, 1]]])).toEqual({ a: 1 });
    expect(decodeArgs(null)).toEqual({});
    expect(decodeArgs([])).toEqual({});
  });

  it('keys calls independently of argument order', () => {
    const key = (name: string, args: Record<string, unknown>, id?: string): string =>
      callKey({ name, args, ...(id ? { id } : {}) });
    expect(key('f', { a: 1, b: { y: 2, x: 1 } })).toBe(key('f', { b: { x: 1, y: 2 }, a: 1 }));
    expect(key('f', { a: 1 })).not.toBe(key('g', { a: 1 }));
    expect(key('f', { a: 1 })).not.toBe(key('f', { a: 2 }));
    // with call ids, the id decides: identical parallel calls stay apart, repeats of one call merge
    expect(key('f', { a: 1 }, 'id1')).not.toBe(key('f', { a: 1 }, 'id2'));
    expect(key('f', { a: 1 }, 'id1')).toBe(key('f', { a: 1 }, 'id1'));
  });
});

describe('ListModels', () => {
  const entry = ['models/test-list', 1, 2, 'Test List Model', 'List desc', 5, 8192, 7, 8, 0.95];

  it("parses the documented entry behind the )]}' prefix", () => {
    expect(parseListModels(`)]}'\n${JSON.stringify([[entry]])}`)).toEqual([
      {
        id: 'test-list',
        displayName: 'Test List Model',
        description: 'List desc',
        outputTokenLimit: 8192,
        defaultTopP: 0.95,
      },
    ]);
  });

  it('accepts a flat list, dict shapes, clamps top-p and drops duplicates and junk', () => {
    const other = ['models/gemini-2.5-pro', null, null, null, null, null, null, null, null, 1.5];
    expect(parseListModels(JSON.stringify([entry, other, entry])).map((m) => [m.id, m.defaultTopP])).toEqual([
      ['test-list', 0.95],
      ['gemini-2.5-pro', 1],
    ]);
    expect(parseListModels(JSON.stringify({ models: [entry] }))).toHaveLength(1);
    expect(parseListModels('not json')).toEqual([]);
    expect(parseListModels(JSON.stringify([[[null], ['models/'], [42]]]))).toEqual([]);
  });
});
