import type { FunctionDeclaration, RunSettings } from '../../protocol/job.ts';
import { BadRequestError } from '../errors.ts';
import type { ChatMessage, ContentPart } from '../openai/request.ts';
import { checkStops, mustCallHint, type JobParts } from '../surface/build-job.ts';
import type { AnthropicMessage, Block, CountTokensRequest, InnerBlock, MessagesRequest } from './request.ts';

/** A Messages request → the shared job parts (conversation as OpenAI-shaped turns, settings, tools). */
export function messagesToJobParts(req: MessagesRequest | CountTokensRequest): JobParts {
  const system = typeof req.system === 'string' ? [req.system] : (req.system ?? []).map((b) => b.text);
  const { tools, googleSearch, urlContext } = toolsOf(req);
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
  if (googleSearch) settings.googleSearch = true;
  if (urlContext) settings.urlContext = true;
  const stops = 'stop_sequences' in req ? (req.stop_sequences as string[] | undefined) : undefined;
  return {
    requestedModel: req.model,
    messages: toChatMessages(req.messages),
    system,
    settings,
    stop: checkStops(stops, 'stop_sequences'),
    tools,
    conversationField: 'messages',
  };
}

/** Custom tools → function declarations; Anthropic's server web tools → the page's Grounding / URL context. */
function toolsOf(req: MessagesRequest | CountTokensRequest): {
  tools: FunctionDeclaration[];
  googleSearch: boolean;
  urlContext: boolean;
} {
  let googleSearch = false;
  let urlContext = false;
  const tools: FunctionDeclaration[] = [];
  for (const tool of req.tools ?? []) {
    if (tool.type?.startsWith('web_search')) googleSearch = true;
    else if (tool.type?.startsWith('web_fetch')) urlContext = true;
    else
      tools.push({
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        ...(tool.input_schema ? { parameters: tool.input_schema } : {}),
      });
  }
  const choice = req.tool_choice;
  if (choice?.type === 'none') return { tools: [], googleSearch, urlContext };
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
    return { tools: named, googleSearch, urlContext };
  }
  return { tools, googleSearch, urlContext };
}

function toChatMessages(messages: readonly AnthropicMessage[]): ChatMessage[] {
  const toolNames = new Map<string, string>();
  const out: ChatMessage[] = [];
  messages.forEach((m, i) => {
    if (typeof m.content === 'string') {
      out.push({ role: m.role, content: m.content });
      return;
    }
    if (m.role === 'assistant') {
      const text = m.content
        .filter((b) => b.type === 'text' && typeof b.text === 'string')
        .map((b) => b.text as string);
      const calls = m.content.filter((b) => b.type === 'tool_use');
      calls.forEach((b, j) => {
        if (!b.id || !b.name)
          throw new BadRequestError(
            `messages[${i}].content[${j}]: a tool_use block needs id and name`,
            `messages[${i}].content`,
            'invalid_value',
          );
        toolNames.set(b.id, b.name);
      });
      const tool_calls = calls.map((b) => ({
        id: b.id as string,
        type: 'function',
        function: { name: b.name as string, arguments: JSON.stringify(b.input ?? {}) },
      }));
      out.push({ role: 'assistant', content: text.join('\n'), ...(tool_calls.length > 0 ? { tool_calls } : {}) });
      return;
    }
    // A user turn: tool results become tool turns (they answer the previous calls), the rest one user turn.
    const parts: ContentPart[] = [];
    m.content.forEach((b, j) => {
      const at = `messages[${i}].content[${j}]`;
      if (b.type === 'tool_result') {
        if (!b.tool_use_id)
          throw new BadRequestError(`${at}.tool_use_id: Field required`, `${at}.tool_use_id`, 'invalid_value');
        const content =
          typeof b.content === 'string'
            ? b.content
            : (b.content ?? [])
                .map((c, k) => toPart(c, `${at}.content[${k}]`))
                .filter((p): p is ContentPart => p !== null);
        const flagged = b.is_error
          ? typeof content === 'string'
            ? `Error: ${content}`
            : [{ type: 'text', text: 'Error:' }, ...content]
          : content;
        out.push({
          role: 'tool',
          tool_call_id: b.tool_use_id,
          name: toolNames.get(b.tool_use_id) ?? null,
          content: flagged,
        });
      } else {
        const part = toPart(b, at);
        if (part) parts.push(part);
      }
    });
    if (parts.length > 0) out.push({ role: 'user', content: parts });
  });
  return out;
}

/** text / image / document blocks → OpenAI content parts (base64 data becomes a data: URL, so it is attached). */
function toPart(b: Block | InnerBlock, at: string): ContentPart | null {
  switch (b.type) {
    case 'text':
      if (typeof b.text !== 'string')
        throw new BadRequestError(`${at}.text: Field required`, `${at}.text`, 'invalid_value');
      return { type: 'text', text: b.text };
    case 'image':
    case 'document': {
      const s = b.source;
      if (!s) throw new BadRequestError(`${at}.source: Field required`, `${at}.source`, 'invalid_value');
      if (s.type === 'text' && typeof s.data === 'string') return { type: 'text', text: s.data };
      if (s.type === 'url' && s.url)
        return b.type === 'image'
          ? { type: 'image_url', image_url: { url: s.url } }
          : { type: 'text', text: `[document at ${s.url}]` };
      if (s.type !== 'base64' || !s.data)
        throw new BadRequestError(
          `${at}.source: expected {type: "base64", media_type, data}`,
          `${at}.source`,
          'invalid_value',
        );
      const url = `data:${s.media_type ?? (b.type === 'image' ? 'image/png' : 'application/pdf')};base64,${s.data}`;
      return b.type === 'image'
        ? { type: 'image_url', image_url: { url } }
        : { type: 'file', file: { file_data: url } };
    }
    default:
      // thinking blocks sent back, server-tool results, …: nothing the page can use
      return typeof b.text === 'string' ? { type: 'text', text: b.text } : null;
  }
}
