import type { z } from 'zod';
import type { FunctionDeclaration, RunSettings } from '../../protocol/job.ts';
import { BadRequestError } from '../errors.ts';
import type { HttpContext } from '../run/context.ts';
import { AttachmentSink } from '../conversation/content.ts';
import { parseRequestBody, type ChatMessage } from '../conversation/messages.ts';
import type { ToolChoice } from '../conversation/tool-choice.ts';
import { assembleJob, resolveModel, type Translated } from '../conversation/translate.ts';
import { checkSwitches, switchSettings, type SwitchAsks } from '../conversation/tool-switches.ts';
import type { JsonAsk } from '../conversation/structured-output.ts';

/**
 * What every surface extracts from its request. Conversations are expressed as OpenAI-shaped
 * messages (the surfaces' own turns, blocks and parts map onto them one to one), so all
 * surfaces share chat completions' model resolution, history folding and job assembly
 * (conversation/translate.ts).
 */
export interface JobParts {
  requestedModel: string;
  messages: ChatMessage[];
  /** system texts in order; empty ones are dropped */
  system: string[];
  settings: RunSettings;
  stop: string[];
  tools: FunctionDeclaration[];
  /** what the answer must call: checked on the output as on chat completions (run/job-run.ts) */
  toolChoice: ToolChoice;
  /** the request field that holds the conversation, named when it has nothing to answer */
  conversationField: string;
  /** the page's tool switches the request turned on, by the field that asked (the others go off) */
  switches?: SwitchAsks;
  /** JSON asked for: buildJob sets `settings.structuredOutput` and adds the hint to the system texts; the answer is checked */
  json?: JsonAsk;
}

export function buildJob(ctx: HttpContext, parts: JobParts): Translated {
  const model = resolveModel(parts.requestedModel, ctx.models, ctx.config.strictModels);
  const field = parts.conversationField;
  const { json } = parts;
  const switches = parts.switches ?? {};
  checkSwitches(ctx.models, model, switches);
  const { job, promptText, conversation } = assembleJob({
    model,
    system: json ? [...parts.system, json.hint] : parts.system,
    messages: parts.messages,
    files: new AttachmentSink(),
    settings: {
      ...parts.settings,
      ...switchSettings(switches),
      ...(json ? { structuredOutput: json.setting } : {}),
      stopSequences: parts.stop,
    },
    tools: parts.tools,
    empty: () =>
      new BadRequestError(`${field}: the conversation has no user message with content`, field, 'invalid_value'),
  });
  return {
    job,
    model,
    requestedModel: parts.requestedModel || 'default',
    stream: false,
    includeUsage: false,
    stop: parts.stop,
    promptText,
    toolChoice: parts.toolChoice,
    conversation,
    ...(json ? { json } : {}),
  };
}

/** Forcing a call has no page control either; the instruction is the closest equivalent. */
export function mustCallHint(name: string | null): string {
  return name
    ? `You must answer by calling the function "${name}".`
    : 'You must answer by calling one of the declared functions.';
}

/**
 * Parses a request body with the surface's schema, worded `field: why` as Anthropic and Google do;
 * `opaque` lists its free-JSON fields (schemas), named when one is nested too deep (pool/admission.ts).
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, opaque: readonly string[] = []): z.infer<T> {
  return parseRequestBody(
    schema,
    body,
    (param, issue) => {
      const field = param ?? 'body';
      return { message: `${field}: ${issue.missing ? 'Field required' : issue.message}`, param: field };
    },
    opaque,
  );
}
