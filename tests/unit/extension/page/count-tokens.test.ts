import { describe, expect, it } from 'vitest';
import { isCountTokensUrl, parseCountTokens } from '../../../../extension/page/count-tokens.ts';
import { parseCounter } from '../../../../extension/content/actions/count-tokens.ts';

const RPC =
  'https://alkalimakersuite-pa.clients6.google.com/$rpc/google.internal.alkali.applications.makersuite.v1.MakerSuiteService/';

describe("the page's token count", () => {
  it('recognises only the CountTokens method', () => {
    expect(isCountTokensUrl(`${RPC}CountTokens`)).toBe(true);
    expect(isCountTokensUrl(`${RPC}CountTokens?alt=json`)).toBe(true);
    expect(isCountTokensUrl(`${RPC}GenerateContent`)).toBe(false);
    expect(isCountTokensUrl(`${RPC}CountTokensV2`)).toBe(false);
  });

  it('reads index 0 of the answer, with or without the anti-XSSI prefix, and nothing else', () => {
    expect(parseCountTokens('[1234]')).toBe(1234);
    expect(parseCountTokens(')]}\'\n[17,[["x"]]]')).toBe(17);
    expect(parseCountTokens('[0]')).toBe(0);
    expect(parseCountTokens('[null,5]')).toBeNull();
    expect(parseCountTokens('[-1]')).toBeNull();
    expect(parseCountTokens('[1.5]')).toBeNull();
    expect(parseCountTokens('{"totalTokens":3}')).toBeNull();
    expect(parseCountTokens('not json')).toBeNull();
  });

  it("reads the run settings' counter, '1,234 / 1,048,576'", () => {
    expect(parseCounter('1,234 / 1,048,576')).toBe(1234);
    expect(parseCounter('0 / 1,048,576')).toBe(0);
    expect(parseCounter('12')).toBe(12);
    expect(parseCounter(' / 1,048,576')).toBeNull();
    expect(parseCounter('')).toBeNull();
  });
});
