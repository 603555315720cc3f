// The records of one planned answer, in either wire variant (sim/README.md "Wire formats"): each
// record is one element of the streamed outer array, with the text/thought it carries so the run
// log knows what went out.

import type { AnswerPlan } from './answers.ts';
import type { WireVariant } from './scenarios.ts';
import {
  callPart2026,
  finishOnlyFrame,
  frame2026,
  responseId,
  SIGNATURE,
  signaturePart,
  trailerFrame,
} from './wire/frames-2026.ts';
import { encodeGrounding } from './wire/grounding.ts';
import {
  callPart,
  chunkJson,
  codePart,
  codeResultPart,
  imagePart,
  stripCtrlMarkers,
  textPart,
  thoughtPart,
  type Usage,
  type WirePart,
} from './wire/response.ts';
import { IMAGE_TOKENS } from './answer-extras.ts';

export interface WireRecord {
  json: string;
  text?: string;
  thought?: string;
}

const words = (s: string): number => (s.match(/\S+/g) ?? []).length;

function usageOf(plan: AnswerPlan, promptWords: number): Usage {
  const images = (plan.images?.length ?? 0) * IMAGE_TOKENS;
  return {
    promptTokens: promptWords,
    candidatesTokens: words(plan.answer) + images,
    thoughtsTokens: words(plan.thoughts),
  };
}

/** Parts beyond text, in stream order: draft images (thoughts), code and its result, final images (with a signature). */
function extraParts(plan: AnswerPlan): { before: WirePart[]; after: WirePart[] } {
  const before: WirePart[] = (plan.draftImages ?? []).map((d) => imagePart(d.mimeType, d.data, { draft: true }));
  if (plan.code) before.push(codePart(plan.code.code), codeResultPart(plan.code.outcome, plan.code.output));
  const after = (plan.images ?? []).map((i) => imagePart(i.mimeType, i.data, { signature: SIGNATURE }));
  return { before, after };
}

const groundingOf = (plan: AnswerPlan): unknown[] | undefined =>
  plan.grounding ? encodeGrounding(plan.grounding) : undefined;

export function wireRecords(
  plan: AnswerPlan,
  promptWords: number,
  wire: WireVariant,
  runIndex: number,
  finishOnly = false,
): WireRecord[] {
  return wire === '2026' ? records2026(plan, promptWords, runIndex, finishOnly) : recordsDefault(plan, promptWords);
}

function recordsDefault(plan: AnswerPlan, promptWords: number): WireRecord[] {
  const out: WireRecord[] = [];
  const extra = extraParts(plan);
  for (const t of plan.thoughtPieces) out.push({ json: chunkJson(thoughtPart(t)), thought: t });
  for (const p of extra.before) out.push({ json: chunkJson(p) });
  for (const t of plan.answerPieces) out.push({ json: chunkJson(textPart(t)), text: stripCtrlMarkers(t) });
  for (const p of extra.after) out.push({ json: chunkJson(p) });
  // The real stream repeats a function call across chunks; consumers de-duplicate (docs/aistudio-wire.md#function-call-arguments).
  for (const c of plan.functionCalls)
    for (let i = 0; i < 2; i++) out.push({ json: chunkJson(callPart(c.name, c.args)) });
  out.push({ json: chunkJson(textPart(''), plan.finishCode, usageOf(plan, promptWords), groundingOf(plan)), text: '' });
  return out;
}

/**
 * 2026 frames: thoughts, then a signature-only part, the answer, the calls (each with its own
 * call id, each sent twice like the default variant so a consumer must de-duplicate by id, not by
 * name and arguments), the closing frame (empty text part, or finish-only), then a trailer.
 */
function records2026(plan: AnswerPlan, promptWords: number, runIndex: number, finishOnly: boolean): WireRecord[] {
  const id = responseId(runIndex);
  const out: WireRecord[] = [];
  const extra = extraParts(plan);
  for (const t of plan.thoughtPieces) out.push({ json: frame2026(id, [thoughtPart(t)]), thought: t });
  if (plan.thoughtPieces.length > 0) out.push({ json: frame2026(id, [signaturePart()]) });
  for (const p of extra.before) out.push({ json: frame2026(id, [p]) });
  for (const t of plan.answerPieces) out.push({ json: frame2026(id, [textPart(t)]), text: stripCtrlMarkers(t) });
  for (const p of extra.after) out.push({ json: frame2026(id, [p]) });
  const calls = plan.functionCalls.map((c, i) => callPart2026(c.name, c.args, `${runIndex.toString(36)}sim${i}call`));
  for (let i = 0; i < 2 && calls.length > 0; i++) out.push({ json: frame2026(id, calls) });
  const usage = usageOf(plan, promptWords);
  out.push({
    json: finishOnly
      ? finishOnlyFrame(id, plan.finishCode, usage)
      : frame2026(id, [textPart('')], plan.finishCode, usage, groundingOf(plan)),
    text: '',
  });
  out.push({ json: trailerFrame(runIndex + 1) });
  return out;
}
