import type { TraceStep } from '../../protocol/trace.ts';

/** One failed job as /health and `doctor` show it: what failed, where, and the steps the page took. */
export interface FailedJob {
  jobId: string;
  /** when it failed (ISO 8601) */
  at: string;
  /** the model the job asked for, else the model the tab showed */
  model: string;
  /** the account's label (display only) */
  account?: string;
  /** the worker tab, `<connection>/<tab>` */
  tab?: string;
  error: { code: string; message: string };
  /** the step that failed, as the page driver named it */
  step?: string;
  steps: TraceStep[];
}

const MAX_FAILED_JOBS = 20;

/**
 * The last failed jobs with their step traces (protocol/trace.ts), newest first, so a person
 * whose page changed can see which step and which selector broke without reading logs. Kept in
 * memory only; cancelled jobs are nobody's failure and are not recorded.
 */
export class FailedJobs {
  private readonly entries: FailedJob[] = [];

  constructor(private readonly max = MAX_FAILED_JOBS) {}

  record(entry: FailedJob): void {
    this.entries.unshift(entry);
    if (this.entries.length > this.max) this.entries.length = this.max;
  }

  /** The newest recorded failure among these jobs (the jobs of one request), if any. */
  of(jobIds: readonly string[]): FailedJob | undefined {
    return this.entries.find((e) => jobIds.includes(e.jobId));
  }

  /** Newest first. */
  list(): FailedJob[] {
    return this.entries.map((e) => ({ ...e, steps: [...e.steps] }));
  }
}
