import { describe, expect, it } from 'vitest';
import { findBrowser, looksLikeBrandedChrome, type FinderDeps } from '../../../sim/launch/find-browser.ts';

function deps(over: Partial<FinderDeps> & { files?: string[]; versions?: Record<string, number> }): FinderDeps {
  const files = new Set(over.files ?? []);
  return {
    env: over.env ?? {},
    platform: over.platform ?? 'linux',
    exists: (p) => files.has(p),
    playwrightPath: over.playwrightPath ?? (() => '/home/u/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome'),
    majorVersion: (p) => over.versions?.[p] ?? null,
  };
}

const PW = '/home/u/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome';

describe('findBrowser', () => {
  it('CHROMIUM_PATH comes first, even when others exist', () => {
    const found = findBrowser(
      deps({ env: { CHROMIUM_PATH: '/opt/my/chromium' }, files: ['/opt/my/chromium', PW, '/usr/bin/chromium'] }),
    );
    expect(found).toEqual({ ok: true, path: '/opt/my/chromium', source: 'CHROMIUM_PATH' });
  });

  it('a CHROMIUM_PATH that does not exist is an error naming it, not a silent fallback', () => {
    const found = findBrowser(deps({ env: { CHROMIUM_PATH: '/nope/chromium' }, files: [PW] }));
    expect(found.ok).toBe(false);
    if (!found.ok) expect(found.message).toMatch(/CHROMIUM_PATH is set to \/nope\/chromium, which does not exist/);
  });

  it("Playwright's downloaded Chromium comes before an installed one", () => {
    expect(findBrowser(deps({ files: [PW, '/usr/bin/chromium'] }))).toEqual({
      ok: true,
      path: PW,
      source: 'playwright',
    });
  });

  it('an expected but not downloaded Playwright Chromium is skipped', () => {
    expect(findBrowser(deps({ files: ['/usr/bin/chromium'] }))).toEqual({
      ok: true,
      path: '/usr/bin/chromium',
      source: 'installed',
    });
  });

  it('finds Chrome for Testing on macOS and Chromium on Windows', () => {
    const cft = '/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing';
    expect(
      findBrowser(deps({ platform: 'darwin', env: { HOME: '/Users/u' }, files: [cft], playwrightPath: () => null })),
    ).toMatchObject({ ok: true, path: cft });
    const win = 'C:\\Users\\u\\AppData\\Local\\Chromium\\Application\\chrome.exe';
    expect(
      findBrowser(
        deps({
          platform: 'win32',
          env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' },
          files: [win],
          playwrightPath: () => null,
        }),
      ),
    ).toMatchObject({ ok: true, path: win });
  });

  it('prefers Chromium over branded Chrome installed alongside', () => {
    const found = findBrowser(deps({ files: ['/usr/bin/google-chrome', '/snap/bin/chromium'] }));
    expect(found).toMatchObject({ ok: true, path: '/snap/bin/chromium' });
  });

  it('refuses branded Chrome 137+ and says why', () => {
    const found = findBrowser(deps({ files: ['/usr/bin/google-chrome'], versions: { '/usr/bin/google-chrome': 139 } }));
    expect(found.ok).toBe(false);
    if (!found.ok) {
      expect(found.message).toContain('Found Google Chrome 139 at /usr/bin/google-chrome');
      expect(found.message).toContain('ignore --load-extension');
      expect(found.message).toContain('npx playwright install chromium');
    }
  });

  it('accepts an older branded Chrome that still loads unpacked extensions', () => {
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    const found = findBrowser(
      deps({
        platform: 'darwin',
        env: { HOME: '/Users/u' },
        files: [mac],
        versions: { [mac]: 136 },
        playwrightPath: () => null,
      }),
    );
    expect(found).toMatchObject({ ok: true, path: mac });
  });

  it('refuses branded Chrome given as CHROMIUM_PATH too', () => {
    const found = findBrowser(
      deps({ env: { CHROMIUM_PATH: '/opt/google/chrome/chrome' }, files: ['/opt/google/chrome/chrome'] }),
    );
    expect(found.ok).toBe(false);
  });

  it('nothing installed: one message with the exact commands for the platform', () => {
    const linux = findBrowser(deps({ files: [] }));
    expect(linux.ok).toBe(false);
    if (!linux.ok) {
      expect(linux.message).toContain('npx playwright install chromium');
      expect(linux.message).toContain('sudo apt-get install chromium');
    }
    const mac = findBrowser(deps({ platform: 'darwin', files: [], playwrightPath: () => null }));
    if (!mac.ok) expect(mac.message).toContain('brew install --cask chromium');
  });
});

describe('looksLikeBrandedChrome', () => {
  it.each([
    ['/usr/bin/google-chrome', true],
    ['/usr/bin/google-chrome-stable', true],
    ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', true],
    ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', true],
    ['/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing', false],
    ['/home/u/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome', false],
    ['/usr/bin/chromium', false],
  ])('%s → %s', (path, branded) => expect(looksLikeBrandedChrome(path)).toBe(branded));
});
