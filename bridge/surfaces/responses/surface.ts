import { MethodNotAllowedError } from '../../errors.ts';
import { sendError } from '../../run/respond.ts';
import type { Surface } from '../types.ts';
import { handleCreateResponse, handleStoredResponse } from './handler.ts';
import { handleInputTokens } from './input-tokens.ts';
import { ResponseStore } from './store.ts';

/** OpenAI Responses: create, count input tokens, and read or delete a stored response (kept per bridge). */
export const responsesSurface: Surface = {
  name: 'responses',
  endpoints: ['/v1/responses', '/v1/responses/input_tokens'],
  match: (path) => (path === '/responses' || path.startsWith('/responses/') ? path : null),
  sendError,
  mount: (ctx) => {
    const store = new ResponseStore(ctx.timers);
    return async ({ req, res, path, method, rawPath, readBody }) => {
      if (path === '/responses/input_tokens') {
        if (method !== 'POST') throw new MethodNotAllowedError(method, rawPath, 'POST');
        return handleInputTokens(ctx, store, res, await readBody());
      }
      if (path.startsWith('/responses/')) {
        if (method !== 'GET' && method !== 'HEAD' && method !== 'DELETE')
          throw new MethodNotAllowedError(method, rawPath);
        return handleStoredResponse(store, method, res, path.slice('/responses/'.length));
      }
      if (method !== 'POST') throw new MethodNotAllowedError(method, rawPath);
      handleCreateResponse(ctx, store, req, res, await readBody());
    };
  },
};
