import { MethodNotAllowedError } from '../../errors.ts';
import { sendError } from '../../run/respond.ts';
import { methodIs, type Surface } from '../types.ts';
import { handleHealth } from './health.ts';
import { handlePageReport, PAGE_REPORT_PATH } from './page-report.ts';

/**
 * The bridge's own routes: /health (open without a key, so "is it up?" checks and the popup
 * always work) and the page diagnostics of `aistudio-bridge doctor --page` (behind the key: the
 * page outline is no secret, but it is the person's account).
 */
export const systemSurface: Surface = {
  name: 'system',
  endpoints: ['/health'],
  match: (path) => (path === '/health' || path === PAGE_REPORT_PATH ? path : null),
  isPublic: (path) => path === '/health',
  sendError,
  mount:
    () =>
    async ({ ctx, req, res, path, method, rawPath, keyAccepted }) => {
      if (!methodIs(method, 'GET')) throw new MethodNotAllowedError(method, rawPath);
      if (path === '/health') return handleHealth(ctx, req, res, keyAccepted);
      await handlePageReport(ctx, req, res);
    },
};
