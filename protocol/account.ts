/**
 * An account label: how the bridge names one connected extension (one browser profile, one Google
 * account) in /health, logs and the `x-aistudio-account` header. By default the profile's signed-in
 * address as the page shows it, reduced so no full address ever reaches a log ("a…@gmail.com");
 * the person may rename it in the popup.
 */
export const MAX_ACCOUNT_LABEL = 64;

/** "alice@gmail.com" → "a…@gmail.com"; any other text is trimmed and cut to the maximum length. */
export function accountLabel(raw: string): string {
  const text = raw.trim();
  const email = /^([^\s@]+)@([^\s@]+\.[^\s@]+)$/.exec(text);
  if (email) return `${(email[1] as string).slice(0, 1)}…@${email[2] as string}`.slice(0, MAX_ACCOUNT_LABEL);
  // A full address inside a longer text ("Google Account: Alice (alice@gmail.com)") is reduced too.
  return text
    .replace(
      /([^\s@()<>]+)@([^\s@()<>]+\.[^\s@()<>]+)/g,
      (_m, user: string, host: string) => `${user.slice(0, 1)}…@${host}`,
    )
    .slice(0, MAX_ACCOUNT_LABEL);
}
