import type { ChatMessage } from '../../conversation/messages.ts';
import { jsonPieces, piecesBytes } from '../../run/json-pieces.ts';
import type { Timers } from '../../timers.ts';

/** What `previous_response_id`, `item_reference` and `GET /v1/responses/{id}` need of a finished response. */
export interface StoredResponse {
  id: string;
  /** the response object as it was returned */
  body: Record<string, unknown>;
  /** the conversation up to and including this response's output (no instructions: OpenAI does not carry them over) */
  conversation: ChatMessage[];
  /** output items by id, for `{type:"item_reference", id}` inputs */
  items: ReadonlyMap<string, Record<string, unknown>>;
}

export const RESPONSE_STORE_LIMITS = { maxResponses: 200, ttlMs: 60 * 60 * 1000, maxBytes: 128 * 1024 * 1024 };

/**
 * Responses kept in memory so clients can continue with `previous_response_id` (the Responses
 * API's default, `store: true`). Bounded: the newest 200 responses, each for one hour, and
 * about 128 MiB of JSON in all (inline images make conversations large; each entry is counted
 * with its whole conversation, so shared history counts more than once and the bound errs low);
 * older ones are forgotten and asking for them is a clear 400/404. Nothing is written to disk.
 */
export class ResponseStore {
  private readonly byId = new Map<string, { entry: StoredResponse; expiresAt: number; bytes: number }>();
  private readonly itemOwner = new Map<string, string>();
  private bytes = 0;

  constructor(
    private readonly timers: Timers,
    private readonly limits = RESPONSE_STORE_LIMITS,
  ) {}

  put(entry: StoredResponse): void {
    this.prune();
    this.delete(entry.id);
    // Measured as pieces: an image in the body is counted, not copied into one string (run/json-pieces.ts).
    const bytes = piecesBytes(jsonPieces(entry.conversation)) + piecesBytes(jsonPieces(entry.body));
    if (bytes > this.limits.maxBytes) return; // too large to keep at all: continuing it is a clear 400
    this.byId.set(entry.id, { entry, expiresAt: this.timers.now() + this.limits.ttlMs, bytes });
    this.bytes += bytes;
    for (const itemId of entry.items.keys()) this.itemOwner.set(itemId, entry.id);
    while (this.byId.size > this.limits.maxResponses || this.bytes > this.limits.maxBytes) {
      const oldest = this.byId.keys().next().value as string;
      this.delete(oldest);
    }
  }

  get(id: string): StoredResponse | null {
    const found = this.byId.get(id);
    if (!found) return null;
    if (found.expiresAt <= this.timers.now()) {
      this.delete(id);
      return null;
    }
    return found.entry;
  }

  item(itemId: string): Record<string, unknown> | null {
    const owner = this.itemOwner.get(itemId);
    return owner ? (this.get(owner)?.items.get(itemId) ?? null) : null;
  }

  delete(id: string): boolean {
    const found = this.byId.get(id);
    if (!found) return false;
    this.byId.delete(id);
    this.bytes -= found.bytes;
    for (const itemId of found.entry.items.keys()) this.itemOwner.delete(itemId);
    return true;
  }

  private prune(): void {
    const now = this.timers.now();
    for (const [id, { expiresAt }] of this.byId) {
      if (expiresAt > now) break; // insertion order = expiry order
      this.delete(id);
    }
  }
}
