// The tap's parsers on shapes the page does not normally send: wrong types in known slots, junk
// items, inconsistent totals, nesting beyond the limits. The page is not ours and changes without
// notice; whatever it sends, the tap must neither throw nor invent values (a wrong token count, a
// model called "S", a finish reason read from junk), and must stay bounded.

import { describe, expect, it } from 'vitest';
import { framesOfBody, interpretFrame, rpcErrorOf, usageOf } from '../../../../extension/page/frames.ts';
import { parseListModels } from '../../../../extension/page/list-models.ts';
import { decodeArgs, decodeTypedValue } from '../../../../extension/page/typed-args.ts';
import { callKey, classifyParts, createContentScanner, isGenerateContentUrl } from '../../../../extension/page/wire.ts';

const usage = (prompt?: number, output?: number, thoughts?: number) => ({
  kind: 'usage',
  promptTokens: prompt,
  completionTokens: output,
  reasoningTokens: thoughts,
});
const N = null;
const content = [[[N, 'hi']], 'model'];
/** a streamed frame: [candidates, prompt feedback, usage] */
const frame = [[[content, 1]], N, [3, 4, 7]];

describe('usage numbers that are not counts', () => {
  it('ignores negative, fractional and string counts instead of reporting them', () => {
    expect(usageOf(['5', 8, 20])).toEqual(usage(undefined, 8, undefined));
    // output unusable: derived from the exact total instead
    expect(usageOf([5, 2.5, 10])).toEqual(usage(5, 5, undefined));
    expect(usageOf([5, -3, 10])).toEqual(usage(5, 5, undefined));
  });

  it('takes zero as a real count', () => {
    expect(usageOf([0, 8, 8])).toEqual(usage(0, 8, 0));
  });

  it('keeps the page’s own output and thoughts when the total does not add up', () => {
    expect(usageOf([5, 8, 200, N, N, N, N, N, N, 153])).toEqual(usage(5, 8, 153));
    // a total smaller than prompt + thoughts: nothing is derived, no negative count
    expect(usageOf([5, N, 10, N, N, N, N, N, N, 153])).toEqual(usage(5, undefined, 153));
    expect(usageOf([5, 20, 10])).toEqual(usage(5, 20, undefined));
  });
});

describe('gRPC errors in a 200 body', () => {
  it('needs a null first element, an integer status and a message', () => {
    expect(rpcErrorOf([N, [8, 'quota']])).toEqual({ kind: 'error', code: 8, message: 'quota' });
    expect(rpcErrorOf(['x', [8, 'quota']])).toBeNull();
    expect(rpcErrorOf([N, [8.5, 'quota']])).toBeNull();
    expect(rpcErrorOf([N, ['8', 'quota']])).toBeNull();
    expect(rpcErrorOf([N, [8, 42]])).toBeNull();
    expect(rpcErrorOf([N, 'x'])).toBeNull();
  });
});

describe('frames', () => {
  it('reads nothing from values that are not frames', () => {
    for (const v of [N, 5, 'text', {}]) expect(interpretFrame(v)).toEqual([]);
  });

  it('reports a block only when there are no candidates and the reason is a positive number', () => {
    expect(interpretFrame([N, [3]])).toStrictEqual([{ kind: 'blocked', reason: 3 }]);
    expect(interpretFrame([N, [3, N, 'why']])).toStrictEqual([{ kind: 'blocked', reason: 3, message: 'why' }]);
    expect(interpretFrame([[[content, 1]], [3]])).toEqual([{ kind: 'finish', reason: 1 }]);
    expect(interpretFrame([N, [0]])).toEqual([]);
    expect(interpretFrame([N, ['3']])).toEqual([]);
    expect(interpretFrame([N, { 0: 3 }])).toEqual([]);
  });
});

