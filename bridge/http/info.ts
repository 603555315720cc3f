import type { ServerResponse } from 'node:http';
import type { ModelInfo } from '../../protocol/messages.ts';
import { NotFoundError } from '../errors.ts';
import { BRIDGE_VERSION } from '../version.ts';
import type { HttpContext } from './context.ts';
import { sendJson } from './respond.ts';
import { decodePathSegment } from './path.ts';
import { loadOf, tabLoadView, waitingReason } from './tab-loads.ts';

/** GET /health: open without a key, so "is it up?" checks and the extension popup always work. */
export function handleHealth(ctx: HttpContext, res: ServerResponse): void {
  const stats = ctx.pool.stats();
  const connections = ctx.link.list();
  const tabs = ctx.pool.tabs();
  const reason = waitingReason(connections, tabs, stats.readyTabs);
  const versionProblem = ctx.link.versionProblem();
  sendJson(res, 200, {
    status: stats.readyTabs > 0 ? 'ok' : versionProblem ? 'version_mismatch' : 'waiting_for_tab',
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
    models_source: ctx.models.source,
    selector_overrides: Object.keys(ctx.config.selectorOverrides),
    /** the last 20 failed jobs, newest first, with the page driver's step traces */
    failures: ctx.pool.failures.list(),
    auth: ctx.config.apiKeys.length > 0 ? 'api_key' : 'none',
  });
}

/** Model objects need `created`; AI Studio reports none, so a fixed date keeps the list stable. */
const CREATED = 1_735_689_600; // 2025-01-01

function modelObject(m: ModelInfo, id = m.id): Record<string, unknown> {
  return {
    id,
    object: 'model',
    created: CREATED,
    owned_by: 'google',
    ...(m.displayName ? { display_name: m.displayName } : {}),
    ...(m.description ? { description: m.description } : {}),
    ...(m.outputTokenLimit ? { max_output_tokens: m.outputTokenLimit } : {}),
  };
}

/** GET /v1/models: the page's own list when an extension reported one, else defaults (marked). */
export function handleListModels(ctx: HttpContext, res: ServerResponse): void {
  sendJson(res, 200, { object: 'list', data: ctx.models.list().map((m) => modelObject(m)), source: ctx.models.source });
}

/** GET /v1/models/{id}: listed models, and aliases (shown under the requested name, with their target). */
export function handleGetModel(ctx: HttpContext, res: ServerResponse, rawId: string): void {
  const id = decodePathSegment(rawId);
  const found = ctx.models.lookup(id, ctx.config.strictModels);
  if (found?.via === 'listed') return sendJson(res, 200, modelObject(found.model));
  if (found) return sendJson(res, 200, { ...modelObject({ id: found.model.id }, id), alias_for: found.model.id });
  throw new NotFoundError(
    `The model '${id}' does not exist or you do not have access to it.`,
    'model_not_found',
    'model',
  );
}
