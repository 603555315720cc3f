/**
 * Token estimate for when the page reports no usage. Gemini's tokenizer gives roughly one token
 * per 4 characters of English/code and about one token per CJK character (Han, Kana, Hangul);
 * counting those separately keeps a Chinese conversation from being under-counted fourfold.
 */
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/g;

export function estimateTokens(text: string): number {
  return new TokenTally().add(text).tokens;
}

/** The same estimate over text that arrives in pieces, without keeping the text. */
export class TokenTally {
  private cjk = 0;
  private chars = 0;

  add(text: string): this {
    this.chars += text.length;
    this.cjk += text.match(CJK)?.length ?? 0;
    return this;
  }

  get tokens(): number {
    return this.chars === 0 ? 0 : Math.max(1, Math.ceil(this.cjk + (this.chars - this.cjk) / 4));
  }
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens: number };
}

export interface ReportedUsage {
  promptTokens?: number;
  completionTokens?: number;
  reasoningTokens?: number;
}

/** Page-reported numbers where present, estimates for the rest. */
export function buildUsage(
  reported: ReportedUsage | null,
  promptText: string,
  answerText: string | TokenTally,
  reasoningText: string | TokenTally,
): Usage {
  const estimate = (t: string | TokenTally): number => (typeof t === 'string' ? estimateTokens(t) : t.tokens);
  const reasoning = reported?.reasoningTokens ?? estimate(reasoningText);
  const prompt = reported?.promptTokens ?? estimateTokens(promptText);
  // OpenAI counts reasoning tokens inside completion_tokens; the page's count (Gemini's
  // candidatesTokenCount) leaves thoughts out, so they are added to it as to the estimate.
  const completion = (reported?.completionTokens ?? estimate(answerText)) + reasoning;
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (reasoning > 0) usage.completion_tokens_details = { reasoning_tokens: reasoning };
  return usage;
}

/** n answers to one prompt: the prompt counts once, the answers add up. */
export function combineUsage(list: readonly Usage[]): Usage {
  const [first, ...rest] = list;
  if (!first || rest.length === 0) return first ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  const completion = list.reduce((sum, u) => sum + u.completion_tokens, 0);
  const reasoning = list.reduce((sum, u) => sum + (u.completion_tokens_details?.reasoning_tokens ?? 0), 0);
  const usage: Usage = {
    prompt_tokens: first.prompt_tokens,
    completion_tokens: completion,
    total_tokens: first.prompt_tokens + completion,
  };
  if (reasoning > 0) usage.completion_tokens_details = { reasoning_tokens: reasoning };
  return usage;
}
