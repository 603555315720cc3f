import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { encode, newNonce, parseEnvelope, PROTOCOL_VERSION, signProof } from '../../protocol/index.ts';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';
import { PopupPage } from './harness/popup-page.ts';

/**
 * The popup as a person sees it, in the browser's language: Chromium started in English and in
 * Chinese (--lang, and LANGUAGE, which Chromium on Linux reads for its UI language). Screenshots
 * at the popup's real size (360 px wide, as tall as its content, Chrome caps popups at 600) go to
 * .tmp/popup-<lang>-<theme>.png for a human to look at.
 */
const SHOTS = resolve(import.meta.dirname, '../../.tmp');

const LANGUAGES = [
  {
    lang: 'en',
    flag: 'en-US',
    headline: 'Connected to the bridge',
    tabsTitle: 'Worker tabs',
    next: (base: string) => `point any OpenAI client at ${base}`,
    unpaired: 'run npx aistudio-bridge pairing and paste the token in Settings below.',
    tokenLabel: 'Pairing token',
    updateBridge: 'update the bridge: npm install -g aistudio-bridge@latest, then start it again.',
    tooOld: 'Bridge 0.0.1 and extension 0.1.0 do not work together.',
    banner: 'AI Studio Bridge is serving API requests in this tab — typing here interferes',
  },
  {
    lang: 'zh_CN',
    flag: 'zh-CN',
    headline: '已连接到桥接服务',
    tabsTitle: '工作标签页',
    next: (base: string) => `把任意 OpenAI 客户端指向 ${base}`,
    unpaired: '运行 npx aistudio-bridge pairing，并把令牌粘贴到下方“设置”中。',
    tokenLabel: '配对令牌',
    updateBridge: '更新桥接服务：npm install -g aistudio-bridge@latest，然后重新启动。',
    tooOld: '桥接服务 0.0.1 与扩展程序 0.1.0 版本不兼容。',
    banner: 'AI Studio Bridge 正在此标签页中处理 API 请求——在这里输入会造成干扰',
  },
] as const;

/** A bridge from before the extension's minimum: welcomes every hello as version 0.0.1. */
/**
 * A bridge of the same protocol that is too old for this extension: it proves the pairing token
 * as every protocol-2 bridge does (else the extension would tell it nothing), then welcomes the
 * extension with version 0.0.1.
 */
async function oldBridge(token: string): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((ready) => wss.once('listening', ready));
  wss.on('connection', (ws) => {
    const nonce = newNonce();
    ws.on('message', (raw) => {
      const parsed = parseEnvelope(String(raw));
      if (!parsed.ok) return;
      const { message } = parsed;
      if (message.type === 'hello' && message.data.nonce) {
        const nonces = [message.data.nonce, nonce];
        void signProof(token, 'bridge', nonces).then((proof) => ws.send(encode('challenge', { nonce, proof })));
      } else if (message.type === 'proof') {
        ws.send(encode('welcome', { protocolVersion: PROTOCOL_VERSION, bridgeVersion: '0.0.1' }));
      }
    });
  });
  const { port } = wss.address() as { port: number };
  return { url: `ws://127.0.0.1:${port}/extension`, close: () => new Promise((done) => wss.close(() => done())) };
}

async function shoot(popup: PopupPage, name: string): Promise<void> {
  const height = await popup.page.evaluate(() =>
    Math.min(600, Math.ceil(document.body.getBoundingClientRect().height)),
  );
  await popup.page.setViewportSize({ width: 360, height });
  await popup.page.screenshot({ path: `${SHOTS}/popup-${name}.png` });
}

