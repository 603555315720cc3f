import { isLoopbackAddress } from '../../link/pairing-guard.ts';
import type { HttpContext } from '../../run/context.ts';

/**
 * /health needs no key so "is it up?" checks and the popup always work; but a bridge bound to a
 * LAN address with keys configured would otherwise show every machine on the network its account
 * labels, tabs and versions. There, without a key, /health says only its status.
 */
export function healthLimited(ctx: HttpContext, keyAccepted: boolean): boolean {
  const { apiKeys, host } = ctx.config;
  if (apiKeys.length === 0 || isLoopbackBind(host)) return false;
  return !keyAccepted;
}

function isLoopbackBind(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || isLoopbackAddress(bare);
}
