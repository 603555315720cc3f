import type { IncomingMessage } from 'node:http';
import { NONCE_PATTERN } from '../../../protocol/pairing-proof.ts';
import { proofFor } from '../../link/proof.ts';

/**
 * The native host asks "are you the bridge that knows this token?" before it says the bridge
 * runs or hands the token to a browser: GET /health with a nonce in this header is answered with
 * `pairing_proof` = HMAC(token, health role, nonce). A header, not a query, so the nonce never
 * lands in a log line; a role of its own, so the answer is never a link proof.
 */
export const PROOF_HEADER = 'x-aistudio-bridge-nonce';

export function healthProof(req: IncomingMessage, token: string): { pairing_proof: string } | Record<string, never> {
  const nonce = req.headers[PROOF_HEADER];
  if (typeof nonce !== 'string' || !NONCE_PATTERN.test(nonce)) return {};
  return { pairing_proof: proofFor(token, 'health', [nonce]) };
}
