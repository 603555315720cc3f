import { z } from 'zod';
import type { JobRequest } from '../../protocol/job.ts';
import { BadRequestError } from '../errors.ts';

/**
 * Admission: the checks every API surface runs on a request before it may become a job, so that
 * nothing a client sends can overflow the stack, block the event loop or hold a tab later on.
 *
 * - `checkBodyShape(body, opaqueFields)` right after JSON.parse: nesting depth and value count.
 *   JSON.parse itself is iterative and takes any depth, but JSON.stringify, zod and every
 *   recursive walk after it are not (Node 20 overflows at ~6,000 nested objects).
 * - `TokenLimit` for max_tokens-like fields, `checkStopSequences` for stop sequences.
 * - `admitJob(request)` serialises the job request once, when it is submitted; the frame sent to
 *   the tab later reuses that text, so dispatching (from a WebSocket handler or a timer) never
 *   serialises user data again.
 */
export interface RequestLimits {
  maxDepth: number;
  maxValues: number;
  maxStopSequences: number;
  maxStopLength: number;
}

export const REQUEST_LIMITS: Readonly<RequestLimits> = {
  /** nested objects/arrays anywhere in a body; real tool schemas use about 10, the page takes far less than 6,000 */
  maxDepth: 64,
  /** values (objects, arrays, strings, numbers, …) in one body; 32 MiB of `[0,0,…]` would be 16 M */
  maxValues: 1_000_000,
  /** stop sequences per request: OpenAI documents up to 4, AI Studio's stop-token chips take more */
  maxStopSequences: 16,
  /** characters per stop sequence */
  maxStopLength: 1_000,
};

const INDEX: unique symbol = Symbol('index');
type Segment = string | number;

/** Parses `tools[].function.parameters` into segments; `[]` stands for any array index. */
function pattern(text: string): Array<string | typeof INDEX> {
  return text.split('.').flatMap((part) => {
    const name = part.replace(/\[\]/g, '');
    const indexes = (part.match(/\[\]/g) ?? []).map((): typeof INDEX => INDEX);
    return [...(name ? [name] : []), ...indexes];
  });
}

/** OpenAI's way of naming a field in `param`: `tools[0].function.parameters`. */
export function fieldName(path: readonly Segment[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${key}` : key),
    '',
  );
}

/**
 * The field to name for a problem deep inside `path`: the longest opaque field (free JSON such as
 * a tool's parameters schema) that contains it, else the top-level field (with its index).
 */
function fieldFor(path: readonly Segment[], opaque: ReadonlyArray<Array<string | typeof INDEX>>): string {
  let best: readonly Segment[] | null = null;
  for (const p of opaque) {
    if (p.length > path.length || (best && p.length <= best.length)) continue;
    if (p.every((seg, i) => (seg === INDEX ? typeof path[i] === 'number' : seg === path[i])))
      best = path.slice(0, p.length);
  }
  return fieldName(best ?? (typeof path[1] === 'number' ? path.slice(0, 2) : path.slice(0, 1)));
}

/** Only this many leading path segments are tracked: enough to name any opaque field. */
const TRACKED = 8;

/**
 * Walks a parsed JSON body without recursion and refuses it (400, naming the field) when it is
 * nested deeper than `maxDepth` or holds more than `maxValues` values. `opaqueFields` lists the
 * surface's free-JSON fields, e.g. `['tools[].function.parameters', 'response_format.json_schema.schema']`.
 */
export function checkBodyShape(
  body: unknown,
  opaqueFields: readonly string[] = [],
  limits: Readonly<RequestLimits> = REQUEST_LIMITS,
): void {
  const opaque = opaqueFields.map(pattern);
  const stack: Array<{ value: object; depth: number; path: Segment[] }> = [];
  let values = 0;
  // The path is only built for containers (and for the error): primitives are counted, not copied.
  const pathOf = (parent: Segment[], key: Segment | null): Segment[] =>
    key === null || parent.length >= TRACKED ? parent : [...parent, key];
  const visit = (value: unknown, depth: number, parent: Segment[], key: Segment | null): void => {
    if (++values > limits.maxValues) {
      const field = fieldFor(pathOf(parent, key), opaque);
      throw new BadRequestError(
        `The request has more than ${limits.maxValues} JSON values (last counted in '${field || 'body'}').`,
        field || null,
        'request_too_large',
      );
    }
    if (typeof value !== 'object' || value === null) return;
    const path = pathOf(parent, key);
    if (depth > limits.maxDepth) {
      const field = fieldFor(path, opaque);
      throw new BadRequestError(
        `Invalid value for '${field || 'body'}': nested deeper than ${limits.maxDepth} levels.`,
        field || null,
        'invalid_value',
      );
    }
    stack.push({ value, depth, path });
  };
  visit(body, 1, [], null);
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop() as { value: object; depth: number; path: Segment[] };
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) visit(value[i], depth + 1, path, i);
    else for (const [key, v] of Object.entries(value)) visit(v, depth + 1, path, key);
  }
}

const POSITIVE = { error: 'must be a positive integer' };
/** max_tokens and its relatives: a positive integer (0 or -5 used to be ignored silently); absent stays "required" where the surface requires it. */
export const TokenLimit = z.number().int(POSITIVE).positive(POSITIVE);

/** Stop sequences as the page gets them: non-empty, distinct, at most 16 of at most 1,000 characters. */
export function checkStopSequences(stop: string | readonly string[] | null | undefined, field = 'stop'): string[] {
  const list = stop === null || stop === undefined ? [] : typeof stop === 'string' ? [stop] : stop;
  const { maxStopSequences, maxStopLength } = REQUEST_LIMITS;
  const prefix = field === 'stop' ? '' : `${field}: `;
  if (list.length > maxStopSequences)
    throw new BadRequestError(
      `${prefix}at most ${maxStopSequences} stop sequences are supported`,
      field,
      'invalid_value',
    );
  list.forEach((s, i) => {
    if (s.length > maxStopLength) {
      throw new BadRequestError(
        `${prefix}a stop sequence may have at most ${maxStopLength} characters`,
        typeof stop === 'string' ? field : `${field}[${i}]`,
        'invalid_value',
      );
    }
  });
  return [...new Set(list.filter((s) => s.length > 0))];
}

/** A job request with the JSON text sent to the tab, produced once at admission. */
export interface AdmittedJob {
  readonly request: JobRequest;
  readonly json: string;
}

/**
 * Serialises a job request once. Surfaces check body shapes first, so a failure here means a
 * surface let something through: it is still the client's request that cannot be sent (400).
 */
export function admitJob(request: JobRequest): AdmittedJob {
  try {
    return { request, json: JSON.stringify(request) };
  } catch (err) {
    checkBodyShape(request, ['tools[].parameters']);
    throw new BadRequestError(
      `the request cannot be sent to the AI Studio page: ${err instanceof Error ? err.message : String(err)}`,
      null,
      'invalid_value',
    );
  }
}
