import { MethodNotAllowedError } from '../../errors.ts';
import { sendError } from '../../run/respond.ts';
import type { Surface } from '../types.ts';
import { handleEdits, handleGenerations } from './handler.ts';
import { parseMultipart } from './multipart.ts';

/** OpenAI's Images API, served by AI Studio's image models ("Nano Banana"). */
export const imagesSurface: Surface = {
  name: 'images',
  endpoints: ['/v1/images/generations', '/v1/images/edits'],
  match: (path) => (path === '/images/generations' || path === '/images/edits' ? path : null),
  sendError,
  mount:
    () =>
    async ({ ctx, req, res, path, method, rawPath, readBody, readRawBody }) => {
      if (method !== 'POST') throw new MethodNotAllowedError(method, rawPath);
      if (path === '/images/generations') return handleGenerations(ctx, res, await readBody());
      if (!readRawBody) throw new MethodNotAllowedError(method, rawPath);
      const form = parseMultipart(await readRawBody(), req.headers['content-type']);
      return handleEdits(ctx, req, res, form);
    },
};
