import { z } from 'zod';
import type { Logger } from '../logger.ts';
import { resetAt, type CooldownPolicy } from './reset-time.ts';

/** Reads and writes the book's file; injected so tests keep it in memory. */
export interface BookStore {
  read(): string | null;
  write(text: string): void;
}

/**
 * Version 2 keys accounts by identity (a keyed hash of the address, computed in the page);
 * version 1 keyed them by label, which two accounts can share: such a file is dropped on load
 * (costs one request per exhausted account), never misread.
 */
const BOOK_VERSION = 2;
const BookFile = z.object({
  version: z.literal(BOOK_VERSION),
  /** wall-clock ms (Date.now()) until which the account may not run the model */
  exhausted: z.array(z.object({ account: z.string(), model: z.string(), until: z.number(), reason: z.string() })),
});

export interface Exhaustion {
  account: string;
  model: string;
  until: number;
  reason: string;
  /** false: the account has no label (named by connection id), so it is not written to the file */
  persist?: boolean;
}

/**
 * Which (account, model) pairs ran out of quota, and until when. Kept in a small JSON file in the
 * config dir so a reconnecting extension or a restarted bridge does not spend a request per
 * account finding out again. Accounts are named by their identity (or, from extensions that send
 * none, their label), never by connection id.
 */
export class QuotaBook {
  private readonly entries = new Map<string, Exhaustion>();

  constructor(
    private readonly store: BookStore,
    private readonly policy: CooldownPolicy,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {
    this.load();
  }

  /** Records a quota/rate-limit error; returns when the pair may be used again. */
  mark(account: string, model: string, message: string, persist = true): number {
    const until = resetAt(message, this.now(), this.policy);
    this.entries.set(key(account, model), { account, model, until, reason: message.slice(0, 200), persist });
    this.save();
    return until;
  }

  /** The pair answered: forget its exhaustion (written only when there was one). */
  clear(account: string, model: string | null): void {
    if (model === null || !this.entries.delete(key(account, model))) return;
    this.save();
  }

  /** The time the pair is exhausted until, or null when it may run now. */
  until(account: string, model: string): number | null {
    const e = this.entries.get(key(account, model));
    if (!e) return null;
    if (e.until > this.now()) return e.until;
    this.entries.delete(key(account, model));
    return null;
  }

  /** Every pair still exhausted, for /health. */
  list(): Exhaustion[] {
    const now = this.now();
    return [...this.entries.values()].filter((e) => e.until > now);
  }

  private load(): void {
    let text: string | null = null;
    try {
      text = this.store.read();
    } catch (err) {
      this.logger.warn('could not read the quota file; starting with none exhausted', { error: String(err) });
    }
    if (text === null) return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const version = (json as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version < BOOK_VERSION) {
      // Written before accounts had identities: its labels may stand for two accounts at once.
      return this.logger.info('dropping a quota file of an older version (accounts keyed by label)', { version });
    }
    const parsed = BookFile.safeParse(json);
    if (!parsed.success) return this.logger.warn('ignoring a malformed quota file');
    const now = this.now();
    for (const e of parsed.data.exhausted) if (e.until > now) this.entries.set(key(e.account, e.model), e);
  }

  private save(): void {
    try {
      this.store.write(
        JSON.stringify(
          {
            version: BOOK_VERSION,
            exhausted: this.list()
              .filter((e) => e.persist !== false)
              .map(({ persist: _, ...e }) => e),
          },
          null,
          2,
        ) + '\n',
      );
    } catch (err) {
      // Losing the file only costs one request per account after a restart: keep serving.
      this.logger.warn('could not write the quota file', { error: String(err) });
    }
  }
}

const key = (account: string, model: string): string => `${account}\u0000${model}`;

/** Keeps nothing: for tests and for callers without a config dir. */
export const memoryStore = (): BookStore & { text: string | null } => {
  const s = {
    text: null as string | null,
    read: () => s.text,
    write: (t: string) => {
      s.text = t;
    },
  };
  return s;
};