describe('frames of a whole body', () => {
  it('finds a frame as it is, wrapped once and wrapped twice; not deeper', () => {
    expect(framesOfBody(frame)).toEqual([frame]);
    expect(framesOfBody([frame, frame])).toEqual([frame, frame]);
    expect(framesOfBody([[frame]])).toEqual([frame]);
    expect(framesOfBody([[[frame]]])).toEqual([]);
  });

  it('takes the role from the last slot of a content, whatever comes between', () => {
    const wide = [[[[[[N, 'hi']], N, 'model'], 1]], N];
    expect(framesOfBody([wide])).toEqual([wide]);
  });

  it('finds a finish-only frame and an error body', () => {
    const finishOnly = [[[N, 1]], N, [3, N, 3]];
    expect(framesOfBody([finishOnly])).toEqual([finishOnly]);
    expect(framesOfBody([N, [7, 'denied']])).toEqual([[N, [7, 'denied']]]);
  });

  it('finds an error body wrapped twice beside other items, not the list around it', () => {
    // `[[error], x]` looks like a frame whose one candidate is `[null, [7, …]]`; a candidate's
    // finish reason is a number, so it is not one, and the error inside is found.
    expect(framesOfBody([[[N, [7, 'denied']]], N])).toEqual([[N, [7, 'denied']]]);
  });

  it('takes nothing else for a frame: user contents, junk candidates, empty or one-element arrays', () => {
    const userContent = [[[N, 'q']], 'user'];
    for (const body of [
      5,
      'x',
      [N],
      [[], [1]],
      [[[[userContent]], N]],
      [[['x', 1]], N],
      [[[content, 1], 'junk'], N],
      ['ab', 1],
    ]) {
      expect(framesOfBody(body), JSON.stringify(body)).toEqual([]);
    }
  });
});

describe('ListModels bodies', () => {
  const entry = ['models/m', N, N, 'M', 'about', N, 100, N, N, 0.5];

  it('strips the anti-XSSI prefix only at the start, with or without whitespace around it', () => {
    const json = JSON.stringify([[entry]]);
    for (const body of [`)]}'${json}`, `  )]}'\n${json}`, `)]}'\n\n${json}`]) {
      expect(
        parseListModels(body).map((m) => m.id),
        JSON.stringify(body.slice(0, 8)),
      ).toEqual(['m']);
    }
    const inText = ['models/m', N, N, 'M', "see )]}' here"];
    expect(parseListModels(JSON.stringify([[inText]]))[0]?.description).toBe("see )]}' here");
  });

  it('finds no models in JSON that is not a model list, and never reads a string as an entry', () => {
    for (const body of ['null', '42', '"text"', '[5]', '{"models":null}', JSON.stringify([[5, 'x'], ['models/y']])]) {
      expect(parseListModels(body), body).toEqual([]);
    }
    expect(parseListModels(JSON.stringify([[entry, 'junk', 5]])).map((m) => m.id)).toEqual(['m']);
    expect(parseListModels(JSON.stringify([entry, 'junk'])).map((m) => m.id)).toEqual(['m']);
  });

  it('keeps only well-typed fields', () => {
    const bad = ['models/b', N, N, 7, 5, N, 2.5, N, N, '0.5'];
    expect(parseListModels(JSON.stringify([[bad]]))).toStrictEqual([{ id: 'b' }]);
    expect(parseListModels(JSON.stringify([[['models/e', N, N, '', '']]]))).toStrictEqual([{ id: 'e' }]);
    for (const limit of [0, -1, '8192']) {
      expect(parseListModels(JSON.stringify([[['models/c', N, N, N, N, N, limit]]]))).toStrictEqual([{ id: 'c' }]);
    }
  });
});

/** `n` levels of `{k: …}` around the number 1, as typed values. */
const nestedObject = (n: number): unknown => (n === 0 ? [N, 1] : [N, N, N, N, [['k', nestedObject(n - 1)]]]);
/** `n` levels of `[…]` around the number 1, as typed values. */
const nestedArray = (n: number): unknown => (n === 0 ? [N, 1] : [N, N, N, N, N, [nestedArray(n - 1)]]);
/** How many levels a decoded value has before its innermost value (1, or null once cut). */
function levels(value: unknown): { depth: number; innermost: unknown } {
  let depth = 0;
  let v = value;
  while (v !== null && typeof v === 'object') {
    v = Array.isArray(v) ? v[0] : (v as Record<string, unknown>).k;
    depth++;
  }
  return { depth, innermost: v };
}

