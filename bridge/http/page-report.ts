import type { ServerResponse } from 'node:http';
import type { HttpContext } from './context.ts';
import { sendJson } from './respond.ts';

/**
 * GET /diagnostics/page (`aistudio-bridge doctor --page`): every connected extension's worker tabs
 * described by their content scripts — selector counts and the page outline, never page text —
 * plus which selector keys `selectors.json` overrides.
 */
export const PAGE_REPORT_PATH = '/diagnostics/page';
const TIMEOUT_MS = 8_000;

/** `skeleton` (query `?skeleton=1`, doctor --page --save): each tab's report carries its DOM skeleton. */
export async function handlePageReport(ctx: HttpContext, res: ServerResponse, skeleton = false): Promise<void> {
  const connections = ctx.link.list();
  const extensions = await Promise.all(
    connections.map(async (c) => ({
      id: c.id,
      version: c.info.extensionVersion,
      tabs: await c.requestPageReport(TIMEOUT_MS, skeleton),
    })),
  );
  sendJson(res, 200, { selector_overrides: ctx.config.selectorOverrides, extensions });
}
