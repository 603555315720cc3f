import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { NotFoundError } from '../../errors.ts';
import type { HttpContext } from '../../run/context.ts';
import { wantsJsonKeepAlive } from '../../run/json-reply.ts';
import { decodePathSegment } from '../path.ts';
import { sendJson } from '../../run/respond.ts';
import { JobRun, planFor } from '../../run/job-run.ts';
import { responseBase } from './body.ts';
import { ResponseOutput } from './output.ts';
import { parseResponseRequest } from './request.ts';
import type { ResponseStore } from './store.ts';
import { translateResponseRequest } from './translate.ts';

/** POST /v1/responses */
export function handleCreateResponse(
  ctx: HttpContext,
  store: ResponseStore,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
): void {
  const request = parseResponseRequest(body);
  const { t, conversation } = translateResponseRequest(request, store, ctx.models, ctx.config.strictModels);
  const id = `resp_${randomBytes(16).toString('hex')}`;
  res.setHeader('x-request-id', id);
  const keepAlive = wantsJsonKeepAlive(req, ctx.config.jsonKeepAlive);
  const plan = planFor(t, { label: 'response', id, stream: t.stream });
  new JobRun(
    ctx,
    res,
    plan,
    (run) =>
      new ResponseOutput({
        ctx,
        res,
        run,
        store,
        request,
        conversation,
        base: responseBase(id, Math.floor(Date.now() / 1000), request),
        keepAlive,
      }),
  ).start();
}

/** GET and DELETE /v1/responses/{id}, for responses created with `store` on (the default). */
export function handleStoredResponse(store: ResponseStore, method: string, res: ServerResponse, rawId: string): void {
  const id = decodePathSegment(rawId);
  const found = store.get(id);
  if (!found)
    throw new NotFoundError(
      `Response with id '${id}' not found: the bridge keeps the last 200 stored responses for one hour`,
      'not_found',
      'response_id',
    );
  if (method === 'DELETE') {
    store.delete(id);
    return sendJson(res, 200, { id, object: 'response', deleted: true });
  }
  sendJson(res, 200, found.body);
}
