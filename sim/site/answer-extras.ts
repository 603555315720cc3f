// What a run answers beyond text, decided by the page's settings only (no prompt markers): an
// image model answers with an image (after a draft flagged as a thought), Structured output with
// JSON that follows the schema, Code execution with code and its result, Google Search / URL
// context with sources (sim/README.md "Beyond text").

import { promptCore, type AnswerPlan } from './answers.ts';
import { gradientPng, imageDimensions, noisePng } from './png.ts';
import type { ScenarioSpec } from './scenarios.ts';
import { supportsFor, type Grounding, type Source } from './wire/grounding.ts';
import { findModel } from './wire/models.ts';
import type { Attachment, GenerateRequest } from './wire/request.ts';
import type { JsonValue } from './wire/typed-args.ts';

interface CodeRun {
  code: string;
  outcome: number;
  output: string;
}

/** Tokens one generated image costs in the usage, as the public Gemini API counts a 1K image. */
export const IMAGE_TOKENS = 1290;

function isImageRun(req: GenerateRequest): boolean {
  return Boolean(findModel(req.model)?.image) || (req.responseModalities ?? []).includes('IMAGE');
}

/** The final image (and its draft) for an image model's run. */
function planImages(req: GenerateRequest, spec: ScenarioSpec): { images: Attachment[]; drafts: Attachment[] } {
  const prompt = promptCore(req.contents.at(-1)?.text ?? '');
  const png = (b: Buffer): Attachment => ({ mimeType: 'image/png', data: b.toString('base64') });
  if (spec.imageBytes !== undefined) return { images: [png(noisePng(spec.imageBytes))], drafts: [] };
  const { width, height } = imageDimensions(req.imageConfig?.aspectRatio ?? null, req.imageConfig?.imageSize ?? null);
  // Edits: the reference images take part in the seed, so an edit differs from a plain generation.
  const refs = (req.contents.at(-1)?.attachments ?? []).map((a) => a.data.slice(0, 64)).join('');
  return {
    images: [png(gradientPng(width, height, prompt + refs))],
    drafts: [png(gradientPng(64, Math.max(1, Math.round((64 * height) / width)), `draft ${prompt}`))],
  };
}

type Schema = { [key: string]: JsonValue };
const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function sample(schema: unknown, key: string, depth: number): JsonValue {
  const s = isObj(schema) ? schema : {};
  const type = typeof s.type === 'string' ? s.type.toLowerCase() : isObj(s.properties) ? 'object' : 'string';
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0] as JsonValue;
  const min = typeof s.minimum === 'number' ? s.minimum : null;
  const max = typeof s.maximum === 'number' ? s.maximum : null;
  const clamp = (n: number): number => Math.min(max ?? Infinity, Math.max(min ?? -Infinity, n));
  if (type === 'number') return clamp(21.5);
  if (type === 'integer') return Math.round(clamp(3));
  if (type === 'boolean') return true;
  if (type === 'array') {
    const n = Math.max(1, Number(s.minItems ?? 1));
    return depth > 4 ? [] : Array.from({ length: n }, () => sample(s.items, key, depth + 1));
  }
  if (type === 'object') {
    const out: Schema = {};
    if (depth <= 4 && isObj(s.properties))
      for (const [k, v] of Object.entries(s.properties)) out[k] = sample(v, k, depth + 1);
    return out;
  }
  if (s.format === 'date-time') return '2026-12-07T12:00:00Z';
  if (s.format === 'date') return '2026-12-07';
  return /city|location/i.test(key) ? 'Paris' : `sample ${key}`;
}

/** The JSON answer of a Structured output run: the schema's sample, or `{"answer": …}` without a schema. */
function structuredAnswer(req: GenerateRequest, echo: string): string {
  if (req.responseSchema) return JSON.stringify(sample(req.responseSchema, 'value', 0));
  return JSON.stringify({ answer: echo });
}

/** Code execution: a short Python program counting the prompt's words, and what it printed. */
function planCode(req: GenerateRequest): CodeRun {
  const core = promptCore(req.contents.at(-1)?.text ?? '');
  const words = core ? core.split(' ').length : 0;
  return { code: `text = ${JSON.stringify(core)}\nprint(len(text.split()))\n`, outcome: 1, output: `${words}\n` };
}

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

/** Sources: the URLs in the prompt (URL context) and two search results (Google Search), with each sentence supported. */
function planGrounding(req: GenerateRequest, answer: string): Grounding | null {
  if (!answer || !(req.tools.googleSearch || req.tools.urlContext)) return null;
  const prompt = req.contents.at(-1)?.text ?? '';
  const sources: Source[] = [];
  if (req.tools.urlContext) {
    for (const m of prompt.matchAll(/https?:\/\/[^\s"'<>)\]]+/g)) {
      const uri = m[0].replace(/[.,;:!?]+$/, '');
      if (!sources.some((s) => s.uri === uri)) sources.push({ uri, title: new URL(uri).hostname });
    }
  }
  const queries: string[] = [];
  if (req.tools.googleSearch) {
    const core = promptCore(prompt);
    queries.push(core.length > 80 ? core.slice(0, 80) : core);
    const id = hash(core);
    for (const title of ['en.wikipedia.org', 'developers.google.com'])
      sources.push({
        uri: `https://vertexaisearch.cloud.google.com/grounding-api-redirect/sim-${id}-${sources.length}`,
        title,
      });
  }
  if (sources.length === 0) return null;
  return { queries, sources, supports: supportsFor(answer, sources.length) };
}

const NO_TEXT = ['function-call', 'quota', 'rpc-error', 'blocked'];

function splitChars(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** The plan of planAnswer with what the page's settings add: image, JSON, code, sources. */
export function withExtras(plan: AnswerPlan, req: GenerateRequest, spec: ScenarioSpec): AnswerPlan {
  if (NO_TEXT.includes(spec.name)) return plan;
  const out: AnswerPlan = { ...plan };
  if (isImageRun(req) && spec.text === undefined) {
    const { images, drafts } = planImages(req, spec);
    Object.assign(out, { answer: '', answerPieces: [], images, draftImages: drafts });
    return out;
  }
  if (req.responseMimeType === 'application/json' && spec.text === undefined) {
    out.answer = structuredAnswer(req, plan.answer);
    out.answerPieces = splitChars(out.answer, 24);
  }
  if (req.tools.codeExecution) out.code = planCode(req);
  out.grounding = planGrounding(req, out.answer);
  return out;
}
