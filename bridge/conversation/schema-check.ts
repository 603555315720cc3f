import { z } from 'zod';
import { BadRequestError } from '../errors.ts';

/**
 * Checks a finished answer against the client's own schema (docs/surfaces.md#structured-output):
 * zod 4's `z.fromJSONSchema` (zod is already the bridge's schema library) compiles it once per
 * request, before a tab is used. Gemini's Schema form is read as JSON Schema first: upper-case
 * types, `nullable`, and draft-07 `definitions` (OpenAI's zod helper writes them) are rewritten.
 * Returns the first violation as `path: rule`, or null when the answer conforms.
 */
export type AnswerCheck = (text: string) => string | null;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON Schema zod reads: lower-case types, nullable as a union with null, `$defs` for `definitions`. */
function asJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asJsonSchema);
  if (!isObj(node)) return node;
  const out: Obj = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'nullable' || k === 'propertyOrdering') continue;
    if (k === 'type') out.type = Array.isArray(v) ? v.map(lower) : lower(v);
    else if (k === 'definitions') out.$defs = asJsonSchema(v);
    else if (k === '$ref' && typeof v === 'string') out.$ref = v.replace(/^#\/definitions\//, '#/$defs/');
    else if (k === 'properties' || k === '$defs')
      out[k] = isObj(v) ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, asJsonSchema(s)])) : v;
    else out[k] = asJsonSchema(v);
  }
  if (node.nullable === true) return { anyOf: [out, { type: 'null' }] };
  return out;
}

const lower = (t: unknown): unknown => (typeof t === 'string' ? t.toLowerCase() : t);

/** `$.a.b[0]`: where in the answer a violation sits. */
function where(path: readonly PropertyKey[]): string {
  return path.reduce<string>((at, p) => (typeof p === 'number' ? `${at}[${p}]` : `${at}.${String(p)}`), '$');
}

/** The check for one request's schema (null: JSON mode, any JSON value); a schema zod cannot read is a 400 on `field`. */
export function answerCheck(schema: Obj | null, field: string): AnswerCheck {
  let validator: z.ZodType | null = null;
  if (schema) {
    try {
      validator = z.fromJSONSchema(asJsonSchema(schema) as Parameters<typeof z.fromJSONSchema>[0]);
    } catch (err) {
      throw new BadRequestError(
        `Invalid schema for ${field}: ${err instanceof Error ? err.message : String(err)}.`,
        field,
        'invalid_schema',
      );
    }
  }
  return (text) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return `$: the answer is not valid JSON (${err instanceof Error ? err.message : String(err)})`;
    }
    if (!validator) return null;
    const result = validator.safeParse(value);
    if (result.success) return null;
    const first = result.error.issues[0];
    return first ? `${where(first.path)}: ${first.message}` : '$: does not follow the schema';
  };
}
