import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountIdOf } from '../../bridge/accounts/identity.ts';
import { silentLogger, startBridge, type RunningBridge } from '../../bridge/index.ts';
import { FakePeer, failWith, streamText, type Behaviour } from '../../sim/launch/fake-peer.ts';
import { TEST_TOKEN } from './harness.ts';

/**
 * One account, one identity: alice@gmail.com and andrew@gmail.com share the label "a…@gmail.com";
 * their identities (a keyed hash of the address, computed in the page) keep them apart in routing,
 * the quota book and pins. On a bridge that keys accounts by label they merge.
 */
const MODEL = 'gemini-2.5-pro';
const QUOTA = 'Failed to generate content, user has exceeded quota. Please try again later.';
const ALICE = accountIdOf('alice@gmail.com');
const ANDREW = accountIdOf('andrew@gmail.com');

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function bridgeIn(configDir: string): Promise<RunningBridge> {
  const bridge = await startBridge({ port: 0, token: TEST_TOKEN, configDir, logger: silentLogger });
  cleanups.push(() => bridge.close());
  return bridge;
}

async function peer(bridge: RunningBridge, accountId: string | undefined, behaviour: Behaviour): Promise<FakePeer> {
  const p = await FakePeer.connect(bridge.url, {
    token: TEST_TOKEN,
    account: 'a…@gmail.com',
    ...(accountId ? { accountId } : {}),
    tabs: [{ tabId: '1', behaviour }],
  });
  cleanups.push(() => p.close().catch(() => undefined));
  return p;
}

function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'asb-ident-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function chat(bridge: RunningBridge, headers: Record<string, string> = {}) {
  const res = await fetch(`${bridge.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }),
  });
  return { status: res.status, text: await res.text() };
}

interface HealthAccounts {
  accounts: Array<{ account: string; account_id?: string; tabs: number; exhausted: Array<{ model: string }> }>;
}
const health = async (bridge: RunningBridge) => (await (await fetch(`${bridge.url}/health`)).json()) as HealthAccounts;

describe('account identity', () => {
  it('two accounts with equal labels stay two: one out of quota does not exhaust the other', async () => {
    const bridge = await bridgeIn(configDir());
    const alice = await peer(bridge, ALICE, failWith('quota_exceeded', QUOTA));
    const andrew = await peer(bridge, ANDREW, streamText(['from', ' andrew']));
    for (let i = 0; i < 4; i++) {
      const res = await chat(bridge);
      expect(res.status).toBe(200);
      expect(res.text).toContain('from andrew');
    }
    expect(alice.started).toHaveLength(1);
    expect(andrew.started).toHaveLength(4);
    const h = await health(bridge);
    expect(h.accounts).toHaveLength(2);
    expect(h.accounts.map((a) => a.account)).toEqual(['a…@gmail.com', 'a…@gmail.com']);
    const byId = new Map(h.accounts.map((a) => [a.account_id, a]));
    expect(byId.get(ALICE)?.exhausted.map((e) => e.model)).toEqual([MODEL]);
    expect(byId.get(ANDREW)?.exhausted).toEqual([]);
    expect(JSON.stringify(h)).not.toMatch(/alice|andrew/);
  });

  it('pins by identity or by full address; a shared label pins both', async () => {
    const bridge = await bridgeIn(configDir());
    const alice = await peer(bridge, ALICE, streamText(['alice']));
    const andrew = await peer(bridge, ANDREW, streamText(['andrew']));
    expect((await chat(bridge, { 'x-aistudio-account': 'andrew@gmail.com' })).text).toContain('andrew');
    expect((await chat(bridge, { 'x-aistudio-account': ALICE })).text).toContain('alice');
    expect((await chat(bridge, { 'x-aistudio-account': 'Andrew@Gmail.com ' })).text).toContain('andrew');
    expect([alice.started.length, andrew.started.length]).toEqual([1, 2]);
    const none = await chat(bridge, { 'x-aistudio-account': 'anna@gmail.com' });
    expect(none.status).toBe(503);
    expect(none.text).toContain(`a…@gmail.com (${ALICE})`);
    expect((await chat(bridge, { 'x-aistudio-account': 'a...@gmail.com' })).status).toBe(200);
  });

  it('one account in two browser profiles is one account', async () => {
    const bridge = await bridgeIn(configDir());
    await peer(bridge, ALICE, streamText(['one']));
    await peer(bridge, ALICE, streamText(['two']));
    const h = await health(bridge);
    expect(h.accounts).toEqual([expect.objectContaining({ account_id: ALICE, tabs: 2 })]);
  });

  it('drops a quota book written by the old version (keyed by label) and writes version 2', async () => {
    const dir = configDir();
    const old = {
      version: 1,
      exhausted: [{ account: 'a…@gmail.com', model: MODEL, until: Date.now() + 3_600_000, reason: QUOTA }],
    };
    writeFileSync(join(dir, 'quota.json'), JSON.stringify(old));
    const bridge = await bridgeIn(dir);
    const alice = await peer(bridge, ALICE, failWith('quota_exceeded', QUOTA));
    await peer(bridge, ANDREW, streamText(['ok']));
    // Nothing of the old file survives: neither account counts as exhausted.
    expect((await health(bridge)).accounts.every((a) => a.exhausted.length === 0)).toBe(true);
    // Alice's page is asked (pinned) and meets its quota: the book is written anew, keyed by identity.
    expect((await chat(bridge, { 'x-aistudio-account': ALICE })).status).toBe(429);
    expect(alice.started).toHaveLength(1);
    const file = JSON.parse(readFileSync(join(dir, 'quota.json'), 'utf8')) as unknown;
    expect(file).toMatchObject({ version: 2, exhausted: [{ account: ALICE, model: MODEL }] });
  });
});
