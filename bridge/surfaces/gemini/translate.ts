import type { FunctionDeclaration, RunSettings, ThinkingSetting } from '../../../protocol/job.ts';
import type { SwitchAsks } from '../../conversation/tool-switches.ts';
import { BadRequestError } from '../../errors.ts';
import type { ChatMessage, ContentPart } from '../../conversation/messages.ts';
import { stopSequences } from '../../conversation/settings.ts';
import type { ToolChoice } from '../../conversation/tool-choice.ts';
import { jsonAsk, type JsonAsk } from '../../conversation/structured-output.ts';
import { mustCallHint, type JobParts } from '../build-job.ts';
import type { GeminiContent, GeminiPart, GenerateContentRequest } from './request.ts';

const bad = (field: string, why: string): BadRequestError =>
  new BadRequestError(`${field}: ${why}`, field, 'invalid_value');

/** A generateContent request (model from the URL) → the shared job parts. */
export function generateToJobParts(model: string, req: GenerateContentRequest): JobParts {
  const cfg = req.generationConfig ?? {};
  if (cfg.candidateCount !== undefined && cfg.candidateCount > 1)
    throw bad('generationConfig.candidateCount', 'AI Studio gives one candidate per run; use 1');
  const system = systemTexts(req.systemInstruction);
  const json = jsonConfigAsk(cfg);
  const settings: RunSettings = {};
  if (cfg.temperature !== undefined) settings.temperature = cfg.temperature;
  if (cfg.topP !== undefined) settings.topP = cfg.topP;
  if (cfg.maxOutputTokens !== undefined) settings.maxOutputTokens = cfg.maxOutputTokens;
  const thinking = thinkingOf(cfg.thinkingConfig);
  if (thinking) settings.thinking = thinking;
  const tools: FunctionDeclaration[] = [];
  const switches: SwitchAsks = {};
  for (const [i, tool] of (req.tools ?? []).entries()) {
    if (tool.googleSearch !== undefined) switches.googleSearch = `tools[${i}].googleSearch`;
    else if (tool.googleSearchRetrieval !== undefined) switches.googleSearch = `tools[${i}].googleSearchRetrieval`;
    if (tool.urlContext !== undefined) switches.urlContext = `tools[${i}].urlContext`;
    if (tool.codeExecution !== undefined) switches.codeExecution = `tools[${i}].codeExecution`;
    for (const d of tool.functionDeclarations ?? []) {
      const parameters =
        d.parametersJsonSchema ?? (d.parameters ? (lowerTypes(d.parameters) as Record<string, unknown>) : undefined);
      tools.push({
        name: d.name,
        ...(d.description ? { description: d.description } : {}),
        ...(parameters ? { parameters } : {}),
      });
    }
  }
  const calling = req.toolConfig?.functionCallingConfig;
  const mode = calling?.mode?.toUpperCase();
  let declared = mode === 'NONE' ? [] : tools;
  // ANY is a promise on Google's side (the answer is a function call); the page can only be asked,
  // so the answer is checked like OpenAI's `required` and fails clearly when it has no call.
  let toolChoice: ToolChoice = { mode: 'auto' };
  if (mode === 'ANY') {
    const allowed = calling?.allowedFunctionNames;
    if (allowed && allowed.length > 0) declared = tools.filter((t) => allowed.includes(t.name));
    const only = declared.length === 1 ? (declared[0]?.name ?? null) : null;
    if (declared.length > 0) {
      system.push(mustCallHint(only));
      const relax = 'use functionCallingConfig.mode AUTO';
      toolChoice = only
        ? {
            mode: 'function',
            name: only,
            said: { asked: 'functionCallingConfig.mode ANY allows only the function', relax },
          }
        : { mode: 'required', said: { asked: 'functionCallingConfig.mode is ANY', relax } };
    }
  }
  return {
    requestedModel: model,
    messages: toChatMessages(req.contents),
    system,
    settings,
    stop: stopSequences(cfg.stopSequences, 'generationConfig.stopSequences'),
    tools: declared,
    toolChoice,
    conversationField: 'contents',
    switches,
    ...(json ? { json } : {}),
  };
}

/** `responseJsonSchema` (JSON Schema) or `responseSchema` (Gemini's Schema), or JSON mode from `responseMimeType`. */
function jsonConfigAsk(cfg: NonNullable<GenerateContentRequest['generationConfig']>): JsonAsk | undefined {
  const field = 'generationConfig';
  if (cfg.responseJsonSchema !== undefined && cfg.responseSchema !== undefined)
    throw bad(field, 'set responseSchema or responseJsonSchema, not both');
  if (cfg.responseJsonSchema !== undefined) return jsonAsk(cfg.responseJsonSchema, `${field}.responseJsonSchema`);
  if (cfg.responseSchema !== undefined) return jsonAsk(cfg.responseSchema, `${field}.responseSchema`);
  if (cfg.responseMimeType === 'application/json') return jsonAsk(null, `${field}.responseMimeType`);
  return undefined;
}

