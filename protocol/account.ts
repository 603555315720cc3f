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
