/**
 * Extracts the response schemas the bridge must satisfy from OpenAI's official OpenAPI document,
 * with every schema they reference, into openai-schemas.json next to this file (what the contract
 * tests validate against). It reads the repository's cut of the official document,
 * openai-openapi.json (see trim-openapi.ts), unless given another copy of it.
 *
 *   npx tsx tests/contract/schemas/extract.ts [path/to/openai-openapi.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOTS = [
  'CreateChatCompletionResponse',
  'CreateChatCompletionStreamResponse',
  'ErrorResponse',
  'ListModelsResponse',
  'Model',
  'Response',
  'ResponseStreamEvent',
  'CreateCompletionResponse',
];
const source = process.argv[2] ?? fileURLToPath(new URL('./openai-openapi.json', import.meta.url));
const doc = JSON.parse(readFileSync(source, 'utf8')) as { components: { schemas: Record<string, unknown> } };
const all = doc.components.schemas;

const picked: Record<string, unknown> = {};
const pending = [...ROOTS];
for (let guard = 0; pending.length > 0 && guard < 10_000; guard++) {
  const name = pending.pop() as string;
  if (name in picked) continue;
  const schema = all[name];
  if (schema === undefined) throw new Error(`schema ${name} not found`);
  picked[name] = schema;
  for (const match of JSON.stringify(schema).matchAll(/"#\/components\/schemas\/([^"]+)"/g))
    pending.push(match[1] as string);
}
// Ajv resolves "#/components/schemas/X" against the root document, so keep that shape.
const out = { $id: 'openai', components: { schemas: picked } };
writeFileSync(fileURLToPath(new URL('./openai-schemas.json', import.meta.url)), `${JSON.stringify(out, null, 1)}\n`);
console.log(`wrote ${Object.keys(picked).length} schemas`);
