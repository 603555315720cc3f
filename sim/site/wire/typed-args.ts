// Function-call arguments as AI Studio puts them on the wire (docs/aistudio-wire.md#function-call-arguments): a list of
// [name, typedValue] pairs, where the *length* of typedValue says its type:
//   1 null · 2 number at [1] · 3 string at [2] · 4 boolean ([3] === 1) · 5 object (pairs at [4]) · 6 array (items at [5]).
// Shared by the simulated server (encode) and the simulated page (decode, to render the call).

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type WireValue = unknown[];
type WirePairs = [string, WireValue][];

function encodeValue(value: JsonValue): WireValue {
  if (value === null) return [null];
  if (typeof value === 'number') return [null, value];
  if (typeof value === 'string') return [null, null, value];
  if (typeof value === 'boolean') return [null, null, null, value ? 1 : 0];
  if (Array.isArray(value)) return [null, null, null, null, null, value.map(encodeValue)];
  return [null, null, null, null, encodePairs(value)];
}

function encodePairs(obj: { [key: string]: JsonValue }): WirePairs {
  return Object.entries(obj).map(([key, v]) => [key, encodeValue(v)]);
}

/** The args slot of a call part: the pairs wrapped once more, as in `[[["city",[null,null,"Paris"]]]]`. */
export function encodeArgs(obj: { [key: string]: JsonValue }): unknown[] {
  return [encodePairs(obj)];
}

function isPair(x: unknown): x is [string, unknown] {
  return Array.isArray(x) && x.length === 2 && typeof x[0] === 'string';
}

/** Unwraps list wrappers until the first element is a `[string, …]` pair, then reads the pairs. */
export function decodeArgs(args: unknown): { [key: string]: JsonValue } {
  let cur: unknown = args;
  for (let depth = 0; depth < 8 && Array.isArray(cur) && cur.length > 0 && !isPair(cur[0]); depth++) cur = cur[0];
  const out: { [key: string]: JsonValue } = {};
  if (!Array.isArray(cur)) return out;
  for (const pair of cur) if (isPair(pair)) out[pair[0]] = decodeValue(pair[1]);
  return out;
}

function decodeValue(v: unknown): JsonValue {
  if (!Array.isArray(v)) return null;
  switch (v.length) {
    case 2:
      return typeof v[1] === 'number' ? v[1] : null;
    case 3:
      return typeof v[2] === 'string' ? v[2] : null;
    case 4:
      return v[3] === 1 || v[3] === true;
    case 5:
      return decodeArgs(v[4]);
    case 6:
      return Array.isArray(v[5]) ? v[5].map(decodeValue) : [];
    default:
      return null;
  }
}
