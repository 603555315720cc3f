import { describe, expect, it } from 'vitest';
import { Base64Data } from '../../../../bridge/run/base64-data.ts';
import { jsonPieces, piecesBytes } from '../../../../bridge/run/json-pieces.ts';

const joined = (pieces: readonly (string | Buffer)[]): string =>
  pieces.map((p) => (typeof p === 'string' ? p : p.toString('latin1'))).join('');

describe('jsonPieces', () => {
  const a = Base64Data.join([Buffer.from('QUJD'), Buffer.from('REVG')]);
  const b = Base64Data.of('R0hJ').withPrefix('data:image/png;base64,');
  const body = { text: 'say "hi"\n', images: [a, { url: b }], n: 2 };

  it('is JSON.stringify of the same object, with the held chunks written as they are', () => {
    const pieces = jsonPieces(body);
    expect(JSON.parse(joined(pieces))).toEqual({
      text: 'say "hi"\n',
      images: ['QUJDREVG', { url: 'data:image/png;base64,R0hJ' }],
      n: 2,
    });
    // The chunks themselves are among the pieces: nothing was copied into a bigger string.
    expect(pieces.filter((p) => Buffer.isBuffer(p))).toHaveLength(3);
    expect(piecesBytes(pieces)).toBe(Buffer.byteLength(joined(pieces)));
  });

  it('serialises Base64Data as its whole string anywhere else', () => {
    expect(JSON.stringify(body)).toBe(joined(jsonPieces(body)));
    expect(String(b)).toBe('data:image/png;base64,R0hJ');
    expect(a.length).toBe(8);
  });

  it('leaves text that looks like a marker alone and is one piece without images', () => {
    const text = { s: '@@bridge-b64-000000000000-0@@' };
    expect(jsonPieces(text)).toEqual([JSON.stringify(text)]);
  });
});
