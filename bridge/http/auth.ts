import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The key a client sent: `Authorization: Bearer`, `x-api-key` (Anthropic style), `x-goog-api-key` or `?key=` (Gemini style). */
export function presentedKey(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  // Node never hands on a header value with a line break, and `auth` is trimmed: one `\s` then a
  // non-empty rest is the whole grammar; the rest is trimmed again for `Bearer   sk-…`.
  const token = auth === undefined ? undefined : /^Bearer\s(.+)/i.exec(auth.trim())?.[1];
  if (token) return token.trim();
  const x = req.headers['x-api-key'] ?? req.headers['x-goog-api-key'];
  const value = Array.isArray(x) ? x[0] : x;
  if (value) return value.trim();
  const key = new URLSearchParams(req.url?.split('?')[1]).get('key');
  return key ? key.trim() : null;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Constant-time check against every configured key (hashing first equalises lengths). */
export function keyAccepted(key: string | null, keys: readonly string[]): boolean {
  if (key === null) return false;
  const given = digest(key);
  let ok = false;
  for (const k of keys) ok = timingSafeEqual(given, digest(k)) || ok;
  return ok;
}
