import type {
  JobEvent,
  JobRequest,
  MessageData,
  MessageType,
  ModelInfo,
  PageHealth,
  PageReport,
} from '../../protocol/index.ts';
import type { PortLike } from './chrome-api.ts';
import type { Clock, TimerHandle } from './clock.ts';

/** Shapes of the tab pool (tab-pool.ts), kept apart so the pool file stays about behaviour. */
export interface TabPage {
  url: string;
  model: string | null;
  health: PageHealth;
}

export interface Entry {
  port: PortLike;
  page: TabPage | null;
  jobId: string | null;
  /** the running job's request, kept to re-send it after a job.navigating reload */
  request: JobRequest | null;
  /** the content script announced a reload for this job: its disconnect is expected */
  navigating: boolean;
  cancelTimer: TimerHandle | null;
  /** tab.ready was sent for this Port, so the bridge must hear tab.gone when it goes */
  announced: boolean;
}

export interface PoolDeps {
  /** send to the bridge; false when the link is down */
  send: <T extends MessageType>(type: T, data: MessageData<T>) => boolean;
  isWorker: (tabId: number) => boolean;
  clock: Clock;
  onJobStarted: (jobId: string, tabId: number, model: string | null) => void;
  onJobEnded: (jobId: string, event: Extract<JobEvent, { kind: 'done' | 'error' }>) => void;
  /** something the popup shows changed (tab connected, health, job start/end) */
  onChanged: () => void;
  onModels: (models: ModelInfo[]) => void;
  /** a content script answered `page.report.request` */
  onPageReport?: (tabId: number, requestId: string, report: PageReport) => void;
  /** a tab's content script said hello (its page loaded) */
  onHello?: (tabId: number) => void;
  /** a tab's page showed its signed-in account (a reduced label) */
  onAccount?: (label: string, id: string | null) => void;
  log: (message: string) => void;
  /** how long a cancelled job may take to confirm before the worker ends it itself */
  cancelGraceMs?: number;
  /** how long a tab reloading for a job may take to come back */
  resumeTimeoutMs?: number;
}
