import type { Job } from './job.ts';

/** Characters of job JSON that may wait in the queue together (about bytes: prompts are mostly ASCII). */
const QUEUE_BUDGET_CHARS = 256 * 1024 * 1024;

/**
 * The bounded FIFO of jobs waiting for a free tab. Each queued job carries its own wait timer
 * (armed by Job.queued); when it fires the job leaves the queue through `onExpire`. Bounded in
 * count (`max`) and in size: 60 queued 30 MiB requests once took the bridge to 5.7 GB.
 */
export class JobQueue {
  private readonly items: Job[] = [];
  private chars = 0;

  constructor(
    readonly max: number,
    private readonly onExpire: (job: Job) => void,
    readonly maxChars = QUEUE_BUDGET_CHARS,
  ) {}

  get length(): number {
    return this.items.length;
  }

  get full(): boolean {
    return this.items.length >= this.max;
  }

  /** Would a job of `chars` overflow the size budget? A job alone always fits (it is capped per request). */
  tooBigFor(chars: number): boolean {
    return this.items.length > 0 && this.chars + chars > this.maxChars;
  }

  push(job: Job): void {
    this.items.push(job);
    this.chars += job.admitted.json.length;
    job.queued(() => this.expire(job));
  }

  /** A retried job goes first: it has waited longest. */
  pushFront(job: Job): void {
    this.items.unshift(job);
    this.chars += job.admitted.json.length;
    job.requeued(() => this.expire(job));
  }

  remove(job: Job): boolean {
    const at = this.items.indexOf(job);
    if (at >= 0) this.take(at);
    return at >= 0;
  }

  private take(at: number): void {
    const [job] = this.items.splice(at, 1);
    if (job) this.chars -= job.admitted.json.length;
  }

  /**
   * Removes and returns the oldest job `place` finds a tab for (a job that must avoid the free
   * tabs lets a younger one go first).
   */
  takePlaceable<W>(place: (job: Job) => W | undefined): { job: Job; worker: W } | null {
    for (let i = 0; i < this.items.length; i++) {
      const job = this.items[i] as Job;
      const worker = place(job);
      if (worker !== undefined) {
        this.take(i);
        return { job, worker };
      }
    }
    return null;
  }

  /** Removes and returns every job `doomed` says can no longer run. */
  removeWhere(doomed: (job: Job) => boolean): Job[] {
    const out = this.items.filter(doomed);
    for (const job of out) this.remove(job);
    return out;
  }

  drain(): Job[] {
    this.chars = 0;
    return this.items.splice(0);
  }

  private expire(job: Job): void {
    if (this.remove(job)) this.onExpire(job);
  }
}