describe('typed function-call arguments', () => {
  it('reads a scalar only from its own slot and type', () => {
    expect(decodeTypedValue('abc')).toBeNull();
    expect(decodeTypedValue([N, '7'])).toBeNull();
    expect(decodeTypedValue([N, N, 5])).toBeNull();
    expect(decodeTypedValue([N, N, N, N, N, N])).toEqual([]);
  });

  it('skips junk items in a pair list', () => {
    expect(decodeArgs([['a', [N, 1]], 5, ['b', [N, N, 'x']]])).toStrictEqual({ a: 1, b: 'x' });
  });

  it('unwraps at most 32 wrappers around the pair list', () => {
    let raw: unknown = [['a', [N, 1]]];
    for (let i = 0; i < 32; i++) raw = [raw];
    expect(decodeArgs(raw)).toEqual({ a: 1 });
    expect(decodeArgs([raw])).toEqual({});
  });

  it('decodes shallow nesting fully and cuts deep nesting at the limit instead of recursing on', () => {
    expect(levels(decodeTypedValue(nestedObject(5)))).toEqual({ depth: 5, innermost: 1 });
    expect(levels(decodeTypedValue(nestedArray(5)))).toEqual({ depth: 5, innermost: 1 });
    expect(levels(decodeTypedValue(nestedObject(40)))).toEqual({ depth: 17, innermost: null });
    expect(levels(decodeTypedValue(nestedArray(40)))).toEqual({ depth: 17, innermost: null });
  });

  it('unwraps array items only through wrappers that hold nothing but arrays, and keeps every item', () => {
    const arrayOf = (items: unknown): unknown => [N, N, N, N, N, items];
    expect(decodeTypedValue(arrayOf([[[N, 1], 7]]))).toEqual([7]);
    expect(decodeTypedValue(arrayOf([[]]))).toEqual([null]);
    expect(decodeTypedValue(arrayOf([[[N, 1]], [[N, 2]]]))).toEqual([null, null]);
    let wrapped: unknown = [
      [N, 1],
      [N, 2],
    ];
    for (let i = 0; i < 33; i++) wrapped = [wrapped];
    expect(decodeTypedValue(arrayOf(wrapped))).toEqual([null]);
    let fewer: unknown = [
      [N, 1],
      [N, 2],
    ];
    for (let i = 0; i < 32; i++) fewer = [fewer];
    expect(decodeTypedValue(arrayOf(fewer))).toEqual([1, 2]);
  });
});

