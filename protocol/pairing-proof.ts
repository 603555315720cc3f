/**
 * Mutual proof of the pairing token (protocol 2). Neither side ever sends the token: each sends
 * HMAC-SHA-256(token, proofText(role, nonces)) over nonces both sides chose, so a process that
 * listens on the bridge port without knowing the token learns nothing it can replay, and the
 * extension tells such a listener nothing (no token, no account label) before the bridge proved
 * itself. The role is part of the text, so one side's proof is never the other side's.
 *
 * WebCrypto only: the same code runs in Chrome's and Firefox's extension workers and in Node
 * (tests, fake peers); the bridge computes its side with node:crypto (bridge/link/proof.ts).
 */
export type ProofRole = 'bridge' | 'extension' | 'health';

/** 32 random bytes, base64url: 43 characters. */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

export function proofText(role: ProofRole, nonces: readonly string[]): string {
  return `aistudio-bridge pairing proof v2\n${role}\n${nonces.join('\n')}`;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

export function newNonce(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

function hmacKey(token: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(token), { name: 'HMAC', hash: 'SHA-256' }, false, [
    usage,
  ]);
}

export async function signProof(token: string, role: ProofRole, nonces: readonly string[]): Promise<string> {
  const key = await hmacKey(token, 'sign');
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(proofText(role, nonces)));
  return toBase64Url(new Uint8Array(mac));
}

/** crypto.subtle.verify compares in constant time (BoringSSL, NSS and OpenSSL all do). */
export async function verifyProof(
  token: string,
  role: ProofRole,
  nonces: readonly string[],
  proof: string,
): Promise<boolean> {
  const mac = fromBase64Url(proof);
  if (!token || !mac) return false;
  const key = await hmacKey(token, 'verify');
  return crypto.subtle.verify('HMAC', key, mac, new TextEncoder().encode(proofText(role, nonces)));
}