function systemTexts(si: GenerateContentRequest['systemInstruction']): string[] {
  if (si === undefined) return [];
  if (typeof si === 'string') return [si];
  return si.parts.map((p) => p.text ?? '').filter((t) => t.length > 0);
}

const LEVELS = ['minimal', 'low', 'medium', 'high'] as const;

/** thinkingBudget: 0 off, -1 automatic, n tokens; thinkingLevel: a level. Both at once is Google's 400 too. */
function thinkingOf(
  tc: NonNullable<GenerateContentRequest['generationConfig']>['thinkingConfig'],
): ThinkingSetting | undefined {
  if (!tc) return undefined;
  const field = 'generationConfig.thinkingConfig';
  if (tc.thinkingLevel !== undefined && tc.thinkingBudget !== undefined)
    throw bad(field, 'set thinkingLevel or thinkingBudget, not both');
  if (tc.thinkingLevel !== undefined) {
    const level = tc.thinkingLevel.toLowerCase().replace(/^thinking_level_/, '');
    if (level === 'thinking_level_unspecified' || level === 'unspecified') return undefined;
    const known = LEVELS.find((l) => l === level);
    if (!known)
      throw bad(`${field}.thinkingLevel`, `unknown level "${tc.thinkingLevel}" (use MINIMAL, LOW, MEDIUM or HIGH)`);
    return { mode: 'level', level: known };
  }
  if (tc.thinkingBudget === undefined) return undefined;
  if (tc.thinkingBudget === 0) return { mode: 'off' };
  if (tc.thinkingBudget === -1) return { mode: 'auto' };
  if (tc.thinkingBudget < 0)
    throw bad(`${field}.thinkingBudget`, 'use 0 (off), -1 (automatic) or a positive number of tokens');
  return { mode: 'budget', budget: tc.thinkingBudget };
}

/** Gemini's Schema writes types in upper case (OBJECT, STRING); the page's declarations take JSON Schema. */
function lowerTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(lowerTypes);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === 'type' && typeof v === 'string' ? v.toLowerCase() : lowerTypes(v),
    ]),
  );
}

function toChatMessages(contents: readonly GeminiContent[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  contents.forEach((c, i) => {
    if (c.role === 'model') {
      const text = c.parts.filter((p) => typeof p.text === 'string' && !p.thought).map((p) => p.text as string);
      const tool_calls = c.parts
        .filter((p) => p.functionCall)
        .map((p) => ({
          ...(p.functionCall?.id ? { id: p.functionCall.id } : {}),
          type: 'function',
          function: { name: p.functionCall?.name ?? '', arguments: JSON.stringify(p.functionCall?.args ?? {}) },
        }));
      out.push({ role: 'assistant', content: text.join(''), ...(tool_calls.length > 0 ? { tool_calls } : {}) });
      return;
    }
    // A user turn: function responses become tool turns, the rest one user turn.
    const parts: ContentPart[] = [];
    c.parts.forEach((p, j) => {
      if (p.functionResponse) {
        const r = p.functionResponse;
        out.push({ role: 'tool', name: r.name, tool_call_id: r.id ?? null, content: JSON.stringify(r.response ?? {}) });
      } else {
        const part = toPart(p, `contents[${i}].parts[${j}]`);
        if (part) parts.push(part);
      }
    });
    if (parts.length > 0) out.push({ role: 'user', content: parts });
  });
  return out;
}

function toPart(p: GeminiPart, at: string): ContentPart | null {
  if (typeof p.text === 'string') return p.thought ? null : { type: 'text', text: p.text };
  if (p.inlineData) {
    const url = `data:${p.inlineData.mimeType};base64,${p.inlineData.data}`;
    return p.inlineData.mimeType.startsWith('image/')
      ? { type: 'image_url', image_url: { url } }
      : { type: 'file', file: { file_data: url } };
  }
  if (p.fileData) return { type: 'text', text: `[file at ${p.fileData.fileUri}]` };
  if (p.executableCode) return { type: 'text', text: `\`\`\`\n${p.executableCode.code}\n\`\`\`` };
  if (p.codeExecutionResult) return { type: 'text', text: p.codeExecutionResult.output ?? '' };
  if (p.functionCall) throw bad(`${at}.functionCall`, 'function calls belong in a "model" turn');
  return null;
}
