import type { Clock, TimerHandle } from './clock.ts';

/**
 * Application-level keepalive for the bridge link. An MV3 worker is only kept alive by real
 * WebSocket messages (protocol-level pings are invisible to JS), and Chrome's recommended period
 * is 20 s (docs/chrome-extension.md#service-worker-lifetime). The same timer detects a dead
 * link: if nothing at all arrived for `silenceMs`, `onSilent` fires so the link can drop the
 * socket and reconnect instead of waiting for TCP to notice.
 */
const KEEPALIVE_MS = 20_000;
const SILENCE_MS = 65_000;

export class Keepalive {
  private timer: TimerHandle | null = null;
  private lastHeard = 0;

  constructor(
    private readonly clock: Clock,
    private readonly sendPing: (t: number) => void,
    private readonly onSilent: () => void,
    private readonly intervalMs = KEEPALIVE_MS,
    private readonly silenceMs = SILENCE_MS,
  ) {}

  start(): void {
    this.stop();
    this.lastHeard = this.clock.now();
    this.arm();
  }

  /** any frame from the bridge proves the link is alive */
  heard(): void {
    this.lastHeard = this.clock.now();
  }

  stop(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    this.timer = this.clock.setTimeout(() => this.tick(), this.intervalMs);
  }

  private tick(): void {
    this.timer = null;
    const now = this.clock.now();
    if (now - this.lastHeard >= this.silenceMs) {
      this.onSilent();
      return;
    }
    this.sendPing(now);
    this.arm();
  }
}
