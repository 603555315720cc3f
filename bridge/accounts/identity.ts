import { createHmac } from 'node:crypto';
import { ACCOUNT_ID_KEY, ACCOUNT_ID_PATTERN, accountIdFromDigest, normaliseAddress } from '../../protocol/account.ts';

/**
 * The identity the page computes for an address (extension/content/account-id.ts), computed here
 * for a pin given as a full address (`x-aistudio-account: alice@gmail.com`). The address is only
 * hashed, never stored or logged.
 */
export const accountIdOf = (address: string): string =>
  accountIdFromDigest(createHmac('sha256', ACCOUNT_ID_KEY).update(normaliseAddress(address), 'utf8').digest());

export const isAccountId = (text: string): boolean => ACCOUNT_ID_PATTERN.test(text.trim().toLowerCase());

/** A full address, not a reduced label: "a…@gmail.com" and its ASCII form "a...@gmail.com" are labels. */
export const looksLikeAddress = (text: string): boolean =>
  /^[^\s@…]+@[^\s@]+\.[^\s@]+$/.test(text.trim()) && !text.includes('..');
