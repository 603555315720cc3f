import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { proofText, type ProofRole } from '../../protocol/pairing-proof.ts';

/**
 * The bridge's side of the pairing proof (protocol/pairing-proof.ts), synchronous with
 * node:crypto so a frame handler needs no await. Same text, same HMAC as the extension's WebCrypto.
 */
export function bridgeNonce(): string {
  return randomBytes(32).toString('base64url');
}

export function proofFor(token: string, role: ProofRole, nonces: readonly string[]): string {
  return createHmac('sha256', token).update(proofText(role, nonces)).digest('base64url');
}

/** Constant-time: the expected proof is computed first, and only its (public) length is compared before. */
export function proofMatches(token: string, role: ProofRole, nonces: readonly string[], given: string): boolean {
  const expected = Buffer.from(proofFor(token, role, nonces));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
