import { BRIDGE_VERSION } from '../../version.ts';
import type { HttpContext } from '../../run/context.ts';
import type { RequestEntry } from '../../run/request-log.ts';
import { loadOf } from '../system/tab-loads.ts';
import { nextStepKey } from './next-step.ts';

type ModelState = { model: string; state: 'ready' | 'cooling' | 'exhausted'; until?: string; message?: string };

/**
 * Everything the dashboard's live views show, in one JSON value. Only values that change when
 * something happens (no countdowns, no uptime): the event stream sends it again only when it
 * differs, and the page computes elapsed times itself.
 */
export function dashboardState(ctx: HttpContext): Record<string, unknown> {
  const connections = ctx.link.list();
  const tabs = ctx.pool.tabs();
  const live = ctx.requests?.running() ?? [];
  const today = ctx.usage?.todayByAccount() ?? new Map();
  const jobOnTab = new Map(live.filter((r) => r.tab).map((r) => [r.tab as string, r]));
  return {
    bridge: {
      version: BRIDGE_VERSION,
      started_at: startedAt(ctx),
      auth: ctx.config.apiKeys.length > 0 ? 'api_key' : 'none',
      route: ctx.config.route,
    },
    ready: tabs.some((t) => t.ready),
    next: nextStepKey(ctx),
    version_problem: ctx.link.versionProblem(),
    browsers: connections.map((c) => ({
      id: c.id,
      version: c.info.extensionVersion,
      account: c.info.account ?? null,
      paired_via: c.info.pairedVia,
      tabs: tabs.filter((t) => t.key.startsWith(`${c.id}/`)).length,
    })),
    accounts: ctx.pool.accounts().map((a) => {
      const own = tabs.filter((t) => t.account === a.account);
      const models = new Set<string>(own.flatMap((t) => (t.model ? [t.model] : [])));
      const states: ModelState[] = a.exhausted.map((e) => ({
        model: e.model,
        state: e.kind === 'daily' ? 'exhausted' : 'cooling',
        until: e.until,
        message: e.message,
      }));
      for (const m of models) if (!states.some((s) => s.model === m)) states.push({ model: m, state: 'ready' });
      return {
        account: a.account,
        tabs: own.map((t) => t.key),
        ready: a.ready,
        busy: a.busy,
        models: states,
        today: today.get(a.account) ?? { requests: 0, tokens_in: 0, tokens_out: 0 },
      };
    }),
    tabs: tabs.map((t) => {
      const job = jobOnTab.get(t.key);
      return {
        ...t,
        load: loadOf(connections, t.key) ?? null,
        job: job ? { id: job.id, model: job.model, surface: job.surface } : null,
      };
    }),
    // Tabs the extension reports loading or failing that never registered (e.g. a sign-in page).
    unregistered_tabs: connections.flatMap((c) =>
      [...c.tabLoads.values()]
        .filter((l) => !tabs.some((t) => t.key === `${c.id}/${l.tabId}`))
        .map((l) => ({
          key: `${c.id}/${l.tabId}`,
          account: c.info.account ?? c.id,
          load: loadOf(connections, `${c.id}/${l.tabId}`),
        })),
    ),
    requests: live.map(view),
    recent: (ctx.requests?.recent() ?? []).slice(0, 20).map(view),
    failures: (ctx.requests?.failures() ?? []).map(view),
    models: ctx.models.list().map((m) => m.id),
  };
}

/**
 * The bridge's start as wall-clock time, worked out once: computed afresh, the two clocks read a
 * millisecond apart would change the state every time and the stream would resend it.
 */
const wallStart = new WeakMap<HttpContext, string>();
function startedAt(ctx: HttpContext): string {
  let at = wallStart.get(ctx);
  if (at === undefined) {
    at = new Date(Date.now() - (ctx.timers.now() - ctx.startedAt)).toISOString();
    wallStart.set(ctx, at);
  }
  return at;
}

/** A request without anything it said: the entry holds no text by construction; this fixes the field names. */
function view(r: RequestEntry): Record<string, unknown> {
  return {
    id: r.id,
    request_id: r.requestId,
    surface: r.surface,
    model: r.model,
    stream: r.stream,
    account: r.account,
    tab: r.tab,
    started_at: new Date(r.startedAt).toISOString(),
    ended_at: r.endedAt === null ? null : new Date(r.endedAt).toISOString(),
    tokens_in: r.tokensIn,
    tokens_out: r.tokensOut,
    status: r.status,
    outcome: r.outcome,
    error: r.error,
    ...(r.step ? { step: r.step } : {}),
    ...(r.steps ? { steps: r.steps } : {}),
  };
}
