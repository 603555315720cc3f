import type { HttpContext } from '../../run/context.ts';

/**
 * The one next step, as a key of the dashboard's wording (dashboard/i18n.ts, which keeps the
 * popup's sentences for the same situations). Seen from the bridge: it knows the connected
 * extensions and their tabs, not why an extension that never connected did not.
 */
export type NextStepKey =
  | 'nextUse'
  | 'nextOpenPopup'
  | 'nextUpdateBridge'
  | 'nextUpdateExtension'
  | 'nextUpdateEither'
  | 'nextSignIn'
  | 'nextPageChanged'
  | 'nextOpeningTab'
  | 'nextWait';

export function nextStepKey(ctx: HttpContext): NextStepKey {
  const problem = ctx.link.versionProblem();
  const connections = ctx.link.list();
  const tabs = ctx.pool.tabs();
  if (tabs.some((t) => t.ready)) return 'nextUse';
  if (problem)
    return problem.update === 'bridge'
      ? 'nextUpdateBridge'
      : problem.update === 'extension'
        ? 'nextUpdateExtension'
        : 'nextUpdateEither';
  if (connections.length === 0) return 'nextOpenPopup';
  const loads = connections.flatMap((c) => [...c.tabLoads.values()]);
  if (loads.some((l) => l.problem === 'sign_in')) return 'nextSignIn';
  if (tabs.some((t) => !t.health.ok)) return 'nextPageChanged';
  if (tabs.length === 0) return 'nextOpeningTab';
  return 'nextWait';
}
