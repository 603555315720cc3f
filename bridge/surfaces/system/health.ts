import type { IncomingMessage, ServerResponse } from 'node:http';
import { BRIDGE_VERSION } from '../../version.ts';
import type { HttpContext } from '../../run/context.ts';
import { sendJson } from '../../run/respond.ts';
import { healthLimited } from './health-limit.ts';
import { healthProof } from './health-proof.ts';
import { loadOf, tabLoadView, waitingReason } from './tab-loads.ts';

/** GET /health: open without a key, so "is it up?" checks and the extension popup always work. */
export function handleHealth(ctx: HttpContext, req: IncomingMessage, res: ServerResponse, keyAccepted: boolean): void {
  const proof = healthProof(req, ctx.link.token);
  const stats = ctx.pool.stats();
  const connections = ctx.link.list();
  const tabs = ctx.pool.tabs();
  const reason = waitingReason(connections, tabs, stats.readyTabs);
  const versionProblem = ctx.link.versionProblem();
  const status = stats.readyTabs > 0 ? 'ok' : versionProblem ? 'version_mismatch' : 'waiting_for_tab';
  if (healthLimited(ctx, keyAccepted)) return sendJson(res, 200, { status, ...proof });
  sendJson(res, 200, {
    status,
    ...proof,
    ...(reason ? { reason } : {}),
    version: BRIDGE_VERSION,
    uptime_s: Math.round((ctx.timers.now() - ctx.startedAt) / 1000),
    extensions: connections.map((c) => ({
      id: c.id,
      version: c.info.extensionVersion,
      paired_via: c.info.pairedVia,
      account: c.info.account,
      ...(c.info.accountId ? { account_id: c.info.accountId } : {}),
      worker_tabs: [...c.tabLoads.values()].map(tabLoadView),
    })),
    ...(versionProblem ? { version_problem: versionProblem } : {}),
    tabs: {
      total: stats.tabs,
      ready: stats.readyTabs,
      list: tabs.map((t) => {
        const load = loadOf(connections, t.key);
        return load ? { ...t, health: { ...t.health, load } } : t;
      }),
    },
    accounts: ctx.pool.accounts(),
    route: ctx.config.route,
    queue: { running: stats.runningJobs, waiting: stats.queuedJobs, max: ctx.config.maxQueue },
    jobs: { completed: stats.completedJobs, failed: stats.failedJobs },
    conversations: {
      continued: stats.conversations.continued,
      rebuilt: stats.conversations.rebuilt,
      rebuilt_reasons: stats.conversations.reasons,
      kept_chats: stats.conversations.keptChats,
    },
    models_source: ctx.models.source,
    selector_overrides: Object.keys(ctx.config.selectorOverrides),
    /** the last 20 failed jobs, newest first, with the page driver's step traces */
    failures: ctx.pool.failures.list(),
    auth: ctx.config.apiKeys.length > 0 ? 'api_key' : 'none',
  });
}
