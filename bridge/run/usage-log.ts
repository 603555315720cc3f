import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import type { RequestEntry } from './request-log.ts';

/** One line of `<config dir>/usage.jsonl`: what a request cost, never what it said. */
export const UsageRecord = z.object({
  time: z.string(),
  surface: z.string(),
  model: z.string(),
  account: z.string(),
  tokens_in: z.number(),
  tokens_out: z.number(),
  outcome: z.string(),
  ms: z.number(),
});
export type UsageRecord = z.infer<typeof UsageRecord>;

export interface UsageRow {
  /** start of the hour or day (ISO) */
  bucket: string;
  account: string;
  model: string;
  requests: number;
  tokens_in: number;
  tokens_out: number;
}

export interface UsageLogOptions {
  configDir: string;
  /** the file is cut to its newer half beyond this size */
  maxBytes: number;
  now: () => number;
  logger: Logger;
}

const FILE = 'usage.jsonl';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Appends one line per finished request and answers the dashboard's usage questions from the
 * file. Today's totals per account are kept in memory (read from the file once) so the live
 * view never reads the disk.
 */
export class UsageLog {
  readonly path: string;
  private today: { day: string; byAccount: Map<string, { requests: number; tokens_in: number; tokens_out: number }> };

  constructor(private readonly opts: UsageLogOptions) {
    this.path = join(opts.configDir, FILE);
    this.today = { day: localDay(opts.now()), byAccount: new Map() };
    for (const r of this.records()) if (localDay(Date.parse(r.time)) === this.today.day) this.count(r);
  }

  record(entry: RequestEntry): void {
    const r: UsageRecord = {
      time: new Date(entry.endedAt ?? this.opts.now()).toISOString(),
      surface: entry.surface,
      model: entry.model,
      account: entry.account ?? '',
      tokens_in: entry.tokensIn,
      tokens_out: entry.tokensOut,
      outcome: entry.outcome ?? entry.status,
      ms: (entry.endedAt ?? this.opts.now()) - entry.startedAt,
    };
    this.rollDay();
    this.count(r);
    try {
      appendFileSync(this.path, `${JSON.stringify(r)}\n`, { mode: 0o600 });
      if (statSync(this.path).size > this.opts.maxBytes) this.trim();
    } catch (err) {
      this.opts.logger.warn('could not write the usage file', { path: this.path, error: String(err) });
    }
  }

  /** Requests and tokens per account today (local time). */
  todayByAccount(): Map<string, { requests: number; tokens_in: number; tokens_out: number }> {
    this.rollDay();
    return this.today.byAccount;
  }

  /** Every record in the file, oldest first (unreadable lines skipped). */
  records(): UsageRecord[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return [];
    }
    const out: UsageRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const parsed = UsageRecord.safeParse(JSON.parse(line));
        if (parsed.success) out.push(parsed.data);
      } catch {
        // a line cut by a crash mid-write: skip it
      }
    }
    return out;
  }

  /** Per account × model per hour (the last 48 hours) or per day (the last 30 days). */
  series(bucket: 'hour' | 'day'): UsageRow[] {
    const size = bucket === 'hour' ? HOUR : DAY;
    const since = this.opts.now() - (bucket === 'hour' ? 48 * HOUR : 30 * DAY);
    const rows = new Map<string, UsageRow>();
    for (const r of this.records()) {
      const t = Date.parse(r.time);
      if (!(t >= since)) continue;
      const start = bucket === 'hour' ? Math.floor(t / size) * size : startOfLocalDay(t);
      const key = `${start}\u0000${r.account}\u0000${r.model}`;
      const row = rows.get(key) ?? {
        bucket: new Date(start).toISOString(),
        account: r.account,
        model: r.model,
        requests: 0,
        tokens_in: 0,
        tokens_out: 0,
      };
      row.requests++;
      row.tokens_in += r.tokens_in;
      row.tokens_out += r.tokens_out;
      rows.set(key, row);
    }
    return [...rows.values()].sort((a, b) => a.bucket.localeCompare(b.bucket));
  }

  /** The whole file as CSV, one row per request. */
  csv(): string {
    const head = 'time,surface,model,account,tokens_in,tokens_out,outcome,ms';
    const cell = (v: string | number): string => {
      const s = String(v);
      // Quote anything a spreadsheet could read as a formula or a separator.
      return /[",\n\r]|^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const rows = this.records().map((r) =>
      [r.time, r.surface, r.model, r.account, r.tokens_in, r.tokens_out, r.outcome, r.ms].map(cell).join(','),
    );
    return [head, ...rows].join('\r\n') + '\r\n';
  }

  /** Keeps the newer half of the lines, so appends stay cheap and the file bounded. */
  private trim(): void {
    const lines = readFileSync(this.path, 'utf8').split('\n').filter(Boolean);
    let bytes = 0;
    let from = lines.length;
    while (from > 0 && bytes + (lines[from - 1]?.length ?? 0) + 1 <= this.opts.maxBytes / 2) {
      from--;
      bytes += (lines[from]?.length ?? 0) + 1;
    }
    writeFileSync(
      this.path,
      lines
        .slice(from)
        .map((l) => `${l}\n`)
        .join(''),
      { mode: 0o600 },
    );
  }

  private count(r: UsageRecord): void {
    const t = this.today.byAccount.get(r.account) ?? { requests: 0, tokens_in: 0, tokens_out: 0 };
    t.requests++;
    t.tokens_in += r.tokens_in;
    t.tokens_out += r.tokens_out;
    this.today.byAccount.set(r.account, t);
  }

  private rollDay(): void {
    const day = localDay(this.opts.now());
    if (day !== this.today.day) this.today = { day, byAccount: new Map() };
  }
}

const localDay = (t: number): string => {
  const d = new Date(t);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
};

const startOfLocalDay = (t: number): number => {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
};
