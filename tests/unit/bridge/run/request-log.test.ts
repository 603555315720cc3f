import { describe, expect, it } from 'vitest';
import { RequestLog, type RequestEntry } from '../../../../bridge/run/request-log.ts';

function log(keep = 3) {
  let now = 1_000;
  const settled: RequestEntry[] = [];
  const requests = new RequestLog({
    now: () => now,
    accountOf: (key) => (key.startsWith('c1/') ? 'alice' : null),
    onSettled: (e) => settled.push(e),
    keep,
  });
  return { requests, settled, tick: (ms: number) => (now += ms) };
}

const start = { requestId: 'req', surface: 'chat completion', model: 'm', stream: true, account: null };

describe('the dashboard’s request log', () => {
  it('follows a request from queued to running to done, counting streamed tokens without keeping text', () => {
    const { requests, settled, tick } = log();
    let changes = 0;
    requests.subscribe(() => changes++);
    const id = requests.start(start, () => undefined);
    expect(requests.running()[0]).toMatchObject({ id, status: 'queued', tab: null });
    requests.dispatched(id, 'c1/7');
    requests.streamed(id, 'abcdefgh');
    expect(requests.running()[0]).toMatchObject({ status: 'running', tab: 'c1/7', account: 'alice', tokensOut: 2 });
    tick(500);
    requests.settle(id, { outcome: '200 stop', status: 'completed', model: 'm2', tokens: { in: 5, out: 3 } });
    expect(requests.running()).toEqual([]);
    expect(requests.recent()[0]).toMatchObject({ status: 'completed', model: 'm2', tokensIn: 5, endedAt: 1_500 });
    expect(JSON.stringify(requests.recent())).not.toContain('abcdefgh');
    expect(settled).toHaveLength(1);
    expect(changes).toBe(4);
  });

  it('keeps a bounded number of finished requests and failures, newest first, with step traces when given', () => {
    const { requests } = log(3);
    for (let i = 0; i < 5; i++) {
      const id = requests.start({ ...start, requestId: `r${i}` }, () => undefined);
      requests.settle(id, {
        outcome: '502 page_error',
        status: 'failed',
        model: 'm',
        error: { code: 'page_error', message: 'no Run button' },
        ...(i === 4 ? { step: 'click run', steps: [{ action: 'click run', ms: 12, outcome: 'failed' as const }] } : {}),
      });
    }
    expect(requests.recent().map((r) => r.requestId)).toEqual(['r4', 'r3', 'r2']);
    expect(requests.failures()).toHaveLength(3);
    expect(requests.failures()[0]).toMatchObject({
      step: 'click run',
      steps: [{ action: 'click run', outcome: 'failed' }],
    });
    expect(requests.failures()[1]?.steps).toBeUndefined();
  });

  it('cancels a live request through its run, and nothing once it ended', () => {
    const { requests } = log();
    let cancelled = 0;
    const id = requests.start(start, () => cancelled++);
    expect(requests.cancel(id)).toBe(true);
    expect(cancelled).toBe(1);
    requests.settle(id, { outcome: 'cancelled', status: 'cancelled', model: 'm' });
    expect(requests.cancel(id)).toBe(false);
    expect(requests.cancel('r999')).toBe(false);
    // Unknown ids (a run started without a log) are ignored.
    requests.dispatched(null, 'c1/1');
    requests.settle('nope', { outcome: 'x', status: 'failed', model: 'm' });
    expect(requests.recent()).toHaveLength(1);
  });
});
