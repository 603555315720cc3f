import type { FinishReason, JobRequest } from '../../protocol/job.ts';
import type { ApiError } from '../errors.ts';
import type { AnswerBuilder } from '../conversation/answer.ts';
import type { AnswerExtras, ExtraEvent } from './extras.ts';
import type { ToolCallOut } from '../conversation/tool-calls.ts';
import type { ToolChoice } from '../conversation/tool-choice.ts';
import type { Usage } from '../conversation/usage.ts';
import type { Translated } from '../conversation/translate.ts';
import type { ConversationShape } from '../pool/kept-chats.ts';
import type { JsonAsk } from '../conversation/structured-output.ts';

/** What a surface asks for: n jobs (usually 1) that answer one HTTP request together. */
export interface RunPlan {
  jobs: JobRequest[];
  /** enforced on the output by the bridge as well */
  stop: string[];
  /** for the usage estimate when the page reports none */
  promptText: string;
  /** the model translate resolved; null = whatever the tab runs */
  model: string | null;
  requestedModel: string;
  toolChoice: ToolChoice;
  /** log line label, e.g. "chat completion" */
  label: string;
  /** the request's id (x-request-id), for the log line */
  id: string;
  /** for the log line */
  stream: boolean;
  /** the conversation by content, to continue a tab's kept chat; absent: always a fresh chat */
  conversation?: ConversationShape;
  /** the surface writes code and its result as its own parts (Gemini); otherwise they become text (run/code-text.ts) */
  nativeCode?: boolean;
  /** JSON asked for: the finished answer is checked against the client's schema */
  json?: JsonAsk;
}

/** The plan for a translated request: `jobs` defaults to its one job. */
export function planFor(
  t: Translated,
  run: { label: string; id: string; stream: boolean; jobs?: JobRequest[]; nativeCode?: boolean },
): RunPlan {
  const { job, stop, promptText, model, requestedModel, toolChoice, conversation, json } = t;
  const { jobs = [job], label, id, stream, nativeCode } = run;
  return {
    jobs,
    stop,
    promptText,
    model,
    requestedModel,
    toolChoice,
    label,
    id,
    stream,
    ...(conversation ? { conversation } : {}),
    ...(nativeCode ? { nativeCode } : {}),
    ...(json ? { json } : {}),
  };
}

/** One job's answer, as the surfaces read it. */
export interface Choice {
  readonly index: number;
  readonly answer: AnswerBuilder;
  /** images, code and sources of the answer (run/extras.ts) */
  readonly extras: AnswerExtras;
  finish: FinishReason | null;
}

/**
 * How one API surface writes a run's output. Progress calls come in the order the page produced
 * them (non-stream surfaces may ignore them); exactly one of `complete` or `fail` ends the run.
 */
export interface RunOutput {
  text(choice: Choice, text: string): void;
  thought(choice: Choice, text: string): void;
  toolCall(choice: Choice, call: ToolCallOut): void;
  /** an image, code, code result or sources, as it comes (surfaces that stream them); also kept in `choice.extras` */
  extra?(choice: Choice, event: ExtraEvent): void;
  /** nothing was written for one heartbeat interval: open the stream / start keep-alive whitespace */
  idle(): void;
  complete(choices: readonly Choice[], info: RunInfo): void;
  fail(error: ApiError): void;
}

export interface RunInfo {
  model: string;
  usage: Usage;
}
