import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright';
import { WebSocketServer } from 'ws';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installNativeHostCommand, systemDeps } from '../../bridge/cli/native-host-install.ts';
import { loadOrCreateToken } from '../../bridge/pairing.ts';
import { BRIDGE_VERSION } from '../../bridge/version.ts';
import { encode, parseEnvelope } from '../../protocol/envelope.ts';
import { PROTOCOL_VERSION } from '../../protocol/version.ts';
import { EXTENSION_DIR } from '../../sim/launch/browser.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, extensionFlags } from '../../sim/launch/chromium.ts';
import { sparePort } from '../../sim/launch/ports.ts';
import { waitUntil } from '../../sim/launch/wait.ts';

/**
 * A process that took the bridge's port while the bridge was down (another OS user, an app that
 * cannot read the config folder) answers /health like the bridge and accepts /extension. The real
 * extension, paired through the real native host, must tell it nothing secret: every byte it
 * received is checked for the pairing token and the account label.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const ACCOUNT = 'Squatted Profile Label';

interface Squatter {
  /** every HTTP request head and body, and every WebSocket message, as received */
  received: string[];
  /** WebSocket frames by type, in order */
  frames: string[];
  closes: number[];
  server: Server;
}

/** Looks like the bridge from outside; says welcome right after a made-up challenge. */
async function startSquatter(port: number): Promise<Squatter> {
  const squatter: Squatter = { received: [], frames: [], closes: [], server: createServer() };
  const wss = new WebSocketServer({ noServer: true });
  squatter.server.on('request', (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('latin1')));
    req.on('end', () => {
      squatter.received.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)}\n${body}`);
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          status: 'ok',
          version: BRIDGE_VERSION,
          extensions: [],
          tabs: { total: 1, ready: 1, list: [] },
          accounts: [],
          auth: 'none',
        }),
      );
    });
  });
  squatter.server.on('upgrade', (req, socket, head) => {
    squatter.received.push(`UPGRADE ${req.url} ${JSON.stringify(req.headers)}`);
    socket.on('error', () => undefined);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => undefined);
      ws.on('close', (code) => squatter.closes.push(code));
      ws.on('message', (raw) => {
        const text = String(raw);
        squatter.received.push(text);
        const parsed = parseEnvelope(text);
        squatter.frames.push(parsed.ok ? parsed.message.type : 'unparsable');
        if (!parsed.ok || parsed.message.type !== 'hello') return;
        // its best guess at a challenge, then a welcome as if the extension had proven itself
        ws.send(encode('challenge', { nonce: 's'.repeat(43), proof: 'p'.repeat(43) }));
        ws.send(encode('welcome', { protocolVersion: PROTOCOL_VERSION, bridgeVersion: BRIDGE_VERSION }));
      });
    });
  });
  await new Promise<void>((resolve) => squatter.server.listen(port, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const ws of wss.clients) ws.terminate();
    squatter.server.closeAllConnections();
    await new Promise((r) => squatter.server.close(r));
  });
  return squatter;
}

describe('a squatter on the bridge port (Chromium + built extension + real native host)', () => {
  beforeAll(() => {
    if (!existsSync(join(EXTENSION_DIR, 'manifest.json')))
      throw new Error(`no built extension in ${EXTENSION_DIR}: run npm run build:ext`);
  });

  it('receives neither the pairing token nor the account label, and the popup says why', async () => {
    const home = await mkdtemp(join(tmpdir(), 'asb-squat-home-'));
    const profile = await mkdtemp(join(tmpdir(), 'asb-squat-profile-'));
    cleanups.push(
      () => rm(home, { recursive: true, force: true }),
      () => rm(profile, { recursive: true, force: true }),
    );
    const port = await sparePort();
    const printed: string[] = [];
    const code = await installNativeHostCommand(
      ['--user-data-dir', profile, '--port', String(port)],
      { ...systemDeps(), configDir: home },
      (line) => printed.push(line),
    );
    expect(code, printed.join('\n')).toBe(0);
    const token = loadOrCreateToken(home);
    const squatter = await startSquatter(port);

    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k, v]) => !k.startsWith('AISTUDIO_BRIDGE_') && v !== undefined),
    ) as Record<string, string>;
    const context: BrowserContext = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      env,
      args: [...extensionFlags(EXTENSION_DIR), ...CHROMIUM_FLAGS],
    });
    cleanups.push(() => context.close());
    const worker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker'));

    const hostLog = () =>
      existsSync(join(home, 'native-host.log')) ? readFileSync(join(home, 'native-host.log'), 'utf8') : '(none)';
    // The extension got the token over native messaging and goes to the port...
    await waitUntil(
      async () => {
        const { token: stored } = await worker.evaluate(() => chrome.storage.local.get('token'));
        return stored === token && squatter.frames.includes('hello') ? true : undefined;
      },
      `the extension to pair natively and reach the port\n${hostLog()}`,
      40_000,
      250,
    );
    expect(squatter.received.join('\n')).not.toContain(token);
    // ...and, with an account label named in the popup, tries again (a settings change).
    const hellos = squatter.frames.filter((f) => f === 'hello').length;
    await worker.evaluate((name) => chrome.storage.local.set({ accountName: name }), ACCOUNT);
    await waitUntil(
      () =>
        squatter.frames.filter((f) => f === 'hello').length > hellos || squatter.frames.includes('account')
          ? true
          : undefined,
      'the extension to try again with the account label set',
      40_000,
      250,
    );
    await waitUntil(
      async () => {
        const stored = await worker.evaluate(() => chrome.storage.session.get('status'));
        const link = (stored.status as { link?: { reason?: string } } | undefined)?.link;
        return link?.reason === 'bridge_unproven' ? true : undefined;
      },
      'the popup status to say the listener did not prove the token',
      20_000,
      250,
    );

    const everything = squatter.received.join('\n');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(ACCOUNT);
    // nothing but hellos: no proof, no account frame, no tab or model list
    expect(new Set(squatter.frames)).toEqual(new Set(['hello']));
    expect(squatter.closes).toContain(4013);
    // the native host never called the squatter a running bridge
    expect(hostLog()).toContain('"running":false');
  });
});
