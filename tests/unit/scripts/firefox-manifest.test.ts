import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firefoxManifest, type ChromeManifest } from '../../../scripts/firefox/manifest.ts';
import { FIREFOX_EXTENSION_ID } from '../../../protocol/extension-id.ts';

const source = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../manifest.json'), 'utf8'),
) as ChromeManifest;
const outputs = {
  background: 'background.js',
  scripts: { 'extension/page/tap.iife.ts': 'page/tap.js', 'extension/content/index.ts': 'content/index.js' },
  popup: 'popup/index.html',
};

describe('the Firefox manifest, generated from manifest.json', () => {
  const m = firefoxManifest(source, outputs);

  it('runs the background as an event page and pins the gecko id and the first Firefox with MAIN-world scripts', () => {
    expect(m.background).toEqual({ scripts: ['background.js'] });
    expect(m.browser_specific_settings).toEqual({ gecko: { id: FIREFOX_EXTENSION_ID, strict_min_version: '128.0' } });
  });

  it("lets the background reach ws://127.0.0.1 (Firefox's default CSP upgrades it to wss://) and drops Chrome-only keys", () => {
    expect(m.content_security_policy).toEqual({ extension_pages: "script-src 'self'" });
    expect(m).not.toHaveProperty('key');
    expect(m).not.toHaveProperty('minimum_chrome_version');
  });

  it('keeps everything else as the Chrome manifest says: permissions, hosts, locales, content-script worlds and timing', () => {
    for (const key of [
      'manifest_version',
      'name',
      'version',
      'description',
      'default_locale',
      'permissions',
      'host_permissions',
    ]) {
      expect(m[key], key).toEqual(source[key]);
    }
    expect(m.action).toEqual({ ...source.action, default_popup: 'popup/index.html' });
    expect(m.content_scripts).toEqual([
      { matches: ['https://aistudio.google.com/*'], js: ['page/tap.js'], world: 'MAIN', run_at: 'document_start' },
      { matches: ['https://aistudio.google.com/*'], js: ['content/index.js'], run_at: 'document_start' },
    ]);
  });

  it('refuses a content script the Firefox build does not bundle', () => {
    expect(() => firefoxManifest(source, { ...outputs, scripts: {} })).toThrow(
      /no Firefox output for content script extension\/page\/tap\.iife\.ts/,
    );
  });
});
