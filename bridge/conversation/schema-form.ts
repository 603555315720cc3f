import { BadRequestError } from '../errors.ts';

/**
 * A client's JSON Schema (or Gemini Schema) → the schema the page's Structured output editor takes
 * (docs/surfaces.md#structured-output). The editor takes Gemini's Schema form: types string, number,
 * integer, boolean, array, object, and the keywords in TAKEN (aistudio-2026-facts.md §4 and the
 * Schema fields AI Studio's wire carries, sim/site/wire/schema.ts). What maps is mapped: local
 * `$ref`/`$defs` are inlined, a union with null (`type: [T, "null"]`, `anyOf: [S, {type:"null"}]`)
 * becomes `nullable`, `const` a one-value `enum`. Anything else is refused with a 400 naming the
 * keyword and where it sits, before a tab is used, rather than dropped: the page would not hold the
 * answer to it. The client's own schema is what the answer is checked against (schema-check.ts).
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keywords the page's editor takes as they are. */
const TAKEN = new Set([
  'type',
  'format',
  'description',
  'nullable',
  'enum',
  'items',
  'properties',
  'required',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'propertyOrdering',
]);

/**
 * Dropped without a word: they only annotate (titles, examples, defaults, ids, comments) or hold
 * definitions that `$ref` inlines, so the answer the page gives is the same with or without them,
 * and the answer is still checked against the client's whole schema. `additionalProperties` is
 * handled on its own (false: the page only writes declared properties anyway).
 */
const ANNOTATIONS = new Set([
  'title',
  '$schema',
  '$id',
  '$comment',
  'examples',
  'example',
  'default',
  'readOnly',
  'writeOnly',
  'deprecated',
  '$defs',
  'definitions',
]);

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);

/** Gemini documents these formats; others (email, uri, uuid…) are not the page's, and the answer check still applies them. */
const FORMATS = new Set(['date-time', 'date', 'time', 'enum', 'float', 'double', 'int32', 'int64']);

/** Bounds the inlining of `$ref`s (a schema that references itself is refused before this). */
const MAX_DEPTH = 32;

/**
 * Bounds the schema once its `$ref`s are inlined: a 1 KB schema whose definitions each use the
 * next one four times expands to 4^depth nodes, which would stall the bridge (and no page editor
 * holds it). Real response schemas have tens to hundreds of nodes.
 */
const MAX_NODES = 5000;

class Converter {
  private readonly stack: string[] = [];
  private nodes = 0;

  constructor(
    private readonly root: Obj,
    private readonly field: string,
  ) {}

  refuse(keyword: string, path: string, why = "the page's Structured output does not take it; remove it"): never {
    throw new BadRequestError(
      `Invalid schema for ${this.field}: "${keyword}" at ${path}: ${why}.`,
      this.field,
      'unsupported_schema_keyword',
    );
  }

