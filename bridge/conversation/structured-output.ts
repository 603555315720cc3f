import type { StructuredOutput } from '../../protocol/structured-output.ts';
import { BadRequestError } from '../errors.ts';
import { answerCheck, type AnswerCheck } from './schema-check.ts';
import { toPageSchema } from './schema-form.ts';

/**
 * What a request for JSON asks of a run (docs/surfaces.md#structured-output): the page's
 * Structured output with the schema in its form, the instruction hint the bridge also puts into
 * the system instructions (kept only where the page has no switch, or the extension is too old to
 * know the setting: protocol/structured-output.ts), and the check on the finished answer.
 */
export interface JsonAsk {
  setting: StructuredOutput;
  hint: string;
  check: AnswerCheck;
}

/**
 * The client's schema (null: JSON mode, any JSON value) → the ask; `field` names the request field
 * that held it in errors. Refusals are 400s thrown here, before any tab is used.
 */
export function jsonAsk(schema: unknown, field: string): JsonAsk {
  if (schema !== null && (typeof schema !== 'object' || Array.isArray(schema)))
    throw new BadRequestError(`Invalid schema for ${field}: a schema must be a JSON object.`, field, 'invalid_value');
  const original = schema as Record<string, unknown> | null;
  const page = original ? toPageSchema(original, field) : null;
  const check = answerCheck(original, field);
  const hint = jsonOutputHint(original ?? undefined);
  return { setting: { schema: page, hint }, hint, check };
}

/** Asking in the system instructions: what a page without the Structured output switch gets. */
function jsonOutputHint(schema: unknown): string {
  const base = 'Respond with a single valid JSON value only: no Markdown code fences, no text before or after it.';
  return schema === undefined || schema === null
    ? base
    : `${base} It must conform to this JSON Schema:\n${JSON.stringify(schema)}`;
}
