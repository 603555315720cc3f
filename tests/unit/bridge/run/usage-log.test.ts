import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStartArgs } from '../../../../bridge/cli/args.ts';
import { silentLogger } from '../../../../bridge/logger.ts';
import type { RequestEntry } from '../../../../bridge/run/request-log.ts';
import { UsageLog } from '../../../../bridge/run/usage-log.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function entry(over: Partial<RequestEntry> = {}): RequestEntry {
  return {
    id: 'r1',
    requestId: 'x',
    surface: 'chat completion',
    model: 'gemini-2.5-flash',
    stream: false,
    account: 'alice',
    tab: 'c1/1',
    startedAt: Date.parse('2026-03-01T10:15:00Z'),
    endedAt: Date.parse('2026-03-01T10:15:02Z'),
    tokensIn: 10,
    tokensOut: 20,
    status: 'completed',
    outcome: '200 stop',
    error: null,
    ...over,
  };
}

function usage(maxBytes = 1_000_000, now = Date.parse('2026-03-01T12:00:00Z')) {
  const configDir = mkdtempSync(join(tmpdir(), 'asb-usage-'));
  dirs.push(configDir);
  return { configDir, log: new UsageLog({ configDir, maxBytes, now: () => now, logger: silentLogger }) };
}

describe('usage.jsonl', () => {
  it('adds one line per request and sums it per hour and per account × model', () => {
    const { log } = usage();
    log.record(entry());
    log.record(entry({ endedAt: Date.parse('2026-03-01T10:40:00Z') }));
    log.record(entry({ endedAt: Date.parse('2026-03-01T11:05:00Z'), account: 'bob' }));
    const rows = log.series('hour');
    expect(rows).toEqual([
      {
        bucket: '2026-03-01T10:00:00.000Z',
        account: 'alice',
        model: 'gemini-2.5-flash',
        requests: 2,
        tokens_in: 20,
        tokens_out: 40,
      },
      {
        bucket: '2026-03-01T11:00:00.000Z',
        account: 'bob',
        model: 'gemini-2.5-flash',
        requests: 1,
        tokens_in: 10,
        tokens_out: 20,
      },
    ]);
    expect(log.series('day').reduce((n, r) => n + r.requests, 0)).toBe(3);
  });

  it('stays under its size: past maxBytes it keeps the newer half', () => {
    const { log, configDir } = usage(2_000);
    for (let i = 0; i < 100; i++) log.record(entry({ endedAt: Date.parse('2026-03-01T10:00:00Z') + i * 1000 }));
    const text = readFileSync(join(configDir, 'usage.jsonl'), 'utf8');
    expect(text.length).toBeLessThanOrEqual(2_000);
    const lines = text.trim().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({ time: '2026-03-01T10:01:39.000Z' });
  });

  it('reads today’s totals back after a restart and skips a torn line', () => {
    const { log, configDir } = usage();
    log.record(entry());
    writeFileSync(
      join(configDir, 'usage.jsonl'),
      readFileSync(join(configDir, 'usage.jsonl'), 'utf8') + '{"time":"2026-03',
    );
    const again = new UsageLog({
      configDir,
      maxBytes: 1e6,
      now: () => Date.parse('2026-03-01T12:00:00Z'),
      logger: silentLogger,
    });
    expect(again.todayByAccount().get('alice')).toEqual({ requests: 1, tokens_in: 10, tokens_out: 20 });
    expect(again.records()).toHaveLength(1);
  });

  it('exports CSV that a spreadsheet cannot read as a formula', () => {
    const { log } = usage();
    log.record(entry({ account: '=HYPERLINK("x")', surface: 'a,b' }));
    const [head, row] = log.csv().split('\r\n');
    expect(head).toBe('time,surface,model,account,tokens_in,tokens_out,outcome,ms');
    expect(row).toBe('2026-03-01T10:15:02.000Z,"a,b",gemini-2.5-flash,"=HYPERLINK(""x"")",10,20,200 stop,2000');
  });

  it('is sized by --usage-max-mb', () => {
    expect(parseStartArgs(['--usage-max-mb', '2'], {}).usageMaxBytes).toBe(2 * 1024 * 1024);
    expect(() => parseStartArgs(['--usage-max-mb', '0'], {})).toThrow(/--usage-max-mb must be a positive number/);
  });
});
