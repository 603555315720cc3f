import type { TapChannel } from './channel.ts';

/**
 * The page's own CountTokens calls (MakerSuiteService/CountTokens, made while a prompt is edited;
 * aistudio-2026-facts.md "Token counts"): the answer is `[count, …]`, index 0 the input tokens.
 * Read only: the tap never issues or changes one. `sentAt` lets the content script tell the count
 * of the text it typed from an older request still in flight (both worlds share the page's clock).
 */
export const isCountTokensUrl = (url: string): boolean => /\/CountTokens(?:[?#]|$)/.test(url);

/** `[count, …]` (an anti-XSSI `)]}'` prefix tolerated), else null. */
export function parseCountTokens(body: string): number | null {
  try {
    const v: unknown = JSON.parse(body.replace(/^\s*\)\]\}'\s*/, ''));
    const n = Array.isArray(v) ? (v[0] as unknown) : null;
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
  } catch {
    return null;
  }
}

export function reportCount(channel: TapChannel, body: string, sentAt: number): void {
  const tokens = parseCountTokens(body);
  if (tokens !== null) channel.send({ t: 'count', tokens, sentAt });
}
