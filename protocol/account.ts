/**
 * An account label: how the bridge names one connected extension (one browser profile, one Google
 * account) in /health, logs and the `x-aistudio-account` header. By default the profile's signed-in
 * address as the page shows it, reduced so no full address ever reaches a log ("a…@gmail.com");
 * the person may rename it in the popup.
 */
export const MAX_ACCOUNT_LABEL = 64;

/**
 * "alice@gmail.com" → "a…@gmail.com", also inside a longer text ("Google Account: Alice
 * (alice@gmail.com)" → "… (a…@gmail.com)"); the text is trimmed and cut to the maximum length.
 * Only the part before `@` is reduced, so the host is only looked ahead at, not rewritten.
 */
export function accountLabel(raw: string): string {
  return raw
    .trim()
    .replace(/([^\s@()<>]+)@(?=[^\s@()<>]+\.[^\s@()<>])/g, (_m, user: string) => `${user.slice(0, 1)}…@`)
    .slice(0, MAX_ACCOUNT_LABEL);
}

/**
 * The key of an account's identity (extension/content/account-id.ts: HMAC-SHA-256 of the
 * normalised address). Fixed, so the same Google account has the same identity in every browser
 * profile and the bridge can match a pin given as a full address; the identity is a pseudonym for
 * routing and the quota book, not a secret (an address one already knows can be checked).
 */
export const ACCOUNT_ID_KEY = 'aistudio-bridge account identity v1';

/** Identities look like `acct-` + 16 hex digits (the first 64 bits of the HMAC). */
export const ACCOUNT_ID_PATTERN = /^acct-[0-9a-f]{16}$/;

export const normaliseAddress = (address: string): string => address.trim().toLowerCase();

export function accountIdFromDigest(digest: Uint8Array): string {
  return `acct-${Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
