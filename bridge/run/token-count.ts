import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { JobRequest } from '../../protocol/job.ts';
import type { Translated } from '../conversation/translate.ts';
import type { ConversationShape } from '../pool/kept-chats.ts';
import { estimateTokens } from '../conversation/usage.ts';
import type { JobPool } from '../pool/pool.ts';
import type { JobHandle } from '../pool/types.ts';
import type { Timers } from '../timers.ts';

/** Response header naming where a token count comes from: `page`, or `estimate; <why>`. */
export const TOKEN_COUNT_HEADER = 'x-bridge-token-count';

export interface TokenCountAnswer {
  tokens: number;
  /** `page`: what the page counted; `estimate; <why>`: chars/4 (and CJK) because the page could not tell */
  source: string;
}

export interface TokenCountOptions {
  /** how long a count may wait for a tab and the page, in all (default 30 s), before the estimate answers */
  waitMs?: number;
  /** counts kept by content hash (default 512) */
  maxEntries?: number;
}

/**
 * Exact token counts from the page (protocol/token-count.ts): a count job types the prompt into a
 * fresh chat of a worker tab, reads the page's own count and empties the prompt box again. Counts
 * are kept by content hash, so asking for the same prompt twice costs one count; concurrent asks
 * for the same prompt share one job. Whatever stops the page from answering (no tab that can
 * count, an older extension, files in the prompt, a busy pool, the page's silence) answers the
 * estimate instead, and says why.
 */
export class TokenCounts {
  private readonly kept = new Map<string, number>();
  private readonly pending = new Map<string, Promise<TokenCountAnswer>>();

  constructor(
    private readonly pool: JobPool,
    private readonly timers: Timers,
    private readonly opts: TokenCountOptions = {},
  ) {}

  count(t: Translated, account: string | null): Promise<TokenCountAnswer> {
    const { job } = t;
    // Files would stay in the prompt box as chips; uploading them only to count is not worth it.
    if ((job.attachments?.length ?? 0) > 0) return Promise.resolve(estimated(t, 'files are not counted by the page'));
    if (!this.pool.canCount())
      return Promise.resolve(estimated(t, 'no connected AI Studio tab can count (no tab, or the extension is older)'));
    const request: JobRequest = {
      model: job.model,
      systemInstruction: job.systemInstruction,
      prompt: job.prompt,
      settings: {},
      ...(job.tools?.length ? { tools: job.tools } : {}),
      count: true,
    };
    const key = createHash('sha256')
      .update(JSON.stringify([request, account]))
      .digest('hex');
    const known = this.kept.get(key);
    if (known !== undefined) {
      // Least recently used goes first: re-insert on every hit.
      this.kept.delete(key);
      this.kept.set(key, known);
      return Promise.resolve({ tokens: known, source: 'page' });
    }
    const running = this.pending.get(key);
    if (running) return running;
    const answer = this.ask(request, account, t.conversation).then(
      (tokens) => {
        this.remember(key, tokens);
        return { tokens, source: 'page' };
      },
      (err: unknown) => estimated(t, err instanceof Error ? err.message : String(err)),
    );
    this.pending.set(key, answer);
    void answer.finally(() => this.pending.delete(key));
    return answer;
  }

  /**
   * One count job through the pool, bounded in all by waitMs. With the conversation, a tab whose
   * kept chat holds its beginning counts it in place (only the new message typed, the page's count
   * covers the chat and the prompt) and keeps its chat.
   */
  private ask(request: JobRequest, account: string | null, conversation?: ConversationShape): Promise<number> {
    const waitMs = this.opts.waitMs ?? 30_000;
    return new Promise<number>((resolve, reject) => {
      let tokens: number | null = null;
      let handle: JobHandle | null = null;
      const timer = this.timers.setTimeout(() => handle?.cancel(`no count within ${waitMs} ms`), waitMs);
      try {
        handle = this.pool.submit(
          request,
          {
            onEvent: (event) => {
              if (event.kind === 'usage' && event.promptTokens !== undefined) tokens = event.promptTokens;
            },
            onEnd: (end) => {
              this.timers.clearTimeout(timer);
              if (!end.ok) return reject(new Error(`the page did not count: ${end.error.message}`));
              if (tokens === null) return reject(new Error('the page reported no count'));
              resolve(tokens);
            },
          },
          { account, ...(conversation ? { conversation } : {}) },
        );
      } catch (err) {
        // Refused before queueing (no tab, queue full): nothing runs.
        this.timers.clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private remember(key: string, tokens: number): void {
    this.kept.set(key, tokens);
    const max = this.opts.maxEntries ?? 512;
    for (const old of this.kept.keys()) {
      if (this.kept.size <= max) break;
      this.kept.delete(old);
    }
  }
}

/** chars/4 of the prompt and of the tools' declarations: the answer when the page cannot count. */
const estimated = (t: Translated, why: string): TokenCountAnswer => ({
  tokens: estimateTokens(t.promptText) + (t.job.tools?.length ? estimateTokens(JSON.stringify(t.job.tools)) : 0),
  source: `estimate; ${headerSafe(why)}`,
});

/** Header values are ASCII on one line; reasons may quote the page. */
const headerSafe = (text: string): string =>
  text
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, 200);

/** Counts a translated request and sets the header; surfaces then answer `tokens` in their own shape. */
export async function countForResponse(
  counts: TokenCounts | undefined,
  t: Translated,
  res: ServerResponse,
): Promise<number> {
  const pinned = res.req?.headers['x-aistudio-account'];
  const account = (Array.isArray(pinned) ? pinned[0] : pinned)?.trim() || null;
  const answer = counts ? await counts.count(t, account) : estimated(t, 'the bridge counts no tokens here');
  res.setHeader(TOKEN_COUNT_HEADER, answer.source);
  return answer.tokens;
}
