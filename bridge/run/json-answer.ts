import type { StructuredOutputMode } from '../../protocol/structured-output.ts';
import { UpstreamError } from '../errors.ts';
import type { JsonAsk } from '../conversation/structured-output.ts';
import type { Choice } from './types.ts';

/**
 * The finished answer of a request for JSON, checked against the client's schema
 * (docs/surfaces.md#structured-output): a 502 naming the first violation (path and rule), or null.
 * An answer that is only function calls has no JSON to check.
 */
export function schemaViolation(json: JsonAsk, choice: Choice): UpstreamError | null {
  if (choice.answer.toolCalls.length > 0 && choice.answer.content.trim() === '') return null;
  // Cut at the output token limit: OpenAI and Gemini answer 200 with finish_reason "length" /
  // MAX_TOKENS (the OpenAI SDK's parse() raises its own LengthFinishReasonError), so do we.
  if (choice.finish === 'length') return null;
  const problem = json.check(choice.answer.content);
  if (!problem) return null;
  return new UpstreamError(`the answer does not follow the requested JSON schema: ${problem}`, 'schema_mismatch');
}

/**
 * `x-bridge-structured-output`: `page` when the page's Structured output held the answer, `hint` when
 * only the instruction did (the model has no such switch, or an older extension did not say).
 */
export const structuredOutputHeader = (said: StructuredOutputMode | undefined): StructuredOutputMode => said ?? 'hint';
