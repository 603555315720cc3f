import type { TabLoad } from '../../../protocol/messages.ts';
import type { ExtensionConnection } from '../../link/connection.ts';

/**
 * The worker tabs' page-load state in /health: per extension (also tabs that never registered,
 * e.g. stuck on the browser's error page) and, when nothing can serve, one sentence saying why.
 */
export function tabLoadView(load: TabLoad): Record<string, unknown> {
  return {
    tab_id: load.tabId,
    state: load.state,
    problem: load.problem,
    reason: load.reason,
    reload_attempts: load.attempts,
    next_reload_at: load.retryAt === null ? null : new Date(load.retryAt).toISOString(),
  };
}

/** The load state of a registered tab (`<connectionId>/<tabId>`), for tabs.list[].health. */
export function loadOf(connections: readonly ExtensionConnection[], key: string): Record<string, unknown> | undefined {
  const slash = key.indexOf('/');
  const load = connections.find((c) => c.id === key.slice(0, slash))?.tabLoads.get(key.slice(slash + 1));
  return load ? tabLoadView(load) : undefined;
}

/** Why no tab is ready, in words; null when one is. */
export function waitingReason(
  connections: readonly ExtensionConnection[],
  tabs: ReadonlyArray<{ key: string; health: { ok: boolean; missing: string[] } }>,
  readyTabs: number,
): string | null {
  if (readyTabs > 0) return null;
  if (connections.length === 0) return 'no browser extension is connected (open its popup: it says why)';
  const failed = connections.flatMap((c) => [...c.tabLoads.values()].filter((l) => l.state === 'failed'));
  if (failed.length > 0)
    return failed
      .map((l) => `worker tab ${l.tabId}: ${l.reason ?? 'did not load'} (reloaded ${l.attempts}×)`)
      .join('; ');
  const unhealthy = tabs.find((t) => !t.health.ok);
  if (unhealthy) return `worker tab ${unhealthy.key}: page elements not found: ${unhealthy.health.missing.join(', ')}`;
  return 'the extension is opening or loading its worker tab';
}
