import { describe, expect, it } from 'vitest';
import type { JobRequest } from '../../../../protocol/job.ts';
import { ServiceUnavailableError } from '../../../../bridge/errors.ts';
import { silentLogger } from '../../../../bridge/logger.ts';
import { JobPool } from '../../../../bridge/pool/pool.ts';
import type { JobEnd, JobSink, LinkPort } from '../../../../bridge/pool/types.ts';
import { ManualTimers } from '../fake-timers.ts';

/**
 * The queue's size budget: 60 queued 30 MiB requests once took the bridge to 5.7 GB. Past the
 * budget a request is refused with 503 and Retry-After before it is queued; a job alone always
 * fits, and room comes back as queued jobs leave.
 */
const request = (chars: number): JobRequest => ({
  model: 'gemini-2.5-pro',
  systemInstruction: null,
  prompt: 'x'.repeat(chars),
  settings: {},
});

class Port implements LinkPort {
  readonly starts: string[] = [];
  constructor(readonly id: string) {}
  startJob(_tabId: string, jobId: string): boolean {
    this.starts.push(jobId);
    return true;
  }
  cancelJob(): void {}
}
class Sink implements JobSink {
  readonly ends: JobEnd[] = [];
  onEvent(): void {}
  onEnd(end: JobEnd): void {
    this.ends.push(end);
  }
}

function setup() {
  const timers = new ManualTimers();
  const pool = new JobPool({
    timeouts: { firstTokenMs: 60_000, idleMs: 60_000, totalMs: 600_000, queueWaitMs: 60_000 },
    maxQueue: 64,
    maxQueueChars: 10_000,
    timers,
    logger: silentLogger,
  });
  const port = new Port('c1');
  pool.connectionOpened(port);
  pool.tabReady(port, {
    tabId: '1',
    url: 'https://aistudio.google.com/',
    model: 'gemini-2.5-pro',
    health: { ok: true, missing: [], checkedAt: 0 },
  });
  return { pool, port };
}

describe('queue size budget', () => {
  it('refuses with 503 and Retry-After a job that would overflow it, and takes one again once room is back', () => {
    const { pool, port } = setup();
    pool.submit(request(20_000), new Sink()); // runs on the tab: running jobs do not count
    expect(port.starts).toHaveLength(1);
    const first = pool.submit(request(20_000), new Sink()); // alone in the queue: always fits
    expect(pool.stats().queuedJobs).toBe(1);
    let refused: unknown;
    try {
      pool.submit(request(100), new Sink());
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ServiceUnavailableError);
    expect(refused).toMatchObject({ status: 503, code: 'queue_budget_exceeded', headers: { 'retry-after': '5' } });
    expect(pool.stats().queuedJobs).toBe(1);
    first.cancel('client gone');
    expect(pool.stats().queuedJobs).toBe(0);
    pool.submit(request(4_000), new Sink());
    pool.submit(request(4_000), new Sink());
    expect(pool.stats().queuedJobs).toBe(2);
    expect(() => pool.submit(request(4_000), new Sink())).toThrow(ServiceUnavailableError);
  });
});
