import { BadRequestError, UpstreamError } from '../errors.ts';
import type { ToolCallOut } from './tool-calls.ts';

/**
 * What the answer must contain: `function` = a call of that one function. `said`: how the client
 * asked and how it would relax it, in its own API's words (OpenAI's when absent), for the error.
 */
export type ToolChoice =
  | { mode: 'auto' }
  | { mode: 'none' }
  | { mode: 'required'; said?: ToolChoiceWords }
  | { mode: 'function'; name: string; said?: ToolChoiceWords };

interface ToolChoiceWords {
  /** e.g. `tool_choice is {"type":"any"}` */
  asked: string;
  /** e.g. `use tool_choice {"type":"auto"}` */
  relax: string;
}

/**
 * `tool_choice` as chat completions sends it: "none" | "auto" | "required" |
 * `{type:"function", function:{name}}` (the Responses API's flat `{type:"function", name}` too).
 * AI Studio has no control for it, so the bridge narrows the declarations, asks in the system
 * instructions and checks the answer (see run/job-run.ts).
 */
export function parseToolChoice(raw: unknown, toolNames: readonly string[], param = 'tool_choice'): ToolChoice {
  if (raw === undefined || raw === null || raw === 'auto') return { mode: 'auto' };
  if (raw === 'none') return { mode: 'none' };
  if (raw === 'required' || raw === 'any') {
    if (toolNames.length === 0)
      throw new BadRequestError(
        `tool_choice "required" needs at least one function in 'tools'`,
        param,
        'invalid_value',
      );
    return { mode: 'required' };
  }
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as { type?: unknown; name?: unknown; function?: { name?: unknown } };
    const name = typeof o.function?.name === 'string' ? o.function.name : typeof o.name === 'string' ? o.name : null;
    if ((o.type === 'function' || o.type === undefined) && name) {
      if (!toolNames.includes(name))
        throw new BadRequestError(
          `tool_choice names the function "${name}", which is not in 'tools'`,
          param,
          'invalid_value',
        );
      return { mode: 'function', name };
    }
    // allowed_tools, custom and built-in tool choices: let the model choose among what was declared.
    if (typeof o.type === 'string') return { mode: 'auto' };
  }
  throw new BadRequestError(
    `Invalid value for '${param}': use "none", "auto", "required" or {"type":"function","function":{"name":…}}`,
    param,
    'invalid_value',
  );
}

/** The sentence added to the system instructions; null when the model may answer freely. */
export function toolChoiceHint(choice: ToolChoice): string | null {
  if (choice.mode === 'required')
    return 'You must answer this message by calling one of the available functions, not with text.';
  if (choice.mode === 'function')
    return `You must answer this message by calling the function "${choice.name}", not with text.`;
  return null;
}

/** tool_choice "required" or a named function: an answer without that call fails the request (null = fine). */
export function toolChoiceViolation(want: ToolChoice, calls: readonly ToolCallOut[]): UpstreamError | null {
  const relax =
    (want.mode === 'required' || want.mode === 'function' ? want.said?.relax : null) ?? 'use tool_choice "auto"';
  if (want.mode === 'required' && calls.length === 0) {
    return new UpstreamError(
      `${want.said?.asked ?? 'tool_choice is "required"'} but the model answered without calling a function; retry, or ${relax}`,
      'tool_choice_not_honoured',
    );
  }
  if (want.mode === 'function' && !calls.some((c) => c.function.name === want.name)) {
    return new UpstreamError(
      `${want.said?.asked ?? 'tool_choice names the function'} "${want.name}" but the model did not call it; retry, or ${relax}`,
      'tool_choice_not_honoured',
    );
  }
  return null;
}