describe('the content scanner on odd bodies', () => {
  const finds = (body: string): unknown[] => {
    const scanner = createContentScanner();
    return [...scanner.push(body), ...scanner.end()];
  };

  it('takes only [parts…, "model"] arrays for answer contents', () => {
    expect(finds('[[1,"model"],["x","say \\"model"],[[[null,"no"]],"say \\"model"],[[[null,"ok"]],"model"]]')).toEqual([
      { kind: 'content', content: [[[N, 'ok']], 'model'] },
    ]);
  });

  it('reads a whole-body error behind the anti-XSSI prefix, wherever whitespace is', () => {
    const error = { kind: 'error', code: 8, message: "quota )]}' exceeded" };
    const json = JSON.stringify([N, [8, "quota )]}' exceeded"]]);
    for (const body of [`)]}'${json}`, `  )]}'\n${json}`, `)]}'\n\n${json}`, json]) {
      expect(finds(body), JSON.stringify(body.slice(0, 8))).toEqual([error]);
    }
  });

  it('reads a lone frame (no outer array) while it streams', () => {
    const scanner = createContentScanner();
    expect(scanner.push(JSON.stringify([[[[[[N, 'hi']], 'model'], 1]], N, [3, 4, 7]]))).toEqual([
      { kind: 'content', content: [[[N, 'hi']], 'model'] },
      { kind: 'finish', reason: 1 },
      { kind: 'usage', promptTokens: 3, completionTokens: 4, reasoningTokens: 0 },
    ]);
    expect(scanner.end()).toEqual([]);
  });

  it('keeps the frames where the first Content placed them, though a later Content sits deeper', () => {
    // The lone frame is placed at depth 0 by its Content; a Content four levels deep after it
    // must not move the frames to depth 1, where the frame's finish and usage would be missed.
    const body = JSON.stringify([[[content, 1]], N, [3, 4, 7], [[[content]]]]);
    expect(finds(body)).toEqual([
      { kind: 'content', content },
      { kind: 'content', content },
      { kind: 'finish', reason: 1 },
      usage(3, 4, 0),
    ]);
  });

  it('reads no Content from an array around the frames, however the body is chunked', () => {
    // `[frame, "model"]` has the shape of a Content but wraps the frame its Content placed.
    const body = JSON.stringify([[[[content]], N], 'model']);
    for (const size of [body.length, 1, 7]) {
      const scanner = createContentScanner();
      const found = [];
      for (let at = 0; at < body.length; at += size) found.push(...scanner.push(body.slice(at, at + size)));
      expect([...found, ...scanner.end()], `chunks of ${size}`).toEqual([{ kind: 'content', content }]);
    }
  });

  it('reads the body whole at the end when its only Content is too shallow to place the frames', () => {
    const body = JSON.stringify([[N, [7, 'denied']], [content]]);
    expect(finds(body)).toEqual([
      { kind: 'content', content },
      { kind: 'error', code: 7, message: 'denied' },
    ]);
  });

  it('reports no finish from a function call whose arguments hold a list of numbers', () => {
    const nums = [
      N,
      N,
      N,
      N,
      N,
      [
        [
          [N, 5],
          [N, 6],
        ],
      ],
    ];
    const call = [N, N, N, N, N, N, N, N, N, N, ['f', [[['nums', nums]]]]];
    const body = JSON.stringify([[[[[[call], 'model']]], N, N], [[[[[[N, '']], 'model'], 1]]]]);
    const kinds = finds(body).map(
      (f) => (f as { kind: string; reason?: number }).reason ?? (f as { kind: string }).kind,
    );
    expect(kinds).toEqual(['content', 'content', 1]);
  });

  it('recognises GenerateContent by the path only, not a bare query', () => {
    expect(isGenerateContentUrl('?GenerateContent')).toBe(false);
  });
});

describe('parts the page does not normally send', () => {
  const part = (slots: Record<number, unknown>, length: number): unknown[] =>
    Array.from({ length }, (_, i) => (i in slots ? slots[i] : N));

  it('skips non-array parts and parts whose text is not a string', () => {
    expect(classifyParts([5, 'model'])).toEqual([]);
    expect(classifyParts([['abc', [N, 5], [N, 'ok']], 'model'])).toEqual([{ kind: 'text', text: 'ok' }]);
  });

  it('reads a call only with a string name, and its id only when it is a non-empty string', () => {
    expect(classifyParts([[part({ 1: 'x', 10: [5, []] }, 11)], 'model'])).toEqual([{ kind: 'thought', text: 'x' }]);
    expect(classifyParts([[part({ 10: ['f', [], 5] }, 11)], 'model'])).toStrictEqual([
      { kind: 'call', name: 'f', args: {} },
    ]);
    expect(classifyParts([[part({ 10: ['f', []] }, 11)], 'model'])).toStrictEqual([
      { kind: 'call', name: 'f', args: {} },
    ]);
  });

  it('falls back to the length rule for a 12-slot part (no room for the flag)', () => {
    expect(classifyParts([[part({ 1: 'x' }, 12)], 'model'])).toEqual([{ kind: 'thought', text: 'x' }]);
  });
});

describe('call keys', () => {
  const key = (args: Record<string, unknown>): string => callKey({ name: 'f', args });

  it('tell arrays from objects and apart by their items', () => {
    expect(key({ a: [1] })).not.toBe(key({ a: { 0: 1 } }));
    expect(key({ a: [1] })).not.toBe(key({ a: [2] }));
    expect(key({ a: [1, 23] })).not.toBe(key({ a: [12, 3] }));
  });

  it('are the same for any key order', () => {
    const names = ['f', 'b', 'e', 'a', 'd', 'c', 'h', 'g'];
    const expected = key(Object.fromEntries([...names].sort().map((n, i) => [n, i])));
    const orders = [names, [...names].reverse(), [...names].sort(), [...names].sort().reverse()];
    for (const order of orders) {
      const args = Object.fromEntries(order.map((n) => [n, [...names].sort().indexOf(n)]));
      expect(key(args), order.join('')).toBe(expected);
    }
  });
});
