import { extraPart } from './extras.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError, MethodNotAllowedError, NotFoundError } from '../../errors.ts';
import type { HttpContext } from '../../run/context.ts';
import { decodePathSegment } from '../path.ts';
import { sendJson } from '../../run/respond.ts';
import { buildJob, parseBody } from '../build-job.ts';
import { runOneAnswer } from '../../run/one-answer.ts';
import type { Pieces } from '../../run/json-pieces.ts';
import { countForResponse } from '../../run/token-count.ts';
import { methodIs, type Surface } from '../types.ts';
import { googleErrorBody, sendGoogleError } from './errors.ts';
import { getGoogleModel, listGoogleModels } from './models.ts';
import { CountTokensRequest, GEMINI_OPAQUE_FIELDS, GenerateContentRequest } from './request.ts';
import { ResponseEncoder, functionCallPart, newResponseId } from './response.ts';
import { generateToJobParts } from './translate.ts';

const queryOf = (req: IncomingMessage): URLSearchParams => new URLSearchParams((req.url ?? '').split('?')[1] ?? '');

/** Google's clients always identify themselves: a key header or `?key=`, or x-goog-api-client. */
function isGoogleClient(req: IncomingMessage): boolean {
  return (
    req.headers['x-goog-api-key'] !== undefined ||
    req.headers['x-goog-api-client'] !== undefined ||
    queryOf(req).has('key')
  );
}

/**
 * Gemini is served under /v1beta and, because @google/genai 3.x defaults to apiVersion v1, also
 * under /v1: its `model:method` paths are unambiguous, and the plain model list goes to Google's
 * shape only for Google's clients.
 */
function geminiPath(path: string, req: IncomingMessage): string | null {
  if (path === '/v1beta' || path.startsWith('/v1beta/')) return path.slice('/v1beta'.length) || '/';
  if (/^\/models\/[^/]+:(generateContent|streamGenerateContent|countTokens)$/.test(path)) return path;
  if ((path === '/models' || path.startsWith('/models/')) && isGoogleClient(req)) return path;
  return null;
}

const methodError = (req: IncomingMessage, allowed: string): MethodNotAllowedError =>
  new MethodNotAllowedError(req.method, (req.url ?? '').split('?')[0] ?? '', allowed);

/** Gemini native (paths here are relative to /v1beta or /v1): models, generateContent, streamGenerateContent, countTokens. */
export const geminiSurface: Surface = {
  name: 'gemini',
  endpoints: ['/v1beta/models/{model}:generateContent', '/v1beta/models/{model}:streamGenerateContent'],
  match: geminiPath,
  sendError: sendGoogleError,
  mount:
    () =>
    async ({ ctx, req, res, path, method, readBody }) => {
      const isGet = methodIs(method, 'GET');
      if (path === '/models') {
        if (!isGet) throw methodError(req, 'GET');
        return listGoogleModels(ctx, res);
      }
      const call = /^\/models\/([^/:]+):([A-Za-z]+)$/.exec(path);
      if (call) {
        if (method !== 'POST') throw methodError(req, 'POST');
        const model = decodePathSegment(call[1] ?? '');
        const body = await readBody();
        if (call[2] === 'generateContent') return generate(ctx, req, res, model, body, null);
        if (call[2] === 'streamGenerateContent')
          return generate(ctx, req, res, model, body, queryOf(req).get('alt') === 'sse' ? 'sse' : 'array');
        if (call[2] === 'countTokens') return await countTokens(ctx, res, model, body);
      } else if (path.startsWith('/models/')) {
        if (!isGet) throw methodError(req, 'GET');
        return getGoogleModel(ctx, res, decodePathSegment(path.slice('/models/'.length)));
      }
      throw new NotFoundError(
        `Unknown request URL: ${req.method} ${req.url}. Gemini is served at /v1beta (and /v1) /models, /models/{model}:generateContent, :streamGenerateContent and :countTokens.`,
      );
    },
};

const googleErrors = { body: googleErrorBody, send: sendGoogleError };

function generate(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  model: string,
  body: unknown,
  stream: 'sse' | 'array' | null,
): void {
  const request = parseBody(GenerateContentRequest, body, GEMINI_OPAQUE_FIELDS);
  const t = buildJob(ctx, generateToJobParts(model, request));
  const id = newResponseId();
  const encoder = new ResponseEncoder(id, request.generationConfig?.thinkingConfig?.includeThoughts === true);
  // SSE (`alt=sse`, what the SDKs use) or one JSON array written element by element.
  const sse = stream === 'sse';
  let sent = 0;
  const frame = (json: string | null): string | null =>
    json === null ? null : sse ? `data: ${json}\r\n\r\n` : `${sent++ === 0 ? '[' : ',\r\n'}${json}`;
  const framed = (pieces: Pieces): Pieces =>
    sse ? ['data: ', ...pieces, '\r\n\r\n'] : [sent++ === 0 ? '[' : ',\r\n', ...pieces];
  const close = sse ? '' : ']';
  runOneAnswer(
    ctx,
    req,
    res,
    t,
    { label: 'gemini generateContent', id },
    {
      errors: googleErrors,
      nativeCode: true,
      body: (r) => encoder.whole(r),
      stream:
        stream === null
          ? null
          : {
              format: sse
                ? { contentType: 'text/event-stream; charset=utf-8', heartbeat: ': keep-alive\n\n' }
                : { contentType: 'application/json; charset=utf-8', heartbeat: '\n' },
              text: (m, text) => frame(encoder.chunk(m, { text })),
              thought: (m, text) => frame(encoder.chunk(m, { text, thought: true })),
              toolCall: (m, call) => frame(encoder.chunk(m, functionCallPart(call))),
              extra: (m, e) => {
                const part = extraPart(e);
                return part ? framed(encoder.chunkPieces(m, part)) : null;
              },
              last: (r) => `${frame(encoder.last(r)) ?? ''}${close}`,
              error: (err) => `${frame(JSON.stringify(googleErrorBody(err))) ?? ''}${close}`,
            },
    },
  );
}

async function countTokens(ctx: HttpContext, res: ServerResponse, model: string, body: unknown): Promise<void> {
  const request = parseBody(CountTokensRequest, body);
  const contents = request.contents ?? request.generateContentRequest?.contents;
  if (!contents || contents.length === 0)
    throw new BadRequestError('contents: Field required', 'contents', 'invalid_value');
  const t = buildJob(ctx, generateToJobParts(model, { ...request.generateContentRequest, contents }));
  sendJson(res, 200, { totalTokens: await countForResponse(ctx.counts, t, res) });
}
