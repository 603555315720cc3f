import type { JobEvent } from '../../protocol/job.ts';
import { observeDom } from '../lib/dom-wait.ts';
import { createWaker } from '../lib/waker.ts';
import { isGenerating } from './actions/stop-run.ts';
import { JobError } from './errors.ts';
import { endExplained, runEndEvents } from './run-end.ts';
import { extraEvent, isExtraRecord } from './extra-records.ts';
import { modelTurnCount, problemKey, readDomAnswer, readDomMarkdown, readPageProblem } from './page-state.ts';
import type { TapFeed } from './tap-channel.ts';
import type { TapRecord } from './tap-records.ts';

/**
 * Turns one Run into JobEvents. Output comes from the network tap (real tokens, thoughts,
 * calls); the DOM is the completion cross-check and the fallback when no records arrive.
 * Resolves after emitting `done`; rejects with a JobError (or the abort reason). Subscribe
 * (call `watchRun`) before clicking Run so the first record cannot be missed.
 */
export interface RunTimings {
  /** no GenerateContent record this long after Run: trust the DOM if it shows a run */
  networkGraceMs: number;
  /** nothing at all (no record, no DOM run) this long after Run: timeout */
  startTimeoutMs: number;
  /** after the stream ended, how long the page may keep showing "generating" */
  settleMs: number;
  /** a network stream that ended without answer text: how long to wait for DOM text */
  domAnswerMs: number;
  /** no record and no DOM change for this long: the run stalled */
  stallMs: number;
}

export const DEFAULT_TIMINGS: RunTimings = {
  networkGraceMs: 5_000,
  startTimeoutMs: 30_000,
  settleMs: 3_000,
  domAnswerMs: 10_000,
  stallMs: 300_000,
};

type Phase = 'waiting' | 'network' | 'ended' | 'dom';

