import { MethodNotAllowedError } from '../../errors.ts';
import { sendError } from '../../run/respond.ts';
import { methodIs, type Surface } from '../types.ts';
import { handleChatCompletions } from './handler.ts';
import { handleGetModel, handleListModels } from './models.ts';

/** OpenAI chat completions, and OpenAI's model list (the default shape of /v1/models). */
export const chatSurface: Surface = {
  name: 'chat',
  endpoints: ['/v1/models', '/v1/chat/completions'],
  match: (path) => (path === '/chat/completions' || path === '/models' || path.startsWith('/models/') ? path : null),
  sendError,
  mount:
    () =>
    async ({ ctx, req, res, path, method, rawPath, readBody }) => {
      if (path === '/chat/completions') {
        if (method !== 'POST') throw new MethodNotAllowedError(method, rawPath);
        return handleChatCompletions(ctx, req, res, await readBody());
      }
      if (!methodIs(method, 'GET')) throw new MethodNotAllowedError(method, rawPath);
      if (path === '/models') return handleListModels(ctx, res);
      return handleGetModel(ctx, res, path.slice('/models/'.length));
    },
};
