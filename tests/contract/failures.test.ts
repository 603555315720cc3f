import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../bridge/cli/doctor.ts';
import { silentLogger, startBridge, type RunningBridge } from '../../bridge/index.ts';
import { probeHealth } from '../../bridge/native/health.ts';
import type { TraceStep } from '../../protocol/trace.ts';
import { FakePeer, streamText, type Behaviour } from '../../sim/launch/fake-peer.ts';
import { fakeRegistry, memoryFs } from '../unit/bridge/native/fakes.ts';
import { TEST_TOKEN } from './harness.ts';

/**
 * Step traces of failed jobs: the extension's error event carries the steps (protocol/trace.ts);
 * the client's error names the failing step, /health keeps the last 20 failed jobs and
 * `aistudio-bridge doctor` prints them.
 */
const MISSING =
  'AI Studio page element "topPInput" not found (also after expanding the collapsed sections of the run-settings panel)';
const STEPS: TraceStep[] = [
  { action: 'ready', key: 'promptTextarea', candidate: 4, ms: 12, outcome: 'ok' },
  { action: 'panel', key: 'runSettingsToggle', ms: 3, outcome: 'ok', detail: 'open' },
  { action: 'settings', key: 'temperatureInput', candidate: 0, ms: 5, outcome: 'ok', detail: 'changed' },
  { action: 'settings', key: 'topPInput', ms: 2011, outcome: 'failed', detail: MISSING },
];
const failAtSettings: Behaviour = (job) =>
  job.send({ kind: 'error', code: 'page_not_ready', message: MISSING, step: 'settings', steps: STEPS });

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rig(behaviour: Behaviour): Promise<{ bridge: RunningBridge; peer: FakePeer }> {
  const configDir = mkdtempSync(join(tmpdir(), 'asb-fail-'));
  const bridge = await startBridge({ port: 0, token: TEST_TOKEN, configDir, logger: silentLogger });
  const peer = await FakePeer.connect(bridge.url, {
    token: TEST_TOKEN,
    account: 'a…@gmail.com',
    tabs: [{ tabId: '1', behaviour }],
  });
  cleanups.push(async () => {
    await peer.close().catch(() => undefined);
    await bridge.close();
    rmSync(configDir, { recursive: true, force: true });
  });
  return { bridge, peer };
}

const chat = async (bridge: RunningBridge, content = 'a secret prompt') => {
  const res = await fetch(`${bridge.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gemini-2.5-pro', top_p: 0.5, messages: [{ role: 'user', content }] }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { message: string } } };
};

interface Failure {
  jobId: string;
  at: string;
  model: string;
  account?: string;
  tab?: string;
  error: { code: string; message: string };
  step?: string;
  steps: TraceStep[];
}
const failures = async (bridge: RunningBridge) =>
  ((await (await fetch(`${bridge.url}/health`)).json()) as { failures: Failure[] }).failures;

describe('step traces of failed jobs', () => {
  it('names the failing step in the error, keeps the trace in /health, and doctor prints it', async () => {
    const { bridge } = await rig(failAtSettings);
    const res = await chat(bridge);
    expect(res.status).toBe(503);
    expect(res.body.error?.message).toContain(`${MISSING} (failed at step "settings")`);

    const [failure, ...rest] = await failures(bridge);
    expect(rest).toEqual([]);
    expect(failure).toMatchObject({
      model: 'gemini-2.5-pro',
      account: 'a…@gmail.com',
      error: { code: 'page_not_ready', message: MISSING },
      step: 'settings',
      steps: STEPS,
    });
    expect(failure?.jobId).toMatch(/^job-/);
    expect(failure?.tab).toMatch(/\/1$/);
    expect(Number.isNaN(Date.parse(failure?.at ?? ''))).toBe(false);
    expect(JSON.stringify(failure)).not.toContain('secret');

    const lines: string[] = [];
    const deps = {
      platform: 'linux' as const,
      home: '/h',
      env: {},
      fs: memoryFs([]),
      reg: fakeRegistry(),
      configDir: '/c',
    };
    await doctorCommand([], { ...deps, probe: () => probeHealth(bridge.url) }, (l) => lines.push(l));
    const out = lines.join('\n');
    expect(out).toContain('last failed jobs (1, newest first');
    expect(out).toContain('page_not_ready at step "settings"');
    expect(out).toContain('✓ ready promptTextarea#4 12 ms');
    expect(out).toContain('✗ settings topPInput 2011 ms');
  });

  it('keeps only the last 20 failed jobs, newest first; an answered job is no failure', async () => {
    const { bridge, peer } = await rig(failAtSettings);
    for (let i = 0; i < 23; i++) expect((await chat(bridge)).status).toBe(503);
    peer.setBehaviour('1', streamText(['fine']));
    expect((await chat(bridge)).status).toBe(200);
    const list = await failures(bridge);
    expect(list).toHaveLength(20);
    const seq = (f: Failure) => parseInt(f.jobId.split('-').at(-1) ?? '', 36);
    expect(list.map(seq)).toEqual([...list.map(seq)].sort((a, b) => b - a));
  });
});
