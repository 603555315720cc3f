import type { FinishReason, JobEvent } from '../../protocol/job.ts';
import type { ImagePiece } from '../../protocol/image-frame.ts';
import type { ApiError } from '../errors.ts';
import type { AdmittedJob } from './admission.ts';
import type { ConversationStats } from './kept-chats.ts';

/** How a job ended, delivered exactly once to its sink. */
export type JobEnd =
  { ok: true; finishReason: FinishReason | undefined } | { ok: false; error: ApiError; cancelled: boolean };

/** Progress events are everything but the terminal `done`/`error`, which become JobEnd. */
export type ProgressEvent = Exclude<JobEvent, { kind: 'done' } | { kind: 'error' }> | ImagePiece;

/** The consumer of one job (an HTTP response). */
export interface JobSink {
  /** the job was handed to a tab; `tabModel` is the model that tab showed (for `model` in responses) */
  onDispatch?(tab: { key: string; model: string | null }): void;
  /** what happened to the conversation: `continued` or `rebuilt; <reason>` (at dispatch, corrected when the run starts) */
  onConversation?(outcome: string): void;
  onEvent(event: ProgressEvent): void;
  onEnd(end: JobEnd): void;
}

/** What the pool may ask of an extension connection. */
export interface LinkPort {
  readonly id: string;
  /** the account label the extension sent in hello (one connection = one account); unset: named by id */
  readonly account?: string;
  /** the account's identity (a keyed hash of its address); routing and the quota book key on it */
  readonly accountId?: string;
  /** what the extension does beyond its protocol's first release (hello.features, e.g. `count_tokens`); unset: nothing */
  readonly features?: ReadonlySet<string>;
  /** false when the socket is already closed; `job.json` is the request serialised at admission */
  startJob(tabId: string, jobId: string, job: AdmittedJob): boolean;
  cancelJob(jobId: string, reason: string): void;
  /** a job's client is behind: stop reading from the extension for a while (on) or again (off) */
  throttle?(jobId: string, on: boolean): void;
}

export interface JobHandle {
  readonly id: string;
  /** ends the job (as cancelled) and tells the tab to stop; no-op once the job ended */
  cancel(reason: string): void;
  /** ends the job as answered (e.g. a stop sequence was reached) and tells the tab to stop */
  complete(reason: string): void;
  /** the client is behind (on) or caught up (off): the job's link pauses reading in between */
  throttle(on: boolean): void;
}

export interface PoolStats {
  connections: number;
  tabs: number;
  readyTabs: number;
  runningJobs: number;
  queuedJobs: number;
  completedJobs: number;
  failedJobs: number;
  /** continued / rebuilt conversations (pool/kept-chats.ts) */
  conversations: ConversationStats;
}
