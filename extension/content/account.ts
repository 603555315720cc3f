import { accountLabel } from '../../protocol/account.ts';
import { find } from './find.ts';

/**
 * The signed-in account as the page shows it, reduced to a label ("a…@gmail.com") before it
 * leaves the page: Google's account button says "Google Account: Name (address)"
 * (docs/aistudio-page.md#signed-in-account). Null when the page shows none.
 */
export function readAccount(): string | null {
  const button = find('accountButton');
  const text = button?.getAttribute('aria-label') ?? button?.getAttribute('title') ?? '';
  const address = /[^\s@()<>]+@[^\s@()<>]+\.[^\s@()<>]+/.exec(text)?.[0];
  if (address) return accountLabel(address);
  const name = text.replace(/^Google (Account|账号)[:：]\s*/i, '').trim();
  return name ? accountLabel(name) : null;
}
