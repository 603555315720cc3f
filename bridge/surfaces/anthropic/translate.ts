import type { FunctionDeclaration, RunSettings } from '../../../protocol/job.ts';
import { BadRequestError } from '../../errors.ts';
import { stopSequences } from '../../conversation/settings.ts';
import type { ToolChoice } from '../../conversation/tool-choice.ts';
import { mustCallHint, type JobParts } from '../build-job.ts';
import type { CountTokensRequest, MessagesRequest } from './request.ts';
import { toChatMessages } from './turns.ts';
import type { SwitchAsks } from '../../conversation/tool-switches.ts';

/** A Messages request → the shared job parts (conversation as OpenAI-shaped turns, settings, tools). */
export function messagesToJobParts(req: MessagesRequest | CountTokensRequest): JobParts {
  const system = typeof req.system === 'string' ? [req.system] : (req.system ?? []).map((b) => b.text);
  const { tools, switches } = toolsOf(req);
  const forced = req.tool_choice?.type === 'any' || req.tool_choice?.type === 'tool';
  if (forced && tools.length > 0)
    system.push(mustCallHint(req.tool_choice?.type === 'tool' ? (req.tool_choice.name ?? null) : null));
  const settings: RunSettings = {};
  if ('max_tokens' in req && typeof req.max_tokens === 'number') settings.maxOutputTokens = req.max_tokens;
  if ('temperature' in req && typeof req.temperature === 'number') settings.temperature = req.temperature;
  if ('top_p' in req && typeof req.top_p === 'number') settings.topP = req.top_p;
  const thinking = req.thinking;
  if (thinking?.type === 'disabled') settings.thinking = { mode: 'off' };
  else if (thinking?.type === 'adaptive') settings.thinking = { mode: 'auto' };
  else if (thinking?.type === 'enabled') {
    if (!thinking.budget_tokens)
      throw new BadRequestError('thinking.budget_tokens: Field required', 'thinking.budget_tokens', 'invalid_value');
    settings.thinking = { mode: 'budget', budget: thinking.budget_tokens };
  }
  const stops = 'stop_sequences' in req ? (req.stop_sequences as string[] | undefined) : undefined;
  return {
    requestedModel: req.model,
    messages: toChatMessages(req.messages),
    system,
    settings,
    stop: stopSequences(stops, 'stop_sequences'),
    tools,
    toolChoice: toolChoiceOf(req, tools),
    conversationField: 'messages',
    switches,
  };
}

/**
 * Custom tools → function declarations; Anthropic's server tools → the page's switches:
 * web search (`web_search_20250305`…) → Grounding with Google Search, web fetch → URL context,
 * code execution (`code_execution_20250522`…) → Code execution.
 */
function toolsOf(req: MessagesRequest | CountTokensRequest): { tools: FunctionDeclaration[]; switches: SwitchAsks } {
  const switches: SwitchAsks = {};
  const tools: FunctionDeclaration[] = [];
  for (const [i, tool] of (req.tools ?? []).entries()) {
    if (tool.type?.startsWith('web_search')) switches.googleSearch = `tools[${i}]`;
    else if (tool.type?.startsWith('web_fetch')) switches.urlContext = `tools[${i}]`;
    else if (tool.type?.startsWith('code_execution')) switches.codeExecution = `tools[${i}]`;
    else
      tools.push({
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        ...(tool.input_schema ? { parameters: tool.input_schema } : {}),
      });
  }
  const choice = req.tool_choice;
  if (choice?.type === 'none') return { tools: [], switches };
  if (choice?.type === 'tool') {
    if (!choice.name)
      throw new BadRequestError('tool_choice.name: Field required', 'tool_choice.name', 'invalid_value');
    const named = tools.filter((t) => t.name === choice.name);
    if (named.length === 0)
      throw new BadRequestError(
        `tool_choice.name: no tool named "${choice.name}" in tools`,
        'tool_choice.name',
        'invalid_value',
      );
    return { tools: named, switches };
  }
  return { tools, switches };
}

/**
 * `any` and `tool` are promises on Anthropic's side (the answer is a tool_use); the page can only
 * be asked, so the answer is checked like OpenAI's `required` and fails clearly when it has no call.
 */
function toolChoiceOf(req: MessagesRequest | CountTokensRequest, tools: readonly FunctionDeclaration[]): ToolChoice {
  const choice = req.tool_choice;
  if (tools.length === 0) return { mode: 'auto' };
  const relax = 'use tool_choice {"type":"auto"}';
  if (choice?.type === 'any') return { mode: 'required', said: { asked: 'tool_choice is {"type":"any"}', relax } };
  if (choice?.type === 'tool' && choice.name)
    return { mode: 'function', name: choice.name, said: { asked: 'tool_choice names the tool', relax } };
  return { mode: 'auto' };
}