  convert(node: unknown, path: string, depth: number): Obj {
    if (!isObj(node)) return this.refuse('(schema)', path, 'a schema must be a JSON object');
    if (depth > MAX_DEPTH) return this.refuse('$ref', path, `schemas nested deeper than ${MAX_DEPTH} levels`);
    if (++this.nodes > MAX_NODES)
      return this.refuse(
        '$ref',
        path,
        `the schema expands to more than ${MAX_NODES} schemas once its $refs are inlined`,
      );
    if (typeof node.$ref === 'string') return this.inline(node, path, depth);
    for (const union of ['anyOf', 'oneOf'] as const)
      if (node[union] !== undefined) return this.union(node, union, path, depth);
    const out: Obj = {};
    let nullable = node.nullable === true;
    for (const [k, v] of Object.entries(node)) {
      const at = `${path}.${k}`;
      if (ANNOTATIONS.has(k)) continue;
      if (k === 'additionalProperties') {
        if (v === false || v === true || (isObj(v) && Object.keys(v).length === 0)) continue;
        this.refuse(k, path, 'the page cannot hold a map of free keys; list the properties');
      }
      if (k === 'const') {
        if (typeof v !== 'string') this.refuse(k, path, 'only a string constant maps (to a one-value enum)');
        out.enum = [v];
        out.type ??= 'string';
        continue;
      }
      if (!TAKEN.has(k)) this.refuse(k, path);
      if (k === 'type') {
        const types = (Array.isArray(v) ? v : [v]).map((t) => (typeof t === 'string' ? t.toLowerCase() : t));
        const real = types.filter((t) => t !== 'null');
        if (real.length < types.length) nullable = true;
        if (real.length !== 1 || typeof real[0] !== 'string' || !TYPES.has(real[0]))
          this.refuse(k, path, `one of ${[...TYPES].join(', ')} (or one of them with "null")`);
        out.type = real[0];
      } else if (k === 'enum') {
        if (!Array.isArray(v)) this.refuse(k, path, 'an enum is a list');
        if (v.includes(null)) nullable = true;
        const values = v.filter((e) => e !== null);
        if (!values.every((e) => typeof e === 'string')) this.refuse(k, at, 'the page takes string values only');
        out.enum = values;
        out.type ??= 'string';
      } else if (k === 'format') {
        if (typeof v === 'string' && FORMATS.has(v)) out.format = v;
      } else if (k === 'items') {
        if (!isObj(v)) this.refuse(k, path, 'one schema for every item (tuples are not taken)');
        out.items = this.convert(v, at, depth + 1);
      } else if (k === 'properties') {
        if (!isObj(v)) this.refuse(k, path, 'properties are an object of schemas');
        out.properties = Object.fromEntries(
          Object.entries(v).map(([name, sub]) => [name, this.convert(sub, `${at}.${name}`, depth + 1)]),
        );
      } else if (k !== 'nullable') out[k] = v;
    }
    if (nullable) out.nullable = true;
    if (isObj(out.properties)) {
      out.type ??= 'object';
      // The page writes properties in this order; a client's schema lists them in the order it wants.
      out.propertyOrdering ??= Object.keys(out.properties);
    }
    return out;
  }

  /** A local reference (`#/$defs/X`, `#/definitions/X`): inlined, with its own keywords beside it. */
  private inline(node: Obj, path: string, depth: number): Obj {
    const ref = node.$ref as string;
    if (this.stack.includes(ref))
      this.refuse('$ref', path, `"${ref}" refers to itself: the page takes no recursive schemas`);
    const target = this.resolve(ref);
    if (target === undefined) this.refuse('$ref', path, `"${ref}" is not a definition in this schema`);
    this.stack.push(ref);
    const { $ref: _, ...beside } = node;
    const merged = isObj(target) ? { ...target, ...beside } : target;
    const out = this.convert(merged, path, depth + 1);
    this.stack.pop();
    return out;
  }

  private resolve(ref: string): unknown {
    if (ref === '#') return this.root;
    if (!ref.startsWith('#/')) return undefined;
    let at: unknown = this.root;
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      if (!isObj(at) || !Object.hasOwn(at, key)) return undefined;
      at = at[key];
    }
    return at;
  }

  /** Only a union with null maps (to `nullable`): the page takes no other alternatives. */
  private union(node: Obj, key: 'anyOf' | 'oneOf', path: string, depth: number): Obj {
    const members = node[key];
    if (!Array.isArray(members)) return this.refuse(key, path, 'a list of schemas');
    const isNull = (m: unknown): boolean => isObj(m) && m.type === 'null' && Object.keys(m).length === 1;
    const rest = members.filter((m) => !isNull(m));
    if (rest.length !== 1 || rest.length === members.length)
      this.refuse(key, path, 'the page takes no alternatives (only one schema or null maps, to "nullable")');
    const { [key]: _, ...beside } = node;
    const out = this.convert({ ...(rest[0] as Obj), ...beside }, path, depth + 1);
    return { ...out, nullable: true };
  }
}

/** The page's schema for a client's schema; throws a 400 naming `field` and the refused keyword with its path. */
export function toPageSchema(schema: unknown, field: string): Record<string, unknown> {
  if (!isObj(schema)) throw new BadRequestError(`Invalid schema for ${field}: a schema must be a JSON object.`, field);
  return new Converter(schema, field).convert(schema, '$', 0);
}
