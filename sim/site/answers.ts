// What a run answers: turns a parsed request + scenario into the text, thoughts and calls to
// stream, after honouring stop sequences and maxOutputTokens (1 token = 1 whitespace-separated word).

import type { ScenarioSpec } from './scenarios.ts';
import { stripKeywords } from './scenarios.ts';
import type { Grounding } from './wire/grounding.ts';
import type { Attachment, FunctionCall, FunctionDeclaration, GenerateRequest } from './wire/request.ts';
import type { JsonValue } from './wire/typed-args.ts';

export type FinishReason = 'stop' | 'length';

export interface AnswerPlan {
  /** Clean answer text a client should end up with. */
  answer: string;
  /** The answer split into the text records to stream (may carry `<ctrlNN>` markers). */
  answerPieces: string[];
  thoughts: string;
  thoughtPieces: string[];
  functionCalls: FunctionCall[];
  finishReason: FinishReason;
  /** Gemini finish reason number on the wire: the scenario's `finish`, else 2 when cut, else 1. */
  finishCode: number;
  /** Set by answer-extras.ts from the page's settings: generated images (and their drafts), code run, sources. */
  images?: Attachment[];
  draftImages?: Attachment[];
  code?: { code: string; outcome: number; output: string };
  grounding?: Grounding | null;
}

const ROLE_LABEL = /^\s*(system|user|human|assistant|model|ai|developer|tool)\s*:\s*/gim;

/** The prompt's words without sim keywords and without the role labels a bridge may prefix lines with. */
export function promptCore(prompt: string): string {
  return stripKeywords(prompt).replace(ROLE_LABEL, '').replace(/\s+/g, ' ').trim();
}

function echoAnswer(prompt: string, model: string): string {
  const core = promptCore(prompt);
  const words = core ? core.split(' ').length : 0;
  const quoted = core.length > 160 ? `${core.slice(0, 157)}...` : core;
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  return (
    `You said: "${quoted}". This answer comes from the simulated AI Studio running ${model}. ` +
    `Your message had ${plural(words, 'word')} and ${plural(core.length, 'character')}. Nothing here was written by a real model.`
  );
}

/** Splits text into pieces of `wordsPerPiece` words, whitespace kept, so the pieces join back exactly. */
function splitWords(text: string, wordsPerPiece: number): string[] {
  const tokens = text.match(/\s*\S+/g) ?? [];
  const pieces: string[] = [];
  for (let i = 0; i < tokens.length; i += wordsPerPiece) pieces.push(tokens.slice(i, i + wordsPerPiece).join(''));
  const tail = text.slice(pieces.join('').length);
  if (tail) pieces.push(tail);
  return pieces.length ? pieces : [text];
}

function splitInto(text: string, n: number): string[] {
  const tokens = text.match(/\s*\S+/g) ?? [text];
  const per = Math.max(1, Math.ceil(tokens.length / Math.max(1, n)));
  return splitWords(text, per);
}

function longText(chunks: number): string {
  return Array.from({ length: chunks }, (_, i) => `${i === 0 ? '' : ' '}Part ${i + 1} of ${chunks}.`).join('');
}

function filler(words: number): string {
  return Array.from({ length: words }, (_, i) => `word${i + 1}`).join(' ');
}

function applyStops(text: string, stops: string[]): { text: string; stopped: boolean } {
  let cut = -1;
  for (const s of stops) {
    const i = s ? text.indexOf(s) : -1;
    if (i >= 0 && (cut < 0 || i < cut)) cut = i;
  }
  return cut < 0 ? { text, stopped: false } : { text: text.slice(0, cut), stopped: true };
}

function applyMaxTokens(text: string, maxTokens: number): { text: string; truncated: boolean } {
  const tokens = text.match(/\s*\S+/g) ?? [];
  if (tokens.length <= maxTokens) return { text, truncated: false };
  return { text: tokens.slice(0, Math.max(0, maxTokens)).join(''), truncated: true };
}

