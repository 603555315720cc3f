import { describe, expect, it } from 'vitest';
import { accountLabel, MAX_ACCOUNT_LABEL } from '../../../protocol/account.ts';

// The label is what /health, logs and x-aistudio-account show: never a whole address.
describe('accountLabel', () => {
  it('keeps the first letter of the mailbox and the whole host', () => {
    expect(accountLabel('alice@gmail.com')).toBe('a…@gmail.com');
    expect(accountLabel('  alice.doe+ai@mail.example.co.uk\n')).toBe('a…@mail.example.co.uk');
  });

  it('reduces every address inside a longer text and leaves the rest as written', () => {
    expect(accountLabel('Google Account: Alice Doe (alice.doe@example.org)')).toBe(
      'Google Account: Alice Doe (a…@example.org)',
    );
    expect(accountLabel('<bob@b.io>, carol@c.io')).toBe('<b…@b.io>, c…@c.io');
  });

  it('does not take a name without a dotted host for an address', () => {
    expect(accountLabel('alice@localhost')).toBe('alice@localhost');
    expect(accountLabel('alice@gmail.')).toBe('alice@gmail.');
    expect(accountLabel('@gmail.com')).toBe('@gmail.com');
    expect(accountLabel('alice@.com')).toBe('alice@.com');
    expect(accountLabel('Team (2026)')).toBe('Team (2026)');
  });

  it('cuts to the maximum length after reducing', () => {
    expect(accountLabel('x'.repeat(300))).toBe('x'.repeat(MAX_ACCOUNT_LABEL));
    const host = `${'h'.repeat(70)}.com`;
    expect(accountLabel(`alice@${host}`)).toBe(`a…@${host}`.slice(0, MAX_ACCOUNT_LABEL));
    expect(MAX_ACCOUNT_LABEL).toBe(64);
  });
});
