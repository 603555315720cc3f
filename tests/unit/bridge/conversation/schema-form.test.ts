import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodResponseFormat } from 'openai/helpers/zod';
import { toPageSchema } from '../../../../bridge/conversation/schema-form.ts';
import { BadRequestError } from '../../../../bridge/errors.ts';
import { checkSchema } from '../../../../sim/site/wire/schema.ts';

const FIELD = 'response_format.json_schema.schema';
const convert = (schema: unknown) => toPageSchema(schema, FIELD);
const refusal = (schema: unknown): BadRequestError => {
  try {
    convert(schema);
  } catch (err) {
    if (err instanceof BadRequestError) return err;
    throw err;
  }
  throw new Error('accepted');
};

describe("a client's schema → the page's Structured output schema", () => {
  it("maps the OpenAI SDK's zodResponseFormat schema (strict, draft-07, nullable unions) to what the page takes", () => {
    const Step = z.object({ explanation: z.string(), output: z.string() });
    const schema = zodResponseFormat(
      z.object({ city: z.string(), steps: z.array(Step), note: z.string().nullable(), kind: z.enum(['a', 'b']) }),
      'answer',
    ).json_schema.schema;
    const page = convert(schema);
    expect(page).toEqual({
      type: 'object',
      properties: {
        city: { type: 'string' },
        steps: {
          type: 'array',
          items: {
            type: 'object',
            properties: { explanation: { type: 'string' }, output: { type: 'string' } },
            required: ['explanation', 'output'],
            propertyOrdering: ['explanation', 'output'],
          },
        },
        note: { type: 'string', nullable: true },
        kind: { type: 'string', enum: ['a', 'b'] },
      },
      required: ['city', 'steps', 'note', 'kind'],
      propertyOrdering: ['city', 'steps', 'note', 'kind'],
    });
    // What the simulated page's editor (written from the facts) accepts on Save.
    expect(() => checkSchema(page)).not.toThrow();
  });

  it('inlines local $ref / $defs and draft-07 definitions, and maps anyOf with null and const', () => {
    const page = convert({
      $defs: { Point: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } },
      definitions: { Tag: { type: 'string', description: 'a tag' } },
      type: 'object',
      title: 'Shape',
      properties: {
        at: { $ref: '#/$defs/Point' },
        tag: { anyOf: [{ $ref: '#/definitions/Tag' }, { type: 'null' }] },
        kind: { const: 'shape' },
        when: { type: 'string', format: 'date-time', default: 'now', examples: ['x'] },
        mail: { type: 'string', format: 'email' },
      },
      additionalProperties: false,
    });
    expect(page.properties).toEqual({
      at: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'], propertyOrdering: ['x'] },
      tag: { type: 'string', description: 'a tag', nullable: true },
      kind: { type: 'string', enum: ['shape'] },
      when: { type: 'string', format: 'date-time' },
      mail: { type: 'string' },
    });
    expect(page).not.toHaveProperty('title');
    expect(() => checkSchema(page)).not.toThrow();
  });

  it("keeps Gemini's Schema form (upper-case types, nullable, propertyOrdering)", () => {
    const page = convert({
      type: 'OBJECT',
      properties: { n: { type: 'INTEGER', nullable: true, minimum: 1 } },
      propertyOrdering: ['n'],
    });
    expect(page).toEqual({
      type: 'object',
      properties: { n: { type: 'integer', nullable: true, minimum: 1 } },
      propertyOrdering: ['n'],
    });
  });

  it('refuses a keyword the page does not take with a 400 naming it and its path', () => {
    const err = refusal({ type: 'object', properties: { name: { type: 'string', minLength: 1 } } });
    expect(err.status).toBe(400);
    expect(err.param).toBe(FIELD);
    expect(err.message).toContain('"minLength" at $.properties.name');
    expect(refusal({ type: 'array', items: { type: 'string', pattern: '^a' } }).message).toContain(
      '"pattern" at $.items',
    );
    expect(refusal({ oneOf: [{ type: 'string' }, { type: 'number' }] }).message).toContain('"oneOf" at $');
    expect(refusal({ type: ['string', 'number'] }).message).toContain('"type" at $');
    expect(refusal({ type: 'object', additionalProperties: { type: 'string' } }).message).toContain(
      '"additionalProperties" at $',
    );
    expect(refusal({ enum: [1, 2] }).message).toContain('"enum" at $.enum');
  });

  it('refuses recursive and unknown references', () => {
    expect(refusal({ type: 'object', properties: { child: { $ref: '#' } } }).message).toContain(
      '"$ref" at $.properties.child',
    );
    expect(refusal({ $ref: '#/$defs/Missing' }).message).toContain('is not a definition');
    expect(refusal({ $ref: 'https://example.com/s.json' }).message).toContain('"$ref" at $');
  });
});

describe('toPageSchema bounds', () => {
  it('refuses a small schema whose $refs expand exponentially, with a 400', () => {
    const $defs: Record<string, unknown> = {};
    for (let i = 0; i < 12; i++) {
      const next = { $ref: `#/$defs/A${i + 1}` };
      $defs[`A${i}`] = { type: 'object', properties: { a: next, b: next, c: next, d: next } };
    }
    $defs.A12 = { type: 'string' };
    // Without the bound this would build 4^12 nodes: the test would hang, then run out of memory.
    expect(() => toPageSchema({ $ref: '#/$defs/A0', $defs }, 'response_format')).toThrow(/more than 5000 schemas/);
  });
});