for (const l of LANGUAGES) {
  describe(`the popup in ${l.lang}`, () => {
    let h: Harness;
    let popup: PopupPage;
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      h = await startHarness({ log: debugLog, browserArgs: [`--lang=${l.flag}`], browserEnv: { LANGUAGE: l.lang } });
      await h.client.chat.completions.create({
        model: 'gemini-2.5-pro',
        messages: [{ role: 'user', content: 'Shown in the popup' }],
      });
      popup = await PopupPage.open(h.browser.context, h.browser.extensionId);
    });
    afterAll(async () => {
      await popup?.close().catch(() => undefined);
      await h?.close();
    });

    it('speaks the browser language: status line, next step, sections, labels', async () => {
      await expect.poll(() => popup.headline.textContent()).toBe(l.headline);
      await expect.poll(() => popup.nextStep.textContent()).toBe(l.next(h.baseURL));
      expect(await popup.page.locator('#tabs-title').textContent()).toBe(l.tabsTitle);
      expect(await popup.page.locator('html').getAttribute('lang')).toMatch(new RegExp(`^${l.lang.slice(0, 2)}`));
      await expect.poll(() => popup.requests.count()).toBe(1);
      await popup.openSettings();
      await expect(popup.page.getByLabel(l.tokenLabel).isVisible()).resolves.toBe(true);
      await popup.page.locator('#pairing summary').click();
    });

    it('the worker tab’s banner speaks it too', async () => {
      const worker = h.browser.context.pages().find((p) => p.url().startsWith('https://aistudio.google.com/'));
      expect(worker).toBeDefined();
      await expect.poll(() => worker!.locator('aistudio-bridge-banner [role="status"]').textContent()).toBe(l.banner);
    });

    it('is reachable by keyboard in reading order, settings included once unfolded', async () => {
      const tabOrder = async (): Promise<string[]> => {
        // a click on the title puts the keyboard's starting point at the top, as opening the popup does
        await popup.page.locator('.top h1').click();
        const order: string[] = [];
        for (let i = 0; i < 10; i++) {
          await popup.page.keyboard.press('Tab');
          const id = await popup.page.evaluate(
            () => document.activeElement?.id || document.activeElement?.tagName.toLowerCase() || '',
          );
          if (id === 'body') break;
          order.push(id);
        }
        return order;
      };
      // the hand-over button is disabled (no AI Studio tab is active), so focus skips it
      expect(await tabOrder()).toEqual(['open-dashboard', 'open-aistudio', 'summary']);
      await popup.page.locator('#pairing summary').focus();
      await popup.page.keyboard.press('Enter'); // unfolds the settings
      expect(await tabOrder()).toEqual([
        'open-dashboard',
        'open-aistudio',
        'summary',
        'token',
        'bridge-url',
        'account-name',
        'tab-count',
        'save',
      ]);
      await popup.page.locator('#pairing summary').click();
    });

    it('screenshots, light and dark, connected and unpaired', async () => {
      await popup.page.emulateMedia({ colorScheme: 'light' });
      await shoot(popup, `${l.lang}-light`);
      await popup.page.emulateMedia({ colorScheme: 'dark' });
      await shoot(popup, `${l.lang}-dark`);
      await h.setExtensionSettings({ token: '' });
      await expect.poll(() => popup.nextStep.textContent(), { timeout: 15_000 }).toBe(l.unpaired);
      expect(await popup.page.locator('#pairing').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      await popup.page.emulateMedia({ colorScheme: 'light' });
      await shoot(popup, `${l.lang}-unpaired`);
    });

    it('an incompatible bridge: says which side to update and how', async () => {
      const old = await oldBridge(h.bridge.token);
      try {
        await h.setExtensionSettings({ token: h.bridge.token, bridgeUrl: old.url });
        await expect.poll(() => popup.nextStep.textContent(), { timeout: 15_000 }).toBe(l.updateBridge);
        expect(await popup.detail.textContent()).toMatch(new RegExp(`^${l.tooOld.replace(/\./g, '\\.')}`));
        await popup.page.locator('#pairing summary').click();
        await shoot(popup, `${l.lang}-version`);
      } finally {
        await old.close();
      }
    });
  });
}
