import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGES, pickLang, translator } from '../../../dashboard/src/i18n.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const popup = (lang: string): Record<string, { message: string }> =>
  JSON.parse(readFileSync(join(ROOT, 'extension', '_locales', lang, 'messages.json'), 'utf8')) as Record<
    string,
    { message: string }
  >;

describe('the dashboard’s words', () => {
  it('says the next step exactly as the popup does, in both languages', () => {
    const shared = Object.keys(MESSAGES.en).filter((k) => k.startsWith('next') && k in popup('en'));
    expect(shared).toEqual(
      expect.arrayContaining(['nextLabel', 'nextWait', 'nextUse', 'nextSignIn', 'nextPageChanged', 'nextUpdateBridge']),
    );
    for (const [lang, dir] of [
      ['en', 'en'],
      ['zh-CN', 'zh_CN'],
    ] as const)
      for (const key of shared)
        expect(MESSAGES[lang][key as keyof (typeof MESSAGES)['en']], `${lang} ${key}`).toBe(popup(dir)[key]?.message);
  });

  it('has every sentence in Chinese, with the same $n placeholders', () => {
    for (const [key, en] of Object.entries(MESSAGES.en)) {
      const zh = MESSAGES['zh-CN'][key as keyof (typeof MESSAGES)['en']];
      expect(zh, key).toBeTruthy();
      expect(zh.match(/\$\d/g)?.sort() ?? [], key).toEqual(en.match(/\$\d/g)?.sort() ?? []);
    }
  });

  it('follows the browser’s first language until the person picks one', () => {
    expect(pickLang(null, ['zh-CN', 'en'])).toBe('zh-CN');
    expect(pickLang(null, ['zh-TW'])).toBe('zh-CN');
    expect(pickLang(null, ['en-GB', 'zh-CN'])).toBe('en');
    expect(pickLang(null, [])).toBe('en');
    expect(pickLang('en', ['zh-CN'])).toBe('en');
    expect(translator('en')('nextUse', 'http://127.0.0.1:2048/v1')).toBe(
      'point any OpenAI client at `http://127.0.0.1:2048/v1`',
    );
  });
});
