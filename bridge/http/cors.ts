import type { IncomingMessage, ServerResponse } from 'node:http';
import { EXTENSION_ID } from '../../protocol/extension-id.ts';

/**
 * CORS: with API keys configured the key protects the API, so any origin may call it (browser
 * clients such as ChatBox web or LobeChat's client mode). Without keys only allow-listed origins
 * may, because any web page could otherwise spend the user's AI Studio quota.
 * Entries without a port match every port of that scheme and host; "*" matches anything.
 */
export function originAllowed(origin: string, allowList: readonly string[], anyOrigin: boolean): boolean {
  if (anyOrigin || allowList.includes('*')) return true;
  if (origin === `chrome-extension://${EXTENSION_ID}`) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // URL.hostname keeps an IPv6 address in brackets: `http://[::1]`.
  const bare = `${url.protocol}//${url.hostname}`;
  return allowList.some((entry) => entry === origin || entry === bare || entry.replace(/\/$/, '') === origin);
}

/** Adds CORS headers for an allowed origin; for a preflight, reflects the requested headers (X-Stainless-* etc.). */
export function applyCors(req: IncomingMessage, res: ServerResponse, origin: string): void {
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader(
    'access-control-expose-headers',
    'retry-after, x-should-retry, x-request-id, x-bridge-conversation, x-bridge-structured-output, x-bridge-token-count',
  );
  if (req.method !== 'OPTIONS') return;
  res.setHeader('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
  const requested = req.headers['access-control-request-headers'];
  res.setHeader(
    'access-control-allow-headers',
    requested && requested.length > 0 ? requested : 'authorization, content-type, x-api-key, x-goog-api-key',
  );
  res.setHeader('access-control-max-age', '600');
  // Chrome's Private/Local Network Access preflight for a public page calling loopback.
  if (req.headers['access-control-request-private-network'] === 'true')
    res.setHeader('access-control-allow-private-network', 'true');
}
