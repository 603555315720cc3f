import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';

/**
 * Validators for the official OpenAPI schemas (extracted by extract.ts). OpenAPI 3.1 schemas
 * are JSON Schema 2020-12; vendor keywords (x-oaiMeta…) and formats like "unixtime" are ignored.
 */
const doc = withNullable(
  JSON.parse(readFileSync(new URL('./openai-schemas.json', import.meta.url), 'utf8')) as unknown,
);

/** A few schemas still carry OpenAPI 3.0's `nullable: true`; 2020-12 spells it `anyOf [.., null]`. */
function withNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullable);
  if (typeof node !== 'object' || node === null) return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const mapped = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, withNullable(v)]));
  return nullable === true ? { anyOf: [mapped, { type: 'null' }] } : mapped;
}
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(doc as object);

export type SchemaName =
  | 'CreateChatCompletionResponse'
  | 'CreateChatCompletionStreamResponse'
  | 'ErrorResponse'
  | 'ListModelsResponse'
  | 'Model'
  | 'Response'
  | 'ResponseStreamEvent'
  | 'CreateCompletionResponse';

/** Throws with the validator's complaints when `value` does not match the named schema. */
export function assertSchema(name: SchemaName, value: unknown): void {
  const validate = ajv.getSchema(`openai#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  if (!validate(value))
    throw new Error(`${name} violated: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 500)}`);
}
