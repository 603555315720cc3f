import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, startBridge, type BridgeConfig, type RunningBridge } from '../../bridge/index.ts';
import { FakePeer, failWith, streamText, type Behaviour } from '../../sim/launch/fake-peer.ts';
import { TEST_TOKEN } from './harness.ts';

const MODEL = 'gemini-2.5-pro';
const QUOTA = 'Failed to generate content, user has exceeded quota. Please try again later.';

interface Rig {
  bridge: RunningBridge;
  configDir: string;
  peers: FakePeer[];
}
const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    for (const p of r.peers) await p.close().catch(() => {});
    await r.bridge.close();
    rmSync(r.configDir, { recursive: true, force: true });
  }
});

async function rig(
  accounts: Array<{ account: string; behaviour: Behaviour }>,
  options: Partial<BridgeConfig> = {},
  configDir = mkdtempSync(join(tmpdir(), 'asb-acct-')),
): Promise<Rig> {
  const bridge = await startBridge({ port: 0, token: TEST_TOKEN, configDir, logger: silentLogger, ...options });
  const peers = [];
  for (const a of accounts)
    peers.push(
      await FakePeer.connect(bridge.url, {
        token: TEST_TOKEN,
        account: a.account,
        tabs: [{ tabId: '1', behaviour: a.behaviour }],
      }),
    );
  const r = { bridge, configDir, peers };
  rigs.push(r);
  return r;
}

async function chat(
  r: Rig,
  headers: Record<string, string> = {},
  stream = false,
): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${r.bridge.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: MODEL, stream, messages: [{ role: 'user', content: 'hi' }] }),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const health = async (r: Rig) =>
  (await (await fetch(`${r.bridge.url}/health`)).json()) as {
    accounts: Array<{
      account: string;
      tabs: number;
      ready: number;
      exhausted: Array<{ model: string; retry_after_s: number }>;
    }>;
  };

