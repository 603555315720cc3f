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
  signaturePart,
  trailerFrame,
} from './wire/frames-2026.ts';
import { callPart, chunkJson, stripCtrlMarkers, textPart, thoughtPart, type Usage } from './wire/response.ts';

export interface WireRecord {
  json: string;
  text?: string;
  thought?: string;
}

const words = (s: string): number => (s.match(/\S+/g) ?? []).length;

function usageOf(plan: AnswerPlan, promptWords: number): Usage {
  return { promptTokens: promptWords, candidatesTokens: words(plan.answer), thoughtsTokens: words(plan.thoughts) };
}

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
  for (const t of plan.thoughtPieces) out.push({ json: chunkJson(thoughtPart(t)), thought: t });
  for (const t of plan.answerPieces) out.push({ json: chunkJson(textPart(t)), text: stripCtrlMarkers(t) });
  // The real stream repeats a function call across chunks; consumers de-duplicate (docs/aistudio-wire.md#function-call-arguments).
  for (const c of plan.functionCalls)
    for (let i = 0; i < 2; i++) out.push({ json: chunkJson(callPart(c.name, c.args)) });
  out.push({ json: chunkJson(textPart(''), plan.finishCode, usageOf(plan, promptWords)), text: '' });
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
  for (const t of plan.thoughtPieces) out.push({ json: frame2026(id, [thoughtPart(t)]), thought: t });
  if (plan.thoughtPieces.length > 0) out.push({ json: frame2026(id, [signaturePart()]) });
  for (const t of plan.answerPieces) out.push({ json: frame2026(id, [textPart(t)]), text: stripCtrlMarkers(t) });
  const calls = plan.functionCalls.map((c, i) => callPart2026(c.name, c.args, `${runIndex.toString(36)}sim${i}call`));
  for (let i = 0; i < 2 && calls.length > 0; i++) out.push({ json: frame2026(id, calls) });
  const usage = usageOf(plan, promptWords);
  out.push({
    json: finishOnly
      ? finishOnlyFrame(id, plan.finishCode, usage)
      : frame2026(id, [textPart('')], plan.finishCode, usage),
    text: '',
  });
  out.push({ json: trailerFrame(runIndex + 1) });
  return out;
}