export function watchRun(
  tap: TapFeed,
  emit: (e: JobEvent) => void,
  signal: AbortSignal,
  timings: RunTimings = DEFAULT_TIMINGS,
  clock: () => number = () => Date.now(),
) {
  const waker = createWaker(signal);
  const baseline = { problem: problemKey(readPageProblem()), turns: modelTurnCount() };
  let phase: Phase = 'waiting';
  let rpc: number | null = null;
  let clickedAt = clock();
  let phaseAt = clickedAt;
  let lastActivity = clickedAt;
  let sawOutput = false;
  let calls = 0;
  let finishCode: number | undefined;
  let blocked: Extract<TapRecord, { t: 'rpc.blocked' }> | null = null;
  let usage: Extract<JobEvent, { kind: 'usage' }> | null = null;
  let networkError: Extract<TapRecord, { t: 'rpc.error' }> | null = null;
  let pageErrorAt: number | null = null;

  const enter = (next: Phase): void => {
    phase = next;
    phaseAt = clock();
  };

  const onRecord = (r: TapRecord): void => {
    if (r.t === 'count') return; // the page counting tokens is no sign of a run
    lastActivity = clock();
    if (r.t === 'models') return;
    if (r.t === 'rpc.start') {
      if (rpc !== null || phase !== 'waiting') return;
      rpc = r.rpc;
      enter('network');
      emit({ kind: 'started' });
    } else if (r.rpc !== rpc || phase !== 'network') return;
    else if (r.t === 'rpc.text') {
      sawOutput = true;
      emit({ kind: 'text', text: r.text });
    } else if (r.t === 'rpc.thought') emit({ kind: 'thought', text: r.text });
    else if (isExtraRecord(r)) {
      const extra = extraEvent(r);
      sawOutput ||= extra.output;
      emit(extra.event);
    } else if (r.t === 'rpc.call') {
      sawOutput = true;
      calls++;
      emit({ kind: 'tool_call', name: r.name, arguments: r.args });
    } else if (r.t === 'rpc.finish') finishCode = r.reason;
    else if (r.t === 'rpc.blocked') blocked = r;
    else if (r.t === 'rpc.usage')
      usage = {
        kind: 'usage',
        promptTokens: r.promptTokens,
        completionTokens: r.completionTokens,
        reasoningTokens: r.reasoningTokens,
      };
    else if (r.t === 'rpc.done') enter('ended');
    else if (r.t === 'rpc.error') {
      networkError = r;
      enter('ended');
    }
    waker.wake();
  };

  tap.subscribe(onRecord, signal);
  observeDom(() => {
    lastActivity = clock();
    waker.wake();
  }, signal);

  const finishOk = (): void => {
    for (const event of runEndEvents({ finishCode, blocked, usage, sawOutput, calls })) emit(event);
  };

  /** One look at the state: what to do to end the run (or false: keep waiting); throws on failure. */
  const evaluate = (now: number): 'done' | 'dom-answer' | false => {
    const problem = readPageProblem();
    const fresh = problem && problemKey(problem) !== baseline.problem ? problem : null;
    // The page's quota message wins; the RPC's own words follow only when they say when to retry
    // (the bridge turns that into Retry-After). Other failures are classified by the network
    // record when there is one (mid-stream failure = network_error).
    if (fresh?.kind === 'quota') {
      pageErrorAt ??= now;
      if (phase === 'network' && now - pageErrorAt < timings.settleMs) return false;
      const rpc: string = networkError?.quota ? networkError.message : '';
      const rpcWords = /retry/i.test(rpc) && !fresh.message.includes(rpc) ? ` (${rpc})` : '';
      throw new JobError('quota_exceeded', fresh.message + rpcWords);
    }
    if (fresh?.kind === 'too_large') throw new JobError('request_too_large', fresh.message);
    if (fresh && !networkError && phase !== 'ended') {
      // The page may render its error before our network record arrives: give it a moment.
      pageErrorAt ??= now;
      if (phase !== 'network' || now - pageErrorAt >= timings.settleMs) throw new JobError('page_error', fresh.message);
      return false;
    }
    if (phase === 'waiting') {
      const domRun = isGenerating() || modelTurnCount() > baseline.turns;
      if (domRun && now - clickedAt >= timings.networkGraceMs) {
        enter('dom');
        emit({ kind: 'started' });
      } else if (now - clickedAt >= timings.startTimeoutMs) {
        throw new JobError(
          'timeout',
          `the page did not start generating within ${timings.startTimeoutMs / 1000} s after Run`,
        );
      }
      return false;
    }
    if (phase === 'ended' && networkError) {
      const err: Extract<TapRecord, { t: 'rpc.error' }> = networkError;
      // Give the page a moment to show its own message (quota callout) — it is the better one.
      if (now - phaseAt < timings.settleMs && (err.quota || (err.status !== null && err.code === null))) return false;
      if (err.quota) throw new JobError('quota_exceeded', err.message);
      // gRPC statuses sent inside a 200 body (UNAUTHENTICATED: the Google session is gone).
      if (err.code === 7 || err.code === 16) throw new JobError('permission_denied', err.message);
      if (err.code === 3) throw new JobError('bad_request', err.message);
      if (err.code !== null)
        throw new JobError('page_error', `AI Studio answered with gRPC status ${err.code}: ${err.message}`);
      if (err.aborted) throw new JobError('page_error', 'the page aborted the GenerateContent request');
      throw new JobError(err.status === null ? 'network_error' : 'page_error', err.message);
    }
    if (phase === 'network') return false;
    if (isGenerating() && now - phaseAt < timings.settleMs * (phase === 'dom' ? 100 : 1)) return false;
    if (!sawOutput && !endExplained({ blocked, finishCode })) {
      const turnAdded = modelTurnCount() > baseline.turns;
      if (turnAdded && readDomAnswer()) return 'dom-answer';
      // No answer text at all (e.g. only thoughts or a call the tap missed): end after a grace.
      if ((phase === 'ended' || !isGenerating()) && now - phaseAt >= timings.domAnswerMs) return 'done';
      return false;
    }
    return 'done';
  };

  /** Drive `evaluate` on every record / DOM change and at the next deadline. */
  const result = async (): Promise<void> => {
    clickedAt = phaseAt = lastActivity = clock();
    for (let step = 0; step < 10_000_000; step++) {
      const now = clock();
      const verdict = evaluate(now);
      if (verdict === 'dom-answer') emit({ kind: 'text', text: await readDomMarkdown(signal) });
      if (verdict) return finishOk();
      if (now - lastActivity >= timings.stallMs)
        throw new JobError('timeout', `no progress for ${timings.stallMs / 1000} s`);
      const deadline =
        phase === 'waiting' ? timings.networkGraceMs : phase === 'network' ? timings.stallMs : timings.settleMs;
      await waker.next(Math.min(deadline, timings.domAnswerMs, timings.stallMs) + 5);
    }
    throw new JobError('internal', 'result loop did not finish');
  };

  return { result };
}
