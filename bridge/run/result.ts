import type { FinishReason } from '../../protocol/job.ts';
import type { ToolCallOut } from '../conversation/tool-calls.ts';
import type { Usage } from '../conversation/usage.ts';
import type { AnswerExtras } from './extras.ts';

/** One answer as the single-answer surfaces encode it (see one-answer.ts). */
export interface RunResult {
  content: string;
  reasoning: string;
  toolCalls: ToolCallOut[];
  finishReason: FinishReason;
  /** the stop sequence the bridge cut the answer at (null when the page ended it) */
  stopSequence: string | null;
  usage: Usage;
  model: string;
  /** images, code and sources of the answer (a streamed answer keeps no images) */
  extras?: AnswerExtras;
}
