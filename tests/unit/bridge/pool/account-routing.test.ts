import { describe, expect, it } from 'vitest';
import { accountLabel } from '../../../../protocol/account.ts';
import { QuotaBook, memoryStore } from '../../../../bridge/accounts/quota-book.ts';
import { DEFAULT_COOLDOWN, nextPacificMidnight, quotaKind, resetAt } from '../../../../bridge/accounts/reset-time.ts';
import { parseStartArgs } from '../../../../bridge/cli/args.ts';
import { silentLogger } from '../../../../bridge/logger.ts';
import { AccountRouter } from '../../../../bridge/pool/account-routing.ts';
import { JobPool } from '../../../../bridge/pool/pool.ts';
import type { JobEnd, JobSink, LinkPort } from '../../../../bridge/pool/types.ts';
import { ManualTimers } from '../fake-timers.ts';

describe('account labels', () => {
  it('reduces a full address, alone or inside the page text, and leaves names alone', () => {
    expect(accountLabel('alice@gmail.com')).toBe('a…@gmail.com');
    expect(accountLabel('Google Account: Alice Doe (alice.doe@example.org)')).toBe(
      'Google Account: Alice Doe (a…@example.org)',
    );
    expect(accountLabel('  work  ')).toBe('work');
    expect(accountLabel('x'.repeat(300))).toHaveLength(64);
  });
});

describe('quota reset times', () => {
  it('takes the delay the page names, else a minute for a rate limit, else midnight Pacific for a daily quota', () => {
    const now = Date.UTC(2026, 0, 15, 20, 0, 0); // 12:00 PST
    expect(resetAt('Please retry in 41.2s.', now, DEFAULT_COOLDOWN)).toBe(now + 41_200);
    expect(resetAt('Resource has been exhausted (e.g. check quota).', now, DEFAULT_COOLDOWN)).toBe(now + 60_000);
    expect(quotaKind('user has exceeded quota')).toBe('daily');
    expect(resetAt('Quota exceeded for requests per day', now, DEFAULT_COOLDOWN)).toBe(Date.UTC(2026, 0, 16, 8, 0, 0));
    expect(resetAt('daily limit', now, { rateLimitMs: 1, dailyMs: 3_600_000 })).toBe(now + 3_600_000);
  });

  it('finds the next midnight in Los Angeles in winter and in summer time', () => {
    expect(nextPacificMidnight(Date.UTC(2026, 0, 15, 7, 59, 0))).toBe(Date.UTC(2026, 0, 15, 8, 0, 0));
    expect(nextPacificMidnight(Date.UTC(2026, 0, 15, 8, 0, 0))).toBe(Date.UTC(2026, 0, 16, 8, 0, 0));
    expect(nextPacificMidnight(Date.UTC(2026, 6, 1, 12, 0, 0))).toBe(Date.UTC(2026, 6, 2, 7, 0, 0));
  });
});

describe('QuotaBook', () => {
  it('forgets an exhaustion once it expires, keeps unlabelled accounts out of the file and ignores a broken file', () => {
    let now = 1_000;
    const store = memoryStore();
    const book = new QuotaBook(store, { rateLimitMs: 500, dailyMs: null }, () => now, silentLogger);
    book.mark('a', 'm', 'rate limit');
    book.mark('c7', 'm', 'rate limit', false);
    expect(book.until('a', 'm')).toBe(1_500);
    expect(JSON.parse(store.text ?? '')).toMatchObject({ exhausted: [{ account: 'a', model: 'm', until: 1_500 }] });
    expect(new QuotaBook(store, DEFAULT_COOLDOWN, () => now, silentLogger).until('a', 'm')).toBe(1_500);
    now = 1_500;
    expect(book.until('a', 'm')).toBeNull();
    store.text = '{not json';
    expect(new QuotaBook(store, DEFAULT_COOLDOWN, () => now, silentLogger).list()).toEqual([]);
  });
});

