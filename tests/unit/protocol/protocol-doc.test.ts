import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ContentMessageSchemas, parseContentMessage } from '../../../protocol/content.ts';
import { parseEnvelope } from '../../../protocol/envelope.ts';
import { MessageSchemas } from '../../../protocol/messages.ts';

/** PROTOCOL.md's examples are checked against the schemas, so the document cannot drift. */
const doc = readFileSync(new URL('../../../protocol/PROTOCOL.md', import.meta.url), 'utf8');
const examples = doc
  .split('\n')
  .filter((line) => line.startsWith('{ "id"'))
  .map((line) => JSON.parse(line) as { id: string; type: string });

describe('protocol/PROTOCOL.md', () => {
  it('gives a valid example of every bridge-link message', () => {
    const bridgeExamples = examples.filter((e) => !e.id.match(/^[cw]\d/));
    for (const type of Object.keys(MessageSchemas))
      expect(
        bridgeExamples.map((e) => e.type),
        type,
      ).toContain(type);
    for (const example of bridgeExamples)
      expect(parseEnvelope(example), JSON.stringify(example)).toMatchObject({ ok: true });
  });

  it('gives a valid example of every content-link message', () => {
    const contentExamples = examples.filter((e) => e.id.match(/^[cw]\d/));
    for (const type of Object.keys(ContentMessageSchemas))
      expect(
        contentExamples.map((e) => e.type),
        type,
      ).toContain(type);
    for (const example of contentExamples)
      expect(parseContentMessage(example), JSON.stringify(example)).toMatchObject({ ok: true });
  });
});
