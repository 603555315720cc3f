import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError } from '../../errors.ts';
import type { HttpContext } from '../../run/context.ts';
import { sendJson } from '../../run/respond.ts';

/**
 * GET /diagnostics/page (`aistudio-bridge doctor --page`): every connected extension's worker tabs
 * described by their content scripts — selector counts and the page outline, never page text —
 * plus which selector keys `selectors.json` overrides.
 */
export const PAGE_REPORT_PATH = '/diagnostics/page';
/**
 * Required: a custom header makes the request non-simple, so a browser page must pass a CORS
 * preflight first, which an origin that is not allowed never does. Each report walks every worker
 * tab's DOM; no web page may ask for one.
 */
export const PAGE_REPORT_HEADER = 'x-aistudio-bridge-report';
const TIMEOUT_MS = 8_000;

/** `skeleton` (query `?skeleton=1`, doctor --page --save): each tab's report carries its DOM skeleton. */
export async function handlePageReport(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.headers[PAGE_REPORT_HEADER] === undefined)
    throw new BadRequestError(
      `send the header ${PAGE_REPORT_HEADER}: 1 (aistudio-bridge doctor --page does)`,
      null,
      'missing_header',
    );
  const skeleton = /[?&]skeleton=1(&|$)/.test(req.url ?? '');
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
