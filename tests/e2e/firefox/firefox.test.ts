import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, silentLogger, type RunningBridge } from '../../../bridge/index.ts';
import { installNativeHostCommand, systemDeps } from '../../../bridge/cli/native-host-install.ts';
import { readToken } from '../../../bridge/pairing.ts';
import { FIREFOX_OUTPUTS, firefoxManifest, type ChromeManifest } from '../../../scripts/firefox/manifest.ts';
import { collectStream } from '../../../sim/launch/collect-stream.ts';
import { findFirefox, launchFirefoxWithAddon, type FirefoxWithAddon } from '../../../sim/launch/firefox.ts';
import { getHealth, type Health } from '../../../sim/launch/health.ts';
import { startSim, type Sim } from '../../../sim/site/server.ts';
import { waitUntil } from '../../../sim/launch/wait.ts';
import { sparePort } from '../../../sim/launch/ports.ts';

/**
 * The Firefox build (dist/firefox) in Firefox ESR, end to end: the add-on pairs through the real
 * native host (installed by the real CLI into a throwaway HOME's ~/.mozilla/native-messaging-hosts),
 * opens its worker tab on the simulated AI Studio (reached through a CONNECT proxy that serves
 * nothing else), and serves the official OpenAI client. One Firefox for the whole file: it is the
 * slow part.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const FIREFOX_DIR = join(ROOT, 'dist', 'firefox');
const IDLE_TIMEOUT_MS = 3_000;

describe('Firefox ESR with the built add-on', () => {
  let home: string;
  let sim: Sim;
  let bridge: RunningBridge;
  let firefox: FirefoxWithAddon | undefined;
  let port: number;
  let client: OpenAI;
  const bridgeUrl = () => `http://127.0.0.1:${port}`;
  const startOurBridge = async () => {
    bridge = await startBridge({ host: '127.0.0.1', port, configDir: home, logger: silentLogger, logLevel: 'silent' });
  };
  const readyTabs = (count: number, timeoutMs: number): Promise<Health> =>
    waitUntil(
      async () => {
        const health = await getHealth(bridgeUrl()).catch(() => undefined);
        return health && health.tabs.ready >= count ? health : undefined;
      },
      `${count} ready Firefox worker tab(s)`,
      timeoutMs,
      200,
    );

  beforeAll(async () => {
    if (!findFirefox()) throw new Error('Firefox ESR not found: apt-get install firefox-esr (or set FIREFOX_PATH)');
    if (!existsSync(join(FIREFOX_DIR, 'manifest.json')))
      throw new Error(`no Firefox build in ${FIREFOX_DIR}: run npm run build:firefox`);
    home = await mkdtemp(join(tmpdir(), 'asb-firefox-home-'));
    port = await sparePort();
    // The real installer, for Firefox, under a throwaway HOME (Firefox looks in $HOME/.mozilla).
    const printed: string[] = [];
    const code = await installNativeHostCommand(
      ['--browser', 'firefox', '--port', String(port)],
      { ...systemDeps(), home, configDir: home },
      (l) => printed.push(l),
    );
    expect(code, printed.join('\n')).toBe(0);
    expect(existsSync(join(home, '.mozilla', 'native-messaging-hosts', 'io.github.aistudio_bridge.json'))).toBe(true);
    sim = await startSim();
    await startOurBridge();
    client = new OpenAI({ baseURL: `${bridgeUrl()}/v1`, apiKey: 'unused', maxRetries: 0 });
    // Firefox hands its environment to the host: keep the runner's bridge variables out of it.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k, v]) => !k.startsWith('AISTUDIO_BRIDGE_') && v !== undefined),
    ) as Record<string, string>;
    firefox = await launchFirefoxWithAddon({
      extensionDir: FIREFOX_DIR,
      simPort: sim.port,
      env: { ...env, HOME: home },
    });
  });
  afterAll(async () => {
    await firefox?.close();
    await bridge?.close();
    await sim?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('runs the add-on built from manifest.json: dist/firefox/manifest.json is the generated one', () => {
    const source = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as ChromeManifest;
    expect(JSON.parse(readFileSync(join(FIREFOX_DIR, 'manifest.json'), 'utf8'))).toEqual(
      firefoxManifest(source, FIREFOX_OUTPUTS),
    );
  });

  it('pairs through native messaging (no pasted token) and its worker tab becomes ready', async () => {
    const health = await readyTabs(1, 45_000).catch((error: unknown) => {
      const log = join(home, 'native-host.log');
      throw new Error(
        `${String(error)}\n--- native-host.log\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '(none)'}`,
      );
    });
    expect(health.extensions).toHaveLength(1);
    expect(health.extensions[0]?.paired_via).toBe('native');
    expect(bridge.token).toBe(readToken(home));
    expect(readFileSync(join(home, 'native-host.log'), 'utf8')).toContain('aistudio-bridge@aistudio-bridge.dev');
    // Firefox's own background traffic went to the proxy too, and was refused there.
    expect(firefox!.proxy.refused.every((target) => !target.startsWith('aistudio.google.com'))).toBe(true);
  });

  it('a non-streamed answer equals the page answer, and the settings reach the page', async () => {
    const before = sim.runs.length;
    const res = await client.chat.completions.create({
      model: 'gemini-2.5-pro',
      temperature: 0.3,
      top_p: 0.8,
      max_tokens: 321,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hello from Firefox' },
      ],
    });
    const run = sim.runs[before]!;
    expect(res.choices[0]?.message.content).toBe(run.answer);
    expect(run.request.prompt).toBe('Hello from Firefox');
    expect(run.request.model).toMatch(/gemini-2\.5-pro$/);
    expect(run.request.temperature).toBeCloseTo(0.3, 5);
    expect(run.request.topP).toBeCloseTo(0.8, 5);
    expect(run.request.maxOutputTokens).toBe(321);
    expect(run.request.systemInstruction).toBe('You are terse.');
  });

  it('a streamed answer arrives in several deltas and equals the page answer', async () => {
    const before = sim.runs.length;
    const stream = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      stream: true,
      messages: [{ role: 'user', content: 'Stream something to Firefox' }],
    });
    const got = await collectStream(stream);
    const run = sim.runs[before]!;
    expect(got.text).toBe(run.answer);
    expect(got.deltas.length).toBeGreaterThan(1);
    expect(got.finishReason).toBe('stop');
  });

  it('a client abort stops the run on the page within 1 s', async () => {
    sim.setScenario({ name: 'long', chunks: 200, intervalMs: 50 });
    try {
      const before = sim.runs.length;
      const controller = new AbortController();
      const stream = await client.chat.completions.create(
        { model: 'gemini-2.5-flash', stream: true, messages: [{ role: 'user', content: 'Something long, please' }] },
        { signal: controller.signal },
      );
      let abortedAt = 0;
      await collectStream(stream, () => {
        if (!abortedAt) {
          abortedAt = Date.now();
          controller.abort();
        }
      });
      const run = await sim.waitForOutcome(before, 5_000);
      expect(run.outcome).toBe('aborted');
      expect(run.abortedAt! - abortedAt).toBeLessThan(1_000);
    } finally {
      sim.setScenario(null);
    }
  });

  it('outlasts the event-page idle timeout: still linked afterwards, and the next request is served', async () => {
    const connectedAt = (await getHealth(bridgeUrl())).extensions[0];
    await new Promise((r) => setTimeout(r, 3 * IDLE_TIMEOUT_MS));
    const health = await readyTabs(1, 20_000);
    expect(health.extensions).toHaveLength(1);
    const before = sim.runs.length;
    const res = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Still awake, Firefox?' }],
    });
    expect(res.choices[0]?.message.content).toBe(sim.runs[before]!.answer);
    expect(connectedAt).toBeDefined();
    // The same connection lives on: the event page was not suspended under a live link.
    expect(health.extensions[0]?.id).toBe(connectedAt?.id);
  });

  it('a bridge that stays down longer than the idle timeout is found again once it is back', async () => {
    await bridge.close();
    await new Promise((r) => setTimeout(r, 3 * IDLE_TIMEOUT_MS));
    await startOurBridge();
    // Backoff retries (or, had the event page been suspended, the 30 s wake alarm) find it again.
    await readyTabs(1, 45_000);
    const before = sim.runs.length;
    const res = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Found me again?' }],
    });
    expect(res.choices[0]?.message.content).toBe(sim.runs[before]!.answer);
  });

  it('after a bridge restart on the same port the add-on reconnects by itself and serves the next request', async () => {
    await bridge.close();
    await startOurBridge();
    await readyTabs(1, 20_000);
    const before = sim.runs.length;
    const res = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Firefox, are you back?' }],
    });
    expect(res.choices[0]?.message.content).toBe(sim.runs[before]!.answer);
  });
});
