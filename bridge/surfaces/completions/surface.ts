import { MethodNotAllowedError } from '../../errors.ts';
import { sendError } from '../../run/respond.ts';
import type { Surface } from '../types.ts';
import { handleCompletions } from './handler.ts';

/** OpenAI's legacy text completions. */
export const completionsSurface: Surface = {
  name: 'completions',
  endpoints: ['/v1/completions'],
  match: (path) => (path === '/completions' ? path : null),
  sendError,
  mount:
    () =>
    async ({ ctx, req, res, method, rawPath, readBody }) => {
      if (method !== 'POST') throw new MethodNotAllowedError(method, rawPath);
      handleCompletions(ctx, req, res, await readBody());
    },
};
