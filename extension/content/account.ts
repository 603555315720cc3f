import { accountLabel } from '../../protocol/account.ts';
import { accountIdentity } from './account-id.ts';
import { find } from './find.ts';

/** What Google's account button says: "Google Account: Name (address)" (docs/aistudio-page.md#signed-in-account). */
function accountText(): string {
  const button = find('accountButton');
  return button?.getAttribute('aria-label') ?? button?.getAttribute('title') ?? '';
}

const addressIn = (text: string): string | undefined => /[^\s@()<>]+@[^\s@()<>]+\.[^\s@()<>]+/.exec(text)?.[0];

/**
 * The signed-in account as the page shows it, reduced to a label ("a…@gmail.com") before it
 * leaves the page. For display only: two accounts may share a label. Null when the page shows none.
 */
export function readAccount(): string | null {
  const text = accountText();
  const address = addressIn(text);
  if (address) return accountLabel(address);
  const name = text.replace(/^Google (Account|账号)[:：]\s*/i, '').trim();
  return name ? accountLabel(name) : null;
}

/**
 * The signed-in account's identity (a keyed hash of the full address, account-id.ts): different
 * for different Google accounts, the same for one account in two browser profiles. Null when the
 * page shows no address.
 */
export function readAccountId(): string | null {
  const address = addressIn(accountText());
  return address ? accountIdentity(address) : null;
}
