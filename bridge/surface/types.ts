import type { FinishReason, JobRequest } from '../../protocol/job.ts';
import type { ApiError } from '../errors.ts';
import type { ToolCallOut } from '../openai/response.ts';
import type { Usage } from '../openai/usage.ts';

/** A request of any API surface, translated into the job model (see build-job.ts). */
export interface SurfaceJob {
  job: JobRequest;
  /** the model id to report; null = whatever the tab runs */
  model: string | null;
  /** as the client named it, for logs and as the last resort in responses */
  requestedModel: string;
  /** enforced on the output by the bridge as well */
  stop: string[];
  /** for the usage estimate when the page reports none */
  promptText: string;
}

export interface RunResult {
  content: string;
  reasoning: string;
  toolCalls: ToolCallOut[];
  finishReason: FinishReason;
  /** the stop sequence the bridge cut the answer at (null when the page ended it) */
  stopSequence: string | null;
  usage: Usage;
  model: string;
}

/** What a surface does with a job's progress; the deltas are only called when streaming. */
export interface RunOutput {
  /** the stream begins (headers and the surface's preamble); called once, before any delta */
  open?(): void;
  text?(text: string): void;
  thought?(text: string): void;
  toolCall?(call: ToolCallOut): void;
  complete(result: RunResult): void;
  /** `opened`: the stream already began, so the error must go in-band */
  fail(error: ApiError, opened: boolean): void;
}
