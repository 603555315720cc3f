import type { JobRequest } from '../../protocol/job.ts';
import type { BridgeTimeouts } from '../config.ts';
import type { AdmittedJob } from './admission.ts';
import { GatewayTimeoutError } from '../errors.ts';
import type { Timers } from '../timers.ts';
import type { JobEnd, JobSink, ProgressEvent } from './types.ts';

export type JobState = 'queued' | 'running' | 'ended';

/**
 * One request's life in the pool. The only place a sink is ended, so "ends exactly once" is a
 * property of this class: `end` is idempotent and every timer is cleared there.
 */
export class Job {
  state: JobState = 'queued';
  /** a progress event reached the client: the job can no longer be retried elsewhere */
  streamed = false;
  attempts = 0;
  /** key of the tab running it */
  workerKey: string | null = null;
  /** tabs that lost this job already: a retry goes elsewhere */
  readonly avoid = new Set<string>();
  /** the account the request pinned (header x-aistudio-account), or null */
  account: string | null = null;
  /** what dispatch did with the conversation: `continued` or `rebuilt; <reason>` */
  conversationOutcome = '';
  private readonly timers = new Map<'queue' | 'first' | 'idle' | 'total', unknown>();

  constructor(
    readonly id: string,
    /** the request and its JSON, serialised once at admission */
    readonly admitted: AdmittedJob,
    private readonly sink: JobSink,
    private readonly clock: Timers,
    private readonly limits: BridgeTimeouts,
    /** called when a running-job timer fires (the pool cancels the tab's run) */
    private readonly onTimeout: (job: Job, error: GatewayTimeoutError) => void,
  ) {}

  get request(): JobRequest {
    return this.admitted.request;
  }

  get ended(): boolean {
    return this.state === 'ended';
  }

  queued(onExpire: () => void): void {
    this.state = 'queued';
    this.workerKey = null;
    this.arm('queue', this.limits.queueWaitMs, onExpire);
  }

  dispatched(workerKey: string, tabModel: string | null): void {
    this.state = 'running';
    this.workerKey = workerKey;
    this.attempts += 1;
    this.disarm('queue');
    this.arm('first', this.limits.firstTokenMs, () => this.timeout(`no answer within ${this.limits.firstTokenMs} ms`));
    this.arm('total', this.limits.totalMs, () => this.timeout(`the answer took longer than ${this.limits.totalMs} ms`));
    this.sink.onDispatch?.({ key: workerKey, model: tabModel });
  }

  /** Tells the client what happened to its conversation (kept-chats.ts). */
  conversation(outcome: string): void {
    if (this.state === 'running') this.sink.onConversation?.(outcome);
  }

  /** Back to the queue after its tab vanished before anything was streamed. */
  requeued(onExpire: () => void): void {
    for (const name of ['first', 'idle', 'total'] as const) this.disarm(name);
    this.queued(onExpire);
  }

  event(event: ProgressEvent): void {
    if (this.state !== 'running') return;
    if (event.kind === 'text' || event.kind === 'thought' || event.kind === 'tool_call') {
      // Hot path (one call per chunk): note the time; the idle timer re-arms itself lazily
      // instead of being cleared and set again for every chunk.
      this.lastProgressAt = this.clock.now();
      if (!this.streamed) {
        this.streamed = true;
        this.disarm('first');
        this.armIdle(this.limits.idleMs);
      }
    }
    this.sink.onEvent(event);
  }

  private lastProgressAt = 0;

  private armIdle(ms: number): void {
    this.arm('idle', ms, () => {
      const quiet = this.clock.now() - this.lastProgressAt;
      if (quiet >= this.limits.idleMs) this.timeout(`the answer stalled for ${this.limits.idleMs} ms`);
      else this.armIdle(this.limits.idleMs - quiet);
    });
  }

  end(result: JobEnd): boolean {
    if (this.state === 'ended') return false;
    this.state = 'ended';
    for (const handle of this.timers.values()) this.clock.clearTimeout(handle);
    this.timers.clear();
    this.sink.onEnd(result);
    return true;
  }

  private timeout(why: string): void {
    if (this.state === 'running')
      this.onTimeout(this, new GatewayTimeoutError(`AI Studio did not answer in time: ${why}`));
  }

  private arm(name: 'queue' | 'first' | 'idle' | 'total', ms: number, fn: () => void): void {
    this.disarm(name);
    this.timers.set(name, this.clock.setTimeout(fn, ms));
  }

  private disarm(name: 'queue' | 'first' | 'idle' | 'total'): void {
    const handle = this.timers.get(name);
    if (handle !== undefined) this.clock.clearTimeout(handle);
    this.timers.delete(name);
  }
}