function sampleValue(schema: unknown, key: string, depth: number): JsonValue {
  const s = (schema && typeof schema === 'object' ? schema : {}) as {
    type?: unknown;
    properties?: unknown;
    items?: unknown;
    enum?: unknown;
  };
  const type = typeof s.type === 'string' ? s.type.toLowerCase() : 'string';
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0] as JsonValue;
  if (type === 'number') return 21.5;
  if (type === 'integer') return 3;
  if (type === 'boolean') return true;
  if (type === 'array') return depth > 3 ? [] : [sampleValue(s.items, key, depth + 1)];
  if (type === 'object') return depth > 3 ? {} : sampleObject(s.properties, depth + 1);
  return key.toLowerCase().includes('city') || key.toLowerCase().includes('location') ? 'Paris' : `sample ${key}`;
}

function sampleObject(properties: unknown, depth: number): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  if (properties && typeof properties === 'object') {
    for (const [k, v] of Object.entries(properties)) out[k] = sampleValue(v, k, depth);
  }
  return out;
}

const DEFAULT_CALL: FunctionCall = {
  name: 'get_weather',
  args: { city: 'Paris', days: 3, metric: true, hours: [9, 12], place: { country: 'FR', zip: null } },
};

function plannedCall(spec: ScenarioSpec, decls: FunctionDeclaration[] | null): FunctionCall {
  const decl = decls?.find((d) => d.name === spec.functionName) ?? decls?.[0];
  const name = spec.functionName ?? decl?.name ?? DEFAULT_CALL.name;
  if (spec.functionArgs) return { name, args: spec.functionArgs };
  if (!decl) return { ...DEFAULT_CALL, name };
  const params = decl.parameters as { properties?: unknown } | undefined;
  return { name, args: sampleObject(params?.properties, 0) };
}

function withCtrl(pieces: string[]): string[] {
  return pieces.map((p, i) => (i % 3 === 1 ? `<ctrl46>${p}` : p));
}

export function planAnswer(req: GenerateRequest, spec: ScenarioSpec): AnswerPlan {
  const prompt = req.contents.at(-1)?.text ?? '';
  const thinkingOn = req.thinking?.includeThoughts ?? false;
  let raw: string;
  if (spec.text !== undefined) raw = spec.text;
  else if (spec.name === 'long') raw = longText(spec.chunks ?? 40);
  else if (spec.name === 'max-tokens') raw = filler(spec.words ?? 400);
  else raw = echoAnswer(prompt, req.model);

  const stopped = applyStops(raw, req.stopSequences);
  const capped = applyMaxTokens(stopped.text, req.maxOutputTokens);
  // A call-only turn and a refused (quota) run carry no answer text.
  const noText = ['function-call', 'quota', 'rpc-error', 'blocked'].includes(spec.name);
  const answer = noText ? '' : capped.text;
  let answerPieces = spec.name === 'long' ? splitInto(answer, spec.chunks ?? 40) : splitWords(answer, 3);
  if (answer === '') answerPieces = [];
  if (spec.ctrl) answerPieces = withCtrl(answerPieces);

  const thoughts =
    spec.name === 'thinking' && thinkingOn && !noText
      ? (spec.thoughts ??
        `**Reading the request**\n\nThe user wrote ${promptCore(prompt).split(' ').length} words. I will answer them plainly and briefly.`)
      : '';
  return {
    answer,
    answerPieces,
    thoughts,
    thoughtPieces: thoughts ? splitWords(thoughts, 4) : [],
    functionCalls:
      spec.name === 'function-call'
        ? new Array<FunctionCall>(Math.max(1, spec.calls ?? 1)).fill(plannedCall(spec, req.tools.functionDeclarations))
        : [],
    finishReason: capped.truncated && !noText ? 'length' : 'stop',
    finishCode: spec.finish ?? (capped.truncated && !noText ? 2 : 1),
  };
}
