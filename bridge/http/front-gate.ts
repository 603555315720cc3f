import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyBudget } from './body-budget.ts';
import type { HttpContext } from '../run/context.ts';
import { refuseForeignWithoutOrigin } from './fetch-site.ts';

/**
 * Checks every HTTP request passes once its Host is known to be ours, before any route runs:
 * no cross-site browser request without an Origin (fetch-site.ts), and room in the global
 * request-body budget (body-budget.ts). One place, so a new route cannot skip them.
 */
export type FrontGate = (req: IncomingMessage, res: ServerResponse) => void;

export function createFrontGate(ctx: HttpContext, bodies = new BodyBudget()): FrontGate {
  return (req, res) => {
    refuseForeignWithoutOrigin(req);
    bodies.admit(req, res, ctx.config.maxBodyBytes);
  };
}
