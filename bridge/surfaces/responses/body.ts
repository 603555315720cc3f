import type { ApiError } from '../../errors.ts';
import type { ChatMessage } from '../../conversation/messages.ts';
import type { Usage } from '../../conversation/usage.ts';
import type { CreateResponseRequest } from './request.ts';

type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** Everything about a response object that the request fixes (the rest: status, output, usage, error). */
export function responseBase(id: string, createdAt: number, req: CreateResponseRequest): Record<string, unknown> {
  const format = req.text?.format;
  return {
    id,
    object: 'response',
    created_at: createdAt,
    instructions: req.instructions ?? null,
    max_output_tokens: req.max_output_tokens ?? null,
    metadata: req.metadata ?? {},
    parallel_tool_calls: req.parallel_tool_calls ?? true,
    previous_response_id: req.previous_response_id ?? null,
    reasoning: { effort: req.reasoning?.effort ?? null, summary: req.reasoning?.summary ?? null },
    store: req.store ?? true,
    temperature: req.temperature ?? 1,
    text: {
      format:
        format && format.type === 'json_schema'
          ? {
              type: 'json_schema',
              name: format.name ?? 'response',
              schema: format.schema ?? {},
              strict: format.strict ?? false,
            }
          : { type: format?.type === 'json_object' ? 'json_object' : 'text' },
    },
    tool_choice: req.tool_choice ?? 'auto',
    tools: (req.tools ?? [])
      .filter((t) => t.type === 'function' && t.name)
      .map((t) => ({
        type: 'function',
        name: t.name,
        description: t.description ?? null,
        parameters: t.parameters ?? null,
        strict: t.strict ?? null,
      })),
    top_p: req.top_p ?? 1,
    truncation: 'disabled',
  };
}

export interface ResponseState {
  model: string;
  status: ResponseStatus;
  output: Array<Record<string, unknown>>;
  usage: Usage | null;
  error?: ApiError;
}

export function responseObject(base: Record<string, unknown>, s: ResponseState, now: number): Record<string, unknown> {
  return {
    ...base,
    model: s.model,
    status: s.status,
    completed_at: s.status === 'completed' ? now : null,
    error: s.error
      ? { code: s.error.status === 429 ? 'rate_limit_exceeded' : 'server_error', message: s.error.message }
      : null,
    incomplete_details: s.status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    output: s.output,
    // optional, not nullable, in OpenAI's schema: absent until known
    ...(s.usage ? { usage: responseUsage(s.usage) } : {}),
  };
}

/** Chat usage → the Responses API's names (reasoning tokens already count inside output tokens). */
function responseUsage(u: Usage): Record<string, unknown> {
  return {
    input_tokens: u.prompt_tokens,
    input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    output_tokens: u.completion_tokens,
    output_tokens_details: { reasoning_tokens: u.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: u.total_tokens,
  };
}

/** A response's output as chat messages, so `previous_response_id` continues the conversation. */
export function outputMessages(output: ReadonlyArray<Record<string, unknown>>): ChatMessage[] {
  let text = '';
  const calls: NonNullable<ChatMessage['tool_calls']> = [];
  for (const item of output) {
    if (item.type === 'message')
      text += ((item.content as Array<{ text?: string }>) ?? []).map((p) => p.text ?? '').join('');
    if (item.type === 'function_call')
      calls.push({
        id: String(item.call_id),
        type: 'function',
        function: { name: String(item.name), arguments: String(item.arguments) },
      });
  }
  if (text.length === 0 && calls.length === 0) return [];
  return [
    { role: 'assistant', content: text.length > 0 ? text : null, ...(calls.length > 0 ? { tool_calls: calls } : {}) },
  ];
}
