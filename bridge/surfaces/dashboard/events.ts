import type { ServerResponse } from 'node:http';
import { RateLimitError } from '../../errors.ts';
import type { HttpContext } from '../../run/context.ts';
import { dashboardState } from './state.ts';

/** A request's progress is sent at most this often (tokens stream many times a second). */
const THROTTLE_MS = 250;
/**
 * Tabs, accounts and browsers change through the pool and the link, which announce nothing: the
 * stream looks at them this often and sends only a changed state. One small JSON value every few
 * seconds per open dashboard is the whole idle cost (measured in bench/dashboard.bench.ts).
 */
const LOOK_MS = 5_000;
/** a comment line keeps proxies and the page's reader from timing out */
const HEARTBEAT_MS = 25_000;
/** open dashboards per bridge: each holds a connection and a timer */
const MAX_STREAMS = 32;
const open = new WeakMap<HttpContext, number>();

/**
 * GET /dashboard/api/events: the dashboard's state as server-sent events, once at once and again
 * whenever it changes. The page reads it with fetch (it must send the API key header, which
 * EventSource cannot).
 */
export function streamState(ctx: HttpContext, res: ServerResponse): void {
  const streams = open.get(ctx) ?? 0;
  if (streams >= MAX_STREAMS)
    throw new RateLimitError(`${MAX_STREAMS} dashboards are open already: close one`, 30, 'too_many_dashboards');
  open.set(ctx, streams + 1);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  let last = '';
  let lastWrite = Date.now();
  let pending: unknown = null;
  let look: unknown = null;
  let closed = false;

  const send = (): void => {
    pending = null;
    if (closed) return;
    const json = JSON.stringify(dashboardState(ctx));
    if (json !== last) {
      last = json;
      res.write(`event: state\ndata: ${json}\n\n`);
      lastWrite = Date.now();
    } else if (Date.now() - lastWrite >= HEARTBEAT_MS) {
      res.write(': keepalive\n\n');
      lastWrite = Date.now();
    }
  };
  const soon = (): void => {
    pending ??= ctx.timers.setTimeout(send, THROTTLE_MS);
  };
  const tick = (): void => {
    send();
    look = ctx.timers.setTimeout(tick, LOOK_MS);
  };
  const unsubscribe = ctx.requests?.subscribe(soon);
  res.on('close', () => {
    closed = true;
    open.set(ctx, (open.get(ctx) ?? 1) - 1);
    unsubscribe?.();
    ctx.timers.clearTimeout(pending);
    ctx.timers.clearTimeout(look);
  });
  tick();
}
