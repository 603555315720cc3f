import type { FinishReason, JobEvent } from '../../protocol/job.ts';
import { blockReasonName, finishName, finishOutcome } from '../page/records.ts';
import { JobError } from './errors.ts';
import type { TapRecord } from './tap-records.ts';

type UsageEvent = Extract<JobEvent, { kind: 'usage' }>;

/** What the network said about how a run ended. */
export interface RunEnd {
  /** Gemini finish reason number of the last candidate, if any was seen */
  finishCode: number | undefined;
  blocked: Extract<TapRecord, { t: 'rpc.blocked' }> | null;
  usage: UsageEvent | null;
  /** answer text or calls reached the client */
  sawOutput: boolean;
  calls: number;
}

/**
 * The closing events of a run that the page completed, or a JobError when the finish reason
 * means there is no usable answer (function-call failures). Nothing is silently empty: a blocked
 * prompt, or a filter that stopped the answer before any text, gets a text event stating it
 * (documented in extension/content/README.md); that statement is ours, not the model's, so it
 * never counts as output tokens.
 */
export function runEndEvents(end: RunEnd): JobEvent[] {
  const { blocked, finishCode, usage } = end;
  if (blocked) {
    const why = blocked.message ? `: ${blocked.message}` : '';
    return [
      {
        kind: 'text',
        text: `[AI Studio blocked this prompt (${blockReasonName(blocked.reason)})${why}. No answer was generated.]`,
      },
      { kind: 'usage', promptTokens: usage?.promptTokens, completionTokens: 0, reasoningTokens: 0 },
      { kind: 'done', finishReason: 'content_filter' },
    ];
  }
  const outcome = finishCode === undefined ? { finish: 'stop' as const } : finishOutcome(finishCode);
  if ('failure' in outcome) throw new JobError('page_error', outcome.failure);
  const finish: FinishReason = outcome.finish;
  const events: JobEvent[] = [];
  let counted = usage;
  if (finish === 'content_filter' && !end.sawOutput && finishCode !== undefined) {
    events.push({
      kind: 'text',
      text: `[AI Studio stopped the answer (${finishName(finishCode)}) before any text was shown.]`,
    });
    counted = { kind: 'usage', ...usage, completionTokens: usage?.completionTokens ?? 0 };
  }
  if (counted) events.push(counted);
  events.push({ kind: 'done', finishReason: end.calls > 0 && finish === 'stop' ? 'tool_calls' : finish });
  return events;
}

/** The network explained the end (blocked, filtered, cut, failed): no need to wait for DOM text. */
export const endExplained = (end: Pick<RunEnd, 'blocked' | 'finishCode'>): boolean =>
  end.blocked !== null || (end.finishCode !== undefined && end.finishCode !== 1);
