import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright';
import { EXTENSION_ID } from '../../protocol/index.ts';
import { BUILT_EXTENSION_DIR } from '../../bridge/package-root.ts';
import { CHROMIUM_FLAGS, extensionFlags, requireChromium } from './chromium.ts';

/** The built, unmodified extension (`npm run build:chrome` runs before the e2e suite); E2E_EXTENSION_DIR
 *  points the suite at another build (e.g. a deliberately broken one, to prove a test can fail). */
export const EXTENSION_DIR = process.env.E2E_EXTENSION_DIR ?? BUILT_EXTENSION_DIR;

export interface ExtensionBrowser {
  context: BrowserContext;
  /** the extension's service worker (Playwright keeps the handle across worker restarts) */
  worker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

/**
 * Chromium with the extension loaded, in a throwaway profile: the browser sim/launch/find-browser.ts
 * picks (branded Chrome 137+ ignores --load-extension, so it is refused there; docs/chrome-extension.md#testing-with-playwright). Throws
 * BrowserNotFoundError, with what to install, before creating anything.
 */
export async function launchWithExtension(
  opts: { extraArgs?: string[]; headless?: boolean; log?: (line: string) => void; env?: Record<string, string> } = {},
): Promise<ExtensionBrowser> {
  const executablePath = requireChromium();
  const profile = await mkdtemp(join(tmpdir(), 'aistudio-bridge-profile-'));
  let context: BrowserContext | null = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: opts.headless ?? true,
      ignoreHTTPSErrors: true,
      // e.g. LANGUAGE=zh_CN: Chromium on Linux takes its UI language (chrome.i18n) from there
      ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}),
      // The demo's own Ctrl-C handler closes the browser and removes the profile; Playwright's
      // would kill Chromium first and race that cleanup.
      handleSIGINT: false,
      handleSIGTERM: false,
      viewport: { width: 1280, height: 900 },
      args: [...extensionFlags(EXTENSION_DIR), ...CHROMIUM_FLAGS, ...(opts.extraArgs ?? [])],
    });
    const worker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const extensionId = worker.url().split('/')[2] ?? '';
    if (extensionId !== EXTENSION_ID)
      throw new Error(`loaded extension id ${extensionId}, expected ${EXTENSION_ID} (manifest key changed?)`);
    const log = opts.log;
    if (log) {
      worker.on('console', (m) => log(`[worker] ${m.text()}`));
      context.on('page', (p) => p.on('console', (m) => log(`[page ${p.url()}] ${m.text()}`)));
    }
    const ctx = context;
    return {
      context: ctx,
      worker,
      extensionId,
      close: async () => {
        await ctx.close().catch(() => undefined);
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
