// The Structured output schema on the GenerateContent wire: Gemini's Schema message as a
// json+protobuf array (field N at index N-1), as Mag1cFall/AIStudio2API (its protocol write-up) (2026)
// lists its fields: 1 type (string 1, number 2, integer 3, boolean 4, array 5, object 6),
// 2 format, 3 description, 4 nullable, 5 enum, 6 items, 7 properties ([[name, schema]…]),
// 8 required, 11 minimum, 12 maximum, 21 maxItems, 22 minItems, 23 propertyOrdering.
// The page's schema editor takes these keywords only (sim/README.md "Structured output").

import type { JsonValue } from './typed-args.ts';

const TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'];

/** Keywords the simulated editor accepts, and their wire slot (index). */
const SCHEMA_KEYWORDS: Readonly<Record<string, number>> = {
  type: 0,
  format: 1,
  description: 2,
  nullable: 3,
  enum: 4,
  items: 5,
  properties: 6,
  required: 7,
  minimum: 10,
  maximum: 11,
  maxItems: 20,
  minItems: 21,
  propertyOrdering: 22,
};

type Obj = { [key: string]: JsonValue };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Throws naming the first keyword (with its path) the editor does not take, or a type it does not know. */
export function checkSchema(schema: unknown, path = '$'): void {
  if (!isObj(schema)) throw new Error(`${path}: a schema must be a JSON object.`);
  for (const [k, v] of Object.entries(schema)) {
    if (!(k in SCHEMA_KEYWORDS)) throw new Error(`Unsupported schema field "${k}" at ${path}.`);
    if (k === 'type' && (typeof v !== 'string' || !TYPES.includes(v.toLowerCase())))
      throw new Error(`Unknown type ${JSON.stringify(v)} at ${path}.`);
    if (k === 'items') checkSchema(v, `${path}.items`);
    if (k === 'properties') {
      if (!isObj(v)) throw new Error(`${path}.properties must be an object.`);
      for (const [name, sub] of Object.entries(v)) checkSchema(sub, `${path}.properties.${name}`);
    }
  }
}

export function encodeSchema(schema: Obj): unknown[] {
  const out: unknown[] = [];
  for (const [k, v] of Object.entries(schema)) {
    const at = SCHEMA_KEYWORDS[k];
    if (at === undefined) continue;
    let wire: unknown = v;
    if (k === 'type') wire = TYPES.indexOf(String(v).toLowerCase()) + 1;
    else if (k === 'items' && isObj(v)) wire = encodeSchema(v);
    else if (k === 'properties' && isObj(v))
      wire = Object.entries(v).map(([name, sub]) => [name, isObj(sub) ? encodeSchema(sub) : []]);
    else if ((k === 'minItems' || k === 'maxItems') && typeof v === 'number') wire = String(v);
    while (out.length <= at) out.push(null);
    out[at] = wire;
  }
  return out;
}

export function decodeSchema(wire: unknown): Obj {
  const out: Obj = {};
  if (!Array.isArray(wire)) return out;
  for (const [k, at] of Object.entries(SCHEMA_KEYWORDS)) {
    const v: unknown = wire[at];
    if (v === null || v === undefined) continue;
    if (k === 'type') out.type = TYPES[(v as number) - 1] ?? 'string';
    else if (k === 'items') out.items = decodeSchema(v);
    else if (k === 'properties')
      out.properties = Object.fromEntries((v as [string, unknown][]).map(([n, s]) => [n, decodeSchema(s)]));
    else if (k === 'minItems' || k === 'maxItems') out[k] = Number(v);
    else out[k] = v as JsonValue;
  }
  return out;
}
