import type { z } from 'zod';
import type { FunctionDeclaration, JobRequest, RunSettings } from '../../protocol/job.ts';
import { BadRequestError } from '../errors.ts';
import type { HttpContext } from '../http/context.ts';
import { AttachmentSink } from '../openai/content.ts';
import { buildPrompt } from '../openai/prompt.ts';
import { fieldPath, type ChatMessage } from '../openai/request.ts';
import { resolveModel } from '../openai/translate.ts';
import type { SurfaceJob } from './types.ts';

/**
 * What every surface extracts from its request. Conversations are expressed as OpenAI-shaped
 * messages (the surfaces' own turns, blocks and parts map onto them one to one), so all
 * surfaces share one history folding (openai/prompt.ts) and one attachment naming.
 */
export interface JobParts {
  requestedModel: string;
  messages: ChatMessage[];
  /** system texts in order; empty ones are dropped */
  system: string[];
  settings: RunSettings;
  stop: string[];
  tools: FunctionDeclaration[];
  /** the request field that holds the conversation, named when it has nothing to answer */
  conversationField: string;
}

export function buildJob(ctx: HttpContext, parts: JobParts): SurfaceJob {
  const model = resolveModel(parts.requestedModel, ctx.models, ctx.config.strictModels);
  const files = new AttachmentSink();
  const prompt = buildPrompt(parts.messages, files);
  if (prompt.trim().length === 0 && files.items.length === 0) {
    throw new BadRequestError(
      `${parts.conversationField}: the conversation has no user message with content`,
      parts.conversationField,
      'invalid_value',
    );
  }
  const system = parts.system.map((s) => s.trim()).filter((s) => s.length > 0);
  const systemInstruction = system.length > 0 ? system.join('\n\n') : null;
  const job: JobRequest = {
    model,
    systemInstruction,
    // The page needs some text to enable Run when only files were sent.
    prompt: prompt.trim().length > 0 ? prompt : 'Describe the attached file.',
    // Stop chips are always sent (possibly empty): the page keeps them between chats.
    settings: { ...parts.settings, stopSequences: parts.stop },
    ...(parts.tools.length > 0 ? { tools: parts.tools } : {}),
    ...(files.items.length > 0 ? { attachments: files.items } : {}),
  };
  return {
    job,
    model,
    requestedModel: parts.requestedModel || 'default',
    stop: parts.stop,
    promptText: `${systemInstruction ?? ''}\n${job.prompt}`,
  };
}

/** AI Studio's stop-token chips; more are refused with the surface's field name. */
const MAX_STOP = 16;

export function checkStops(stops: readonly string[] | null | undefined, field: string): string[] {
  const usable = [...new Set((stops ?? []).filter((s) => s.length > 0))];
  if (usable.length > MAX_STOP)
    throw new BadRequestError(`${field}: at most ${MAX_STOP} stop sequences are supported`, field, 'invalid_value');
  return usable;
}

/** JSON output has no page control; asking in the system instructions is the closest equivalent. */
export function jsonOutputHint(schema: unknown): string {
  const base = 'Respond with a single valid JSON value only: no Markdown code fences, no text before or after it.';
  return schema === undefined || schema === null
    ? base
    : `${base} It must conform to this JSON Schema:\n${JSON.stringify(schema)}`;
}

/** Forcing a call has no page control either; the instruction is the closest equivalent. */
export function mustCallHint(name: string | null): string {
  return name
    ? `You must answer by calling the function "${name}".`
    : 'You must answer by calling one of the declared functions.';
}

/** Parses a request body with the surface's schema; the first problem names its field. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BadRequestError('the request body must be a JSON object', null, 'invalid_body');
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? fieldPath(issue.path) : 'body';
  const why =
    issue?.code === 'invalid_type' && issue.message.includes('undefined')
      ? 'Field required'
      : (issue?.message ?? 'is invalid');
  throw new BadRequestError(`${field}: ${why}`, field, 'invalid_value');
}
