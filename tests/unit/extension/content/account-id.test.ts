import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accountIdOf } from '../../../../bridge/accounts/identity.ts';
import { accountIdentity, hmacSha256, sha256 } from '../../../../extension/content/account-id.ts';
import { ACCOUNT_ID_PATTERN, accountLabel } from '../../../../protocol/account.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('account identity computed in the page', () => {
  it('is SHA-256 and HMAC-SHA-256 as node computes them, across block boundaries and UTF-8', () => {
    for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'x'.repeat(200), '账号@例子.中国']) {
      expect(hex(sha256(bytes(text)))).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      expect(hex(hmacSha256(bytes('key'), bytes(text)))).toBe(createHmac('sha256', 'key').update(text).digest('hex'));
    }
    const longKey = 'k'.repeat(100);
    expect(hex(hmacSha256(bytes(longKey), bytes('m')))).toBe(createHmac('sha256', longKey).update('m').digest('hex'));
  });

  it('differs for two addresses with one label, matches the bridge, ignores case and spaces', () => {
    expect(accountLabel('alice@gmail.com')).toBe(accountLabel('andrew@gmail.com'));
    const alice = accountIdentity('alice@gmail.com');
    expect(alice).toMatch(ACCOUNT_ID_PATTERN);
    expect(alice).not.toBe(accountIdentity('andrew@gmail.com'));
    expect(accountIdentity(' Alice@Gmail.com ')).toBe(alice);
    expect(accountIdOf('alice@gmail.com')).toBe(alice);
    expect(alice).not.toContain('alice');
  });
});