describe('routing flags', () => {
  it('parses --route and the cool-downs, naming a bad value', () => {
    expect(parseStartArgs(['--route', 'round-robin'], {}).route).toBe('round-robin');
    expect(() => parseStartArgs(['--route', 'random'], {})).toThrow(/--route must be one of least-busy, round-robin/);
    expect(parseStartArgs(['--rate-limit-cooldown', '30'], {}).cooldown).toEqual({
      rateLimitMs: 30_000,
      dailyMs: null,
    });
    expect(parseStartArgs(['--quota-cooldown', '3600'], {}).cooldown).toEqual({
      rateLimitMs: 60_000,
      dailyMs: 3_600_000,
    });
    expect(() => parseStartArgs(['--quota-cooldown', 'soon'], {})).toThrow(
      /--quota-cooldown must be a number of seconds/,
    );
  });
});

describe('JobPool across accounts (manual clock)', () => {
  class Port implements LinkPort {
    starts: string[] = [];
    constructor(
      readonly id: string,
      readonly account: string,
    ) {}
    startJob(_tabId: string, jobId: string): boolean {
      this.starts.push(jobId);
      return true;
    }
    cancelJob(): void {}
  }
  const sink = (): JobSink & { ends: JobEnd[] } => {
    const ends: JobEnd[] = [];
    return { ends, onEvent: () => {}, onEnd: (e) => ends.push(e) };
  };
  const request = { model: 'm', systemInstruction: null, prompt: 'hi', settings: {} };
  const tab = {
    tabId: '1',
    url: 'https://aistudio.google.com/',
    model: 'm',
    health: { ok: true, missing: [], checkedAt: 0 },
  };

  function setup(route: 'least-busy' | 'round-robin' = 'least-busy') {
    const timers = new ManualTimers();
    const book = new QuotaBook(memoryStore(), { rateLimitMs: 1_000, dailyMs: null }, () => timers.now(), silentLogger);
    const pool = new JobPool({
      timeouts: { firstTokenMs: 60_000, idleMs: 60_000, totalMs: 60_000, queueWaitMs: 60_000 },
      maxQueue: 10,
      timers,
      logger: silentLogger,
      accounts: { book, router: new AccountRouter(route, book) },
    });
    const [a, b] = [new Port('c1', 'a'), new Port('c2', 'b')];
    for (const p of [a, b]) {
      pool.connectionOpened(p);
      pool.tabReady(p, tab);
    }
    return { timers, pool, a, b };
  }

  it('moves a job that met a rate limit to the other account, and uses the first again once its cool-down is over', () => {
    const { timers, pool, a, b } = setup();
    const first = sink();
    const h1 = pool.submit(request, first);
    expect(a.starts).toEqual([h1.id]);
    pool.jobEvent(a, h1.id, { kind: 'error', code: 'quota_exceeded', message: 'rate limit' });
    expect(b.starts).toEqual([h1.id]);
    pool.jobEvent(b, h1.id, { kind: 'text', text: 'ok' });
    pool.jobEvent(b, h1.id, { kind: 'done' });
    expect(first.ends).toEqual([{ ok: true, finishReason: undefined }]);

    const h2 = pool.submit(request, sink());
    expect(b.starts).toEqual([h1.id, h2.id]); // a still rests
    pool.jobEvent(b, h2.id, { kind: 'done' });
    timers.advance(1_000);
    const h3 = pool.submit(request, sink());
    expect(a.starts).toEqual([h1.id, h3.id]);
  });

  it('round-robin alternates accounts for one model even when both are idle', () => {
    const { pool, a, b } = setup('round-robin');
    for (let i = 0; i < 4; i++) {
      const h = pool.submit(request, sink());
      const port = a.starts.includes(h.id) ? a : b;
      pool.jobEvent(port, h.id, { kind: 'done' });
    }
    expect([a.starts.length, b.starts.length]).toEqual([2, 2]);
  });
});
