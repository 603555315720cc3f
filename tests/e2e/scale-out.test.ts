import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startBridge, type RunningBridge } from '../../bridge/index.ts';
import { FakePeer, streamText, type Behaviour } from '../../sim/launch/fake-peer.ts';
import { startNginx, type RunningNginx } from '../../sim/launch/nginx.ts';

/**
 * The scale-out recipe of docs/configuration.md, run for real: nginx (Debian package; .ci/run installs it) in
 * front of two bridges, each with its own fake extension (its own account and tab).
 */
const TOKEN = 'scale-out-token-0123456789abcdef';

interface Node {
  bridge: RunningBridge;
  peer: FakePeer;
  dir: string;
}

let nodes: Node[] = [];
let nginx: RunningNginx;
let client: OpenAI;
/** lets a stream's second half go once the client saw its first chunk through nginx */
let gate: (() => void) | null = null;

const gated =
  (name: string): Behaviour =>
  async (job) => {
    if (!job.request.prompt.includes('gated')) return streamText([name])(job);
    job.send({ kind: 'started' });
    job.send({ kind: 'text', text: `${name}:first` });
    await new Promise<void>((resolve) => (gate = resolve));
    for (let i = 0; i < 20; i++) job.send({ kind: 'text', text: ` ${i}` });
    job.send({ kind: 'done' });
  };

async function node(name: string): Promise<Node> {
  const dir = mkdtempSync(join(tmpdir(), `asb-${name}-`));
  const bridge = await startBridge({ port: 0, token: TOKEN, configDir: dir, logger: silentLogger });
  const peer = await FakePeer.connect(bridge.url, {
    token: TOKEN,
    account: name,
    tabs: [{ tabId: '1', behaviour: gated(name) }],
  });
  return { bridge, peer, dir };
}

beforeAll(async () => {
  nodes = [await node('a'), await node('b')];
  nginx = await startNginx(nodes.map((n) => `127.0.0.1:${n.bridge.port}`));
  client = new OpenAI({ baseURL: `${nginx.url}/v1`, apiKey: 'sk-x', maxRetries: 0, timeout: 10_000 });
});

afterAll(async () => {
  await nginx?.close();
  for (const n of nodes) {
    await n.peer.close().catch(() => {});
    await n.bridge.close();
    rmSync(n.dir, { recursive: true, force: true });
  }
});

const ask = (content = 'hi') => ({ model: 'gemini-2.5-pro', messages: [{ role: 'user' as const, content }] });

describe('several bridges behind nginx', () => {
  it('spreads requests across both bridges', async () => {
    const answers = new Set<string>();
    for (let i = 0; i < 6; i++)
      answers.add((await client.chat.completions.create(ask())).choices[0]?.message.content ?? '');
    expect([...answers].sort()).toEqual(['a', 'b']);
    expect(nodes.map((n) => n.peer.started.length)).toEqual([3, 3]);
  });

  it('streams through nginx unbroken and unbuffered: the first chunk arrives before the rest is written', async () => {
    const stream = await client.chat.completions.create({ ...ask('gated'), stream: true });
    let text = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.content ?? '';
      // With proxy buffering on, this chunk would sit in nginx and the test would time out.
      if (delta.endsWith(':first')) gate?.();
      text += delta;
      finish ??= chunk.choices[0]?.finish_reason;
    }
    expect(text).toMatch(/^[ab]:first 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19$/);
    expect(finish).toBe('stop');
  });

  it('keeps answering on the other bridge when one stops', async () => {
    const [a, b] = nodes as [Node, Node];
    const before = b.peer.started.length;
    await a.peer.close();
    await a.bridge.close();
    for (let i = 0; i < 4; i++)
      expect((await client.chat.completions.create(ask())).choices[0]?.message.content).toBe('b');
    expect(b.peer.started.length).toBe(before + 4);
  });
});