describe('quota-aware routing across accounts', () => {
  it('runs a request that hit the quota on another account without the client seeing an error, then routes around the exhausted one', async () => {
    const r = await rig([
      { account: 'alice@gmail.com', behaviour: failWith('quota_exceeded', QUOTA) },
      { account: 'b…@gmail.com', behaviour: streamText(['from', ' B']) },
    ]);
    const [a, b] = r.peers as [FakePeer, FakePeer];
    const first = await chat(r, {}, true);
    expect(first.status).toBe(200);
    expect(first.text).toContain('"from"');
    expect(first.text).not.toContain('error');
    expect(a.started).toHaveLength(1);
    expect(b.started).toHaveLength(1);
    for (let i = 0; i < 3; i++) expect((await chat(r)).status).toBe(200);
    expect(a.started).toHaveLength(1);
    expect(b.started).toHaveLength(4);
    const h = await health(r);
    // The full address never leaves the extension's label: the bridge reduces it again.
    expect(h.accounts.map((x) => x.account).sort()).toEqual(['a…@gmail.com', 'b…@gmail.com']);
    const exhausted = h.accounts.find((x) => x.account === 'a…@gmail.com')?.exhausted;
    expect(exhausted?.map((e) => e.model)).toEqual([MODEL]);
    expect(exhausted?.[0]?.retry_after_s).toBeGreaterThan(60); // a daily quota: until midnight Pacific
    expect(JSON.stringify(h)).not.toContain('alice');
  });

  it('answers 429 with Retry-After (the soonest reset) and the model name when every account is out of quota', async () => {
    const r = await rig([
      { account: 'a', behaviour: failWith('quota_exceeded', 'Resource has been exhausted. Please retry in 30s.') },
      { account: 'b', behaviour: failWith('quota_exceeded', 'Resource has been exhausted (e.g. check quota).') },
    ]);
    const res = await chat(r);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    const body = JSON.parse(res.text) as { error: { message: string; code: string } };
    expect(body.error.code).toBe('quota_exceeded');
    expect(body.error.message).toContain(MODEL);
    // Every account out of quota: the one that resets soonest (a) is tried again, in case AI Studio reset early.
    const again = await chat(r);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect(r.peers.map((p) => p.started.length)).toEqual([2, 1]);
    // …and an answer from it clears the mark: the next requests go there without a retry.
    r.peers[0]?.setBehaviour('1', streamText(['back']));
    expect((await chat(r)).text).toContain('back');
    expect((await health(r)).accounts.find((x) => x.account === 'a')?.exhausted).toEqual([]);
  });

  it('remembers exhaustion across an extension reconnect and a bridge restart (quota.json in the config dir)', async () => {
    const r = await rig([
      { account: 'a', behaviour: failWith('quota_exceeded', QUOTA) },
      { account: 'b', behaviour: streamText(['ok']) },
    ]);
    expect((await chat(r)).status).toBe(200);
    const file = JSON.parse(readFileSync(join(r.configDir, 'quota.json'), 'utf8')) as {
      exhausted: Array<{ account: string; model: string }>;
    };
    expect(file.exhausted).toMatchObject([{ account: 'a', model: MODEL }]);

    // Reconnect: a fresh connection of account a is still skipped.
    await r.peers[0]?.close();
    const a2 = await FakePeer.connect(r.bridge.url, {
      token: TEST_TOKEN,
      account: 'a',
      tabs: [{ tabId: '1', behaviour: streamText(['a']) }],
    });
    r.peers[0] = a2;
    expect((await chat(r)).status).toBe(200);
    expect(a2.started).toHaveLength(0);

    // Restart the bridge on the same config dir.
    for (const p of r.peers) await p.close();
    await r.bridge.close();
    rigs.splice(rigs.indexOf(r), 1);
    const r2 = await rig(
      [
        { account: 'a', behaviour: streamText(['a']) },
        { account: 'b', behaviour: streamText(['b']) },
      ],
      {},
      r.configDir,
    );
    for (let i = 0; i < 2; i++) expect((await chat(r2)).status).toBe(200);
    expect(r2.peers.map((p) => p.started.length)).toEqual([0, 2]);
  });

  it('retries a rate limit reported as a page error on another account, resting the first for the configured cool-down', async () => {
    const r = await rig(
      [
        { account: 'a', behaviour: failWith('page_error', 'You have reached the rate limit. Try again in a minute.') },
        { account: 'b', behaviour: streamText(['ok']) },
      ],
      { cooldown: { rateLimitMs: 5_000, dailyMs: null } },
    );
    expect((await chat(r)).status).toBe(200);
    const a = (await health(r)).accounts.find((x) => x.account === 'a');
    expect(a?.exhausted[0]?.retry_after_s).toBe(5);
  });

  it('does not retry once text has streamed: the client gets the error', async () => {
    const r = await rig([
      { account: 'a', behaviour: failWith('quota_exceeded', QUOTA, ['partial']) },
      { account: 'b', behaviour: streamText(['ok']) },
    ]);
    const res = await chat(r, {}, true);
    expect(res.text).toContain('partial');
    expect(res.text).toContain('quota');
    expect(r.peers[1]?.started).toHaveLength(0);
  });

  it('pins an account with x-aistudio-account, and names the header when that account is not connected', async () => {
    const r = await rig([
      { account: 'a', behaviour: streamText(['A']) },
      { account: 'b', behaviour: streamText(['B']) },
    ]);
    for (let i = 0; i < 3; i++) expect((await chat(r, { 'x-aistudio-account': 'B' })).text).toContain('"B"');
    expect(r.peers.map((p) => p.started.length)).toEqual([0, 3]);
    const missing = await chat(r, { 'x-aistudio-account': 'nobody' });
    expect(missing.status).toBe(503);
    expect(missing.text).toContain('x-aistudio-account');
    expect(missing.text).toContain('connected accounts: a, b');
  });

  it('takes a later account label (the page showed it, or the person renamed the profile), reduced', async () => {
    const r = await rig([{ account: 'a', behaviour: streamText(['A']) }]);
    const late = await FakePeer.connect(r.bridge.url, {
      token: TEST_TOKEN,
      tabs: [{ tabId: '1', behaviour: streamText(['C']) }],
    });
    r.peers.push(late);
    expect((await health(r)).accounts.map((x) => x.account)).toEqual(['a', 'c2']);
    late.send('account', { label: 'carol@example.org' });
    await late.sync();
    expect((await health(r)).accounts.map((x) => x.account)).toEqual(['a', 'c…@example.org']);
    // Headers are ASCII: "..." stands for "…", and the full address matches its label too.
    expect((await chat(r, { 'x-aistudio-account': 'c...@example.org' })).text).toContain('"C"');
    expect((await chat(r, { 'x-aistudio-account': 'carol@example.org' })).text).toContain('"C"');
  });

  it('spreads sequential requests over accounts with --route round-robin', async () => {
    const r = await rig(
      ['a', 'b', 'c'].map((account) => ({ account, behaviour: streamText([account]) })),
      { route: 'round-robin' },
    );
    for (let i = 0; i < 6; i++) expect((await chat(r)).status).toBe(200);
    expect(r.peers.map((p) => p.started.length)).toEqual([2, 2, 2]);
  });
});
