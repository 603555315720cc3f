import type { Timers } from '../timers.ts';

export interface PairingGuardOptions {
  /** failed attempts from one address within `windowMs` before it is refused */
  maxFailures: number;
  windowMs: number;
  /** first refusal period; doubles with each further one, up to maxBlockMs */
  blockMs: number;
  maxBlockMs: number;
  /** addresses remembered at most (the oldest is forgotten first) */
  maxAddresses: number;
}

const PAIRING_GUARD_DEFAULTS: PairingGuardOptions = {
  maxFailures: 5,
  windowMs: 60_000,
  blockMs: 30_000,
  maxBlockMs: 300_000,
  maxAddresses: 10_000,
};

interface Entry {
  failures: number;
  firstAt: number;
  blockedUntil: number;
  blocks: number;
}

/**
 * Rate-limits failed pairing (wrong token) per peer: its address and Origin (link/server.ts). The token has 256 random
 * bits, so guessing is hopeless anyway; this keeps a hostile peer from spending the bridge's time
 * on thousands of attempts a second and makes such attempts visible in the log. A successful
 * pairing clears the address, so an extension whose token was just fixed is not kept out longer
 * than one refusal period.
 */
export class PairingGuard {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly timers: Timers,
    private readonly opts: PairingGuardOptions = PAIRING_GUARD_DEFAULTS,
  ) {}

  /** 0 when `address` may try; otherwise how long it must wait. */
  retryAfterMs(address: string): number {
    const entry = this.entries.get(address);
    return entry ? Math.max(0, entry.blockedUntil - this.timers.now()) : 0;
  }

  failed(address: string): void {
    const now = this.timers.now();
    let entry = this.entries.get(address);
    if (!entry || now - entry.firstAt > this.opts.windowMs) {
      entry = { failures: 0, firstAt: now, blockedUntil: entry?.blockedUntil ?? 0, blocks: entry?.blocks ?? 0 };
      this.entries.delete(address);
      this.entries.set(address, entry);
      if (this.entries.size > this.opts.maxAddresses) this.entries.delete(this.entries.keys().next().value as string);
    }
    entry.failures += 1;
    if (entry.failures >= this.opts.maxFailures) {
      entry.blockedUntil = now + Math.min(this.opts.maxBlockMs, this.opts.blockMs * 2 ** entry.blocks);
      entry.blocks += 1;
      entry.failures = 0;
      entry.firstAt = now;
    }
  }

  succeeded(address: string): void {
    this.entries.delete(address);
  }
}

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) → `127.0.0.1`. */
export function normaliseAddress(address: string | undefined): string {
  const a = (address ?? '').toLowerCase();
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice('::ffff:'.length) : a;
}

export function isLoopbackAddress(address: string): boolean {
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}
