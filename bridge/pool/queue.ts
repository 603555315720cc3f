import type { Job } from './job.ts';

/**
 * The bounded FIFO of jobs waiting for a free tab. Each queued job carries its own wait timer
 * (armed by Job.queued); when it fires the job leaves the queue through `onExpire`.
 */
export class JobQueue {
  private readonly items: Job[] = [];

  constructor(
    readonly max: number,
    private readonly onExpire: (job: Job) => void,
  ) {}

  get length(): number {
    return this.items.length;
  }

  get full(): boolean {
    return this.items.length >= this.max;
  }

  push(job: Job): void {
    this.items.push(job);
    job.queued(() => this.expire(job));
  }

  /** A retried job goes first: it has waited longest. */
  pushFront(job: Job): void {
    this.items.unshift(job);
    job.requeued(() => this.expire(job));
  }

  remove(job: Job): boolean {
    const at = this.items.indexOf(job);
    if (at >= 0) this.items.splice(at, 1);
    return at >= 0;
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
        this.items.splice(i, 1);
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
    return this.items.splice(0);
  }

  private expire(job: Job): void {
    if (this.remove(job)) this.onExpire(job);
  }
}
