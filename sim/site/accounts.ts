import type { IncomingMessage } from 'node:http';

/**
 * Which Google account a simulated browser profile is signed in to: the cookie a test sets in that
 * profile (domain .google.com, so both the page and its RPC requests carry it). The page shows it
 * on the account button; scenarios can be set per account (quota on one profile only).
 */
const SIM_ACCOUNT_COOKIE = 'SIM_ACCOUNT';

export function accountOf(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SIM_ACCOUNT_COOKIE) return decodeURIComponent(rest.join('=')) || null;
  }
  return null;
}

/** The cookie for Playwright's `context.addCookies`. */
export function accountCookie(email: string): {
  name: string;
  value: string;
  domain: string;
  path: string;
  secure: boolean;
  sameSite: 'None';
} {
  return {
    name: SIM_ACCOUNT_COOKIE,
    value: encodeURIComponent(email),
    domain: '.google.com',
    path: '/',
    secure: true,
    sameSite: 'None',
  };
}
