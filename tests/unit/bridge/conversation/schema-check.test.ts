import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodResponseFormat } from 'openai/helpers/zod';
import { answerCheck } from '../../../../bridge/conversation/schema-check.ts';
import { BadRequestError } from '../../../../bridge/errors.ts';

const FIELD = 'response_format.json_schema.schema';

describe('the finished answer, checked against the client schema', () => {
  const schema = zodResponseFormat(
    z.object({
      city: z.string(),
      temp: z.number().int(),
      tags: z.array(z.enum(['sun', 'rain'])),
      note: z.string().nullable(),
    }),
    'weather',
  ).json_schema.schema as Record<string, unknown>;
  const check = answerCheck(schema, FIELD);

  it('passes a conforming answer', () => {
    expect(check('{"city":"Paris","temp":21,"tags":["sun"],"note":null}')).toBeNull();
  });

  it('names the first violation: its path and the rule', () => {
    expect(check('{"city":"Paris","temp":"warm","tags":[],"note":null}')).toMatch(/^\$\.temp: .*expected (int|number)/);
    expect(check('{"city":"Paris","temp":21,"tags":["snow"],"note":null}')).toMatch(/^\$\.tags\[0\]: .*"sun"\|"rain"/);
    expect(check('{"city":"Paris","temp":21,"tags":[]}')).toMatch(/^\$\.note: /);
    expect(check('{"city":"Paris","temp":21,"tags":[],"note":null,"extra":1}')).toMatch(/^\$: .*extra/);
  });

  it('says when the answer is not JSON at all (also in JSON mode)', () => {
    expect(check('Sure! {"city":"Paris"}')).toMatch(/^\$: the answer is not valid JSON/);
    const any = answerCheck(null, 'response_format');
    expect(any('[1, {"a": true}]')).toBeNull();
    expect(any('```json\n{}\n```')).toMatch(/not valid JSON/);
  });

  it("reads Gemini's Schema form and draft-07 definitions", () => {
    const gemini = answerCheck(
      {
        type: 'OBJECT',
        properties: { n: { type: 'INTEGER', nullable: true } },
        required: ['n'],
        propertyOrdering: ['n'],
      },
      'generationConfig.responseSchema',
    );
    expect(gemini('{"n":null}')).toBeNull();
    expect(gemini('{"n":1.5}')).toMatch(/^\$\.n: /);
    const defs = answerCheck(
      {
        type: 'object',
        properties: { p: { $ref: '#/definitions/P' } },
        required: ['p'],
        definitions: { P: { type: 'boolean' } },
      },
      FIELD,
    );
    expect(defs('{"p":true}')).toBeNull();
    expect(defs('{"p":"yes"}')).toMatch(/^\$\.p: .*boolean/);
  });

  it('refuses a schema zod cannot read with a 400 on the field', () => {
    expect(() => answerCheck({ $ref: '#/$defs/Nowhere' }, FIELD)).toThrow(BadRequestError);
  });
});
