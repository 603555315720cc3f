import type { IncomingMessage } from 'node:http';
import { ForbiddenError } from '../errors.ts';

/**
 * Browsers send no Origin with a no-cors GET, an `<img>` or a form navigation, so the Origin gate
 * alone lets any web page trigger a GET with side effects (a page report walks every worker tab's
 * DOM). They do send `Sec-Fetch-Site`: a request another site started (`cross-site`, or
 * `same-site`: another port of localhost) without an Origin to check is refused on every route.
 * Clients that are not browsers send neither header and are not affected.
 */
export function refuseForeignWithoutOrigin(req: IncomingMessage): void {
  const site = req.headers['sec-fetch-site'];
  if (req.headers.origin !== undefined || (site !== 'cross-site' && site !== 'same-site')) return;
  throw new ForbiddenError(
    `a ${site} browser request without an Origin header is refused: call the bridge with fetch() from an allowed origin (--cors-origin)`,
  );
}
