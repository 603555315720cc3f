import { describe, expect, it } from 'vitest';
import { accountPrefix, newChatUrl, writePreferences } from '../../../../extension/content/actions/model.ts';

describe('model switch by URL', () => {
  it('keeps a /u/<n>/ account prefix and encodes the model id', () => {
    expect(newChatUrl('/prompts/abc', 'gemini-2.5-flash')).toBe('/prompts/new_chat?model=gemini-2.5-flash');
    expect(newChatUrl('/u/2/prompts/new_chat', 'gemini-3-pro-preview')).toBe(
      '/u/2/prompts/new_chat?model=gemini-3-pro-preview',
    );
    expect(newChatUrl('/u/1/prompts/xyz')).toBe('/u/1/prompts/new_chat');
    expect(newChatUrl('/prompts/new_chat', 'a b&c')).toBe('/prompts/new_chat?model=a%20b%26c');
    expect(accountPrefix('/u/12/prompts/x')).toBe('/u/12');
    expect(accountPrefix('/user/1/prompts/x')).toBe('');
    expect(accountPrefix('/u/1')).toBe('');
  });

  it('writes the preference fallback (promptModel and _promptModelOverride), keeping other keys', () => {
    const data = new Map<string, string>([['aiStudioUserPreference', JSON.stringify({ theme: 'dark' })]]);
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
    } as Storage;
    writePreferences('gemini-2.5-pro', storage);
    expect(JSON.parse(data.get('aiStudioUserPreference')!)).toMatchObject({
      theme: 'dark',
      promptModel: 'models/gemini-2.5-pro',
      _promptModelOverride: 'models/gemini-2.5-pro',
      isAdvancedOpen: true,
      areToolsOpen: true,
    });
  });
});
