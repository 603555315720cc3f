import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../bridge/cli/doctor.ts';
import { systemDeps } from '../../bridge/cli/native-host-install.ts';
import { waitUntil } from '../../sim/launch/wait.ts';
import { debugLog } from './harness/debug.ts';
import { startHarness, type Harness } from './harness/harness.ts';

/**
 * Self-healing without a release: the simulated AI Studio renamed its Run button (element and
 * aria-label), so every built-in handle misses and requests fail naming `runButton`. A
 * `selectors.json` override, picked up by the bridge at start and sent to the connected
 * extension, fixes the live page without reloading it; `doctor --page` shows what the page has.
 */
describe('selector overrides fix a renamed element', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ log: debugLog, sim: { renamedRunButton: true }, waitForTabs: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  const doctorPage = async (): Promise<string> => {
    const lines: string[] = [];
    expect(await doctorCommand(['--page', '--url', h.bridge.url], systemDeps(), (l) => lines.push(l))).toBe(0);
    return lines.join('\n');
  };

  it('fails naming the broken handle, and answers once the override is applied live', async () => {
    await waitUntil(
      async () => (await h.health()).tabs.list.some((t) => JSON.stringify(t).includes('runButton')),
      'the worker tab to report runButton missing',
      30_000,
    );
    // The bridge answers at once (instead of queueing) only once every tab has been unhealthy for
    // its 10 s grace, which started before we saw the report.
    await new Promise((r) => setTimeout(r, 10_500));
    const failure = await h.client.chat.completions
      .create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hello before the fix' }] })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(APIError);
    expect((failure as APIError).status).toBe(503);
    expect((failure as APIError).message).toContain('runButton');

    const before = await doctorPage();
    expect(before).toMatch(/runButton\s+0 \/ 0, one {2}\[UNEXPECTED\]/);
    expect(before).toContain('ms-send-button');
    expect(before).toContain('button[aria-label="Send"]');

    await writeFile(
      join(h.configDir, 'selectors.json'),
      JSON.stringify({ runButton: 'ms-send-button button[type="submit"]' }),
    );
    const loadsBefore = h.sim.events.filter((e) => e.type === 'page-load').length;
    await h.restartBridge();
    const health = await h.waitForReadyTabs(1, 30_000);
    expect(health.selector_overrides).toEqual(['runButton']);
    // applied live: the page was not reloaded for it
    expect(h.sim.events.filter((e) => e.type === 'page-load').length).toBe(loadsBefore);

    const runs = h.sim.runs.length;
    const res = await h.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Hello through a renamed button' }],
    });
    expect(h.sim.runs[runs]?.request.prompt).toContain('Hello through a renamed button');
    expect(res.choices[0]?.message.content).toBe(h.sim.runs[runs]?.answer);

    const after = await doctorPage();
    expect(after).toMatch(/runButton\s+1 \/ 1, one {2}\[overridden\]/);
    expect(after).toContain('runButton: "ms-send-button button[type=\\"submit\\"]"');
    // never the prompt or the answer
    expect(after).not.toContain('Hello through a renamed button');
    expect(after).not.toContain(h.sim.runs[runs]!.answer.slice(0, 20));
  }, 120_000);
});
