import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Attachment, JobRequest } from '../../../protocol/job.ts';
import { BadRequestError } from '../../errors.ts';
import type { HttpContext } from '../../run/context.ts';
import type { Translated } from '../../conversation/translate.ts';
import { JobRun, planFor } from '../../run/job-run.ts';
import { answersWanted } from '../chat/handler.ts';
import { ImagesOutput, type ResponseFormat } from './output.ts';
import { imageModel, imageSettings } from './settings.ts';
import type { FormPart } from './multipart.ts';

/** The fields both endpoints take (JSON for generations, form fields for edits). */
interface ImageAsk {
  prompt: unknown;
  model?: unknown;
  n?: unknown;
  size?: unknown;
  aspect_ratio?: unknown;
  response_format?: unknown;
}

function responseFormat(v: unknown): ResponseFormat {
  if (v === undefined || v === null || v === 'b64_json') return 'b64_json';
  if (v === 'url') return 'url';
  throw new BadRequestError("Invalid 'response_format': expected b64_json or url.", 'response_format');
}

function count(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 10)
    throw new BadRequestError("Invalid 'n': expected an integer from 1 to 10.", 'n');
  return n;
}

function run(ctx: HttpContext, res: ServerResponse, ask: ImageAsk, attachments: Attachment[], label: string): void {
  if (typeof ask.prompt !== 'string' || ask.prompt.trim() === '')
    throw new BadRequestError("Missing required parameter: 'prompt'.", 'prompt', 'missing_required_parameter');
  const model = imageModel(ctx, ask.model);
  const settings = imageSettings(model, ask.size, ask.aspect_ratio);
  const format = responseFormat(ask.response_format);
  const n = answersWanted(ctx, count(ask.n));
  const job: JobRequest = {
    model: model.id,
    systemInstruction: null,
    prompt: ask.prompt,
    settings: { stopSequences: [], ...settings },
    ...(attachments.length ? { attachments } : {}),
  };
  const id = `img_${randomBytes(12).toString('base64url')}`;
  res.setHeader('x-request-id', id);
  const translated: Translated = {
    job,
    model: model.id,
    requestedModel: typeof ask.model === 'string' ? ask.model : model.id,
    stream: false,
    includeUsage: false,
    stop: [],
    promptText: ask.prompt,
    toolChoice: { mode: 'auto' },
  };
  const plan = planFor(translated, { label, id, stream: false, jobs: Array(n).fill(job) });
  new JobRun(ctx, res, plan, (r) => new ImagesOutput(ctx, res, r, format)).start();
}

/** POST /v1/images/generations (JSON). */
export function handleGenerations(ctx: HttpContext, res: ServerResponse, body: unknown): void {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new BadRequestError('The request body must be a JSON object.', null, 'invalid_body');
  run(ctx, res, body as ImageAsk, [], 'image generation');
}

const IMAGE_TYPES = /^image\/(png|jpeg|webp|gif|heic|heif)$/;

/** POST /v1/images/edits (multipart): the reference images are uploaded to the page with the prompt. */
export function handleEdits(ctx: HttpContext, req: IncomingMessage, res: ServerResponse, form: FormPart[]): void {
  const field = (name: string): string | undefined => {
    const p = form.find((f) => f.name === name && f.filename === null);
    return p ? p.data.toString('utf8') : undefined;
  };
  if (form.some((f) => f.name === 'mask'))
    throw new BadRequestError(
      "'mask' is not supported: AI Studio edits follow the prompt (describe the area to change).",
      'mask',
      'unsupported_parameter',
    );
  const images = form.filter((f) => f.name === 'image' || f.name === 'image[]');
  if (images.length === 0)
    throw new BadRequestError("Missing required parameter: 'image'.", 'image', 'missing_required_parameter');
  const attachments = images.map((f, i): Attachment => {
    const mimeType = f.contentType && IMAGE_TYPES.test(f.contentType) ? f.contentType : sniff(f.data);
    if (!mimeType)
      throw new BadRequestError(`'image' ${i + 1} is not a PNG, JPEG, WebP or GIF image.`, 'image', 'invalid_image');
    return {
      name: f.filename || `image-${i + 1}.${mimeType.split('/')[1]}`,
      mimeType,
      data: f.data.toString('base64'),
    };
  });
  void req;
  run(
    ctx,
    res,
    {
      prompt: field('prompt'),
      model: field('model'),
      n: field('n'),
      size: field('size'),
      aspect_ratio: field('aspect_ratio'),
      response_format: field('response_format'),
    },
    attachments,
    'image edit',
  );
}

function sniff(b: Buffer): string | null {
  if (b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
  if (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'image/webp';
  if (b.subarray(0, 3).toString('latin1') === 'GIF') return 'image/gif';
  return null;
}
