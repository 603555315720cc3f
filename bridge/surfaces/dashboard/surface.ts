import type { IncomingMessage } from 'node:http';
import { MethodNotAllowedError, NotFoundError, ServiceUnavailableError } from '../../errors.ts';
import { sendError, sendJson } from '../../run/respond.ts';
import { methodIs, type Surface } from '../types.ts';
import { DashboardAssets, sendAsset } from './assets.ts';
import { streamState } from './events.ts';
import { dashboardState } from './state.ts';

const API = '/dashboard/api/';
const CANCEL = /^\/dashboard\/api\/requests\/([\w-]{1,40})\/cancel$/;

/** A browser opening the bridge's address asks for HTML; API clients asking `/` keep the JSON. */
const wantsHtml = (req: IncomingMessage): boolean =>
  (req.url ?? '').split('?')[0] === '/' && /\btext\/html\b/.test(req.headers.accept ?? '');

/**
 * The dashboard: its page and files (public: they hold no data) at `/` for browsers and under
 * /dashboard/, and its API under /dashboard/api/ (behind the API key like every route with data).
 */
export const dashboardSurface: Surface = {
  name: 'dashboard',
  endpoints: ['/dashboard'],
  match: (path, req) =>
    path === '/dashboard' || path.startsWith('/dashboard/') ? path : path === '/' && wantsHtml(req) ? '/' : null,
  isPublic: (path) => !path.startsWith(API),
  sendError,
  mount: (ctx) => {
    const assets = new DashboardAssets();
    return async ({ req, res, path, method, rawPath, readBody }) => {
      if (path.startsWith(API)) {
        const cancel = CANCEL.exec(path);
        if (cancel) {
          if (method !== 'POST') throw new MethodNotAllowedError(method, rawPath, 'POST');
          await readBody().catch(() => undefined);
          const id = cancel[1] as string;
          if (!ctx.requests?.cancel(id)) throw new NotFoundError(`no running request ${id}`, 'request_not_found');
          return sendJson(res, 200, { id, cancelled: true });
        }
        if (!methodIs(method, 'GET')) throw new MethodNotAllowedError(method, rawPath);
        if (path === `${API}state`) return sendJson(res, 200, dashboardState(ctx), { 'cache-control': 'no-store' });
        if (path === `${API}events`) return streamState(ctx, res);
        if (path === `${API}usage`) {
          const bucket = new URL(req.url ?? '/', 'http://x').searchParams.get('bucket') === 'day' ? 'day' : 'hour';
          return sendJson(res, 200, { bucket, rows: ctx.usage?.series(bucket) ?? [] }, { 'cache-control': 'no-store' });
        }
        if (path === `${API}usage.csv`) {
          const csv = ctx.usage?.csv() ?? '';
          res.writeHead(200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': 'attachment; filename="aistudio-bridge-usage.csv"',
            'cache-control': 'no-store',
          });
          return void res.end(csv);
        }
        throw new NotFoundError(`Unknown dashboard URL: ${method} ${rawPath}`, 'unknown_url');
      }
      if (!methodIs(method, 'GET')) throw new MethodNotAllowedError(method, rawPath);
      const name = path === '/' || path === '/dashboard' ? 'index.html' : path.slice('/dashboard/'.length);
      const asset = assets.get(name);
      if (asset) return sendAsset(req, res, asset, name.startsWith('assets/'));
      if (name === 'index.html' || !assets.get('index.html'))
        throw new ServiceUnavailableError(
          'the dashboard is not built: run `npm run build:dashboard` (the npm package ships it built)',
          'dashboard_not_built',
          60,
          false,
        );
      throw new NotFoundError(`Unknown dashboard file: ${rawPath}`, 'unknown_url');
    };
  },
};
