/**
 * Cuts OpenAI's official OpenAPI document (3.4 MB) down to what an OpenAI-compatible server can
 * be checked against, and writes it to openai-openapi.json next to this file: the document's
 * `openapi` and `info` (which version it is), and every schema under `components.schemas` that
 * the operations below reference, directly or through other schemas. Names and `$ref`s are kept
 * as they are, so extract.ts reads the cut copy exactly like the full document.
 *
 * The copy in the repository was cut from `openapi.json` of the openai/openai-openapi repository
 * (commit f85dbe2, 2026-08-21; document version 2.3.0). To refresh it from a newer one:
 *
 *   npx tsx tests/contract/schemas/trim-openapi.ts path/to/openai-openapi.json
 *   npx tsx tests/contract/schemas/extract.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The API surfaces the bridge serves or may serve. */
const PATHS = ['/chat/completions', '/completions', '/models', '/models/{model}', '/embeddings', '/responses'];
/** Schemas used without a path referencing them (error bodies, the stream chunk). */
const EXTRA_ROOTS = ['ErrorResponse', 'Error', 'CreateChatCompletionStreamResponse'];

type OpenApi = {
  openapi: string;
  info: unknown;
  paths: Record<string, unknown>;
  components: { schemas: Record<string, unknown> };
};

const source = process.argv[2];
if (!source) throw new Error('usage: npx tsx tests/contract/schemas/trim-openapi.ts path/to/openai-openapi.json');
const doc = JSON.parse(readFileSync(source, 'utf8')) as OpenApi;
const refs = (value: unknown): string[] =>
  [...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] as string);

const pending = [...PATHS.flatMap((path) => refs(doc.paths[path] ?? {})), ...EXTRA_ROOTS];
const picked: Record<string, unknown> = {};
for (let guard = 0; pending.length > 0 && guard < 100_000; guard++) {
  const name = pending.pop() as string;
  if (name in picked) continue;
  const schema = doc.components.schemas[name];
  if (schema === undefined) throw new Error(`schema ${name} not found`);
  picked[name] = schema;
  pending.push(...refs(schema));
}
const sorted = Object.fromEntries(Object.entries(picked).sort(([a], [b]) => a.localeCompare(b)));
const out = {
  openapi: doc.openapi,
  info: doc.info,
  'x-subset': `components.schemas reachable from ${PATHS.join(', ')} and ${EXTRA_ROOTS.join(', ')} (cut by trim-openapi.ts)`,
  components: { schemas: sorted },
};
writeFileSync(fileURLToPath(new URL('./openai-openapi.json', import.meta.url)), `${JSON.stringify(out, null, 1)}\n`);
console.log(`wrote ${Object.keys(sorted).length} schemas`);
