/**
 * Function-call arguments as AI Studio puts them on the wire: a list of `[name, typedValue]`
 * pairs, the typed value recognised by its length (docs/aistudio-wire.md#function-call-arguments;
 * the 2026 captures use the same Struct encoding). Pure parsing, no DOM.
 */

const MAX_DEPTH = 32;

/**
 * Function-call arguments: wrappers around a list of `[name, typedValue]` pairs. Unwrap until
 * the first element looks like a pair (`[string, …]`).
 */
export function decodeArgs(raw: unknown, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let pairs: unknown = raw;
  for (let i = 0; i < MAX_DEPTH && Array.isArray(pairs) && pairs.length > 0 && !isPair(pairs[0]); i++) pairs = pairs[0];
  if (!Array.isArray(pairs)) return out;
  for (const pair of pairs) {
    if (isPair(pair)) out[pair[0]] = decodeTypedValue(pair[1], depth + 1);
  }
  return out;
}

function isPair(value: unknown): value is [string, unknown] {
  return Array.isArray(value) && typeof value[0] === 'string';
}

/**
 * A typed value is recognised by its length (docs/aistudio-wire.md#function-call-arguments): 1 null, 2 number, 3 string,
 * 4 boolean, 5 object, 6 array. Arrays may carry extra wrappers around their items.
 */
export function decodeTypedValue(value: unknown, depth = 0): unknown {
  if (!Array.isArray(value) || depth > MAX_DEPTH) return null;
  switch (value.length) {
    case 2:
      return typeof value[1] === 'number' ? value[1] : null;
    case 3:
      return typeof value[2] === 'string' ? value[2] : null;
    case 4:
      return value[3] === 1 || value[3] === true;
    case 5:
      return decodeArgs(value[4] ?? [], depth + 1);
    case 6:
      return decodeArrayItems(value[5], depth + 1);
    default:
      return null;
  }
}

function decodeArrayItems(items: unknown, depth: number): unknown[] {
  let list: unknown = items;
  // Unwrap `[[item, item]]` wrappers: a typed value always starts with null (or a number/string
  // at its payload index), a wrapper holds only arrays.
  for (
    let i = 0;
    i < MAX_DEPTH && Array.isArray(list) && list.length === 1 && Array.isArray(list[0]) && isWrapper(list[0]);
    i++
  ) {
    list = list[0];
  }
  if (!Array.isArray(list)) return [];
  return list.map((item) => decodeTypedValue(item, depth + 1));
}

function isWrapper(value: unknown[]): boolean {
  return value.length > 0 && value.every((v) => Array.isArray(v));
}
