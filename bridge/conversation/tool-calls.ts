import { randomBytes } from 'node:crypto';

/** A function call the page made, as every surface reports it (OpenAI's shape; the others map from it). */
export interface ToolCallOut {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export const newToolCallId = (): string => `call_${randomBytes(12).toString('base64url')}`;

/** A call's arguments as an object, for the surfaces that send them parsed ({} when the page's text is not JSON). */
export function parsedArguments(call: ToolCallOut): unknown {
  try {
    return JSON.parse(call.function.arguments);
  } catch {
    return {};
  }
}

/**
 * Splits a tool call's JSON arguments into the pieces a stream sends, the way OpenAI streams
 * them token by token: clients that only handle whole arguments in one chunk are broken against
 * OpenAI too, and clients that concatenate must see that they have to. Splits between code
 * points, never inside a surrogate pair.
 */
export function argumentFragments(args: string, size = ARGUMENT_FRAGMENT): string[] {
  const points = Array.from(args);
  const out: string[] = [];
  for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size).join(''));
  return out;
}
const ARGUMENT_FRAGMENT = 8;
