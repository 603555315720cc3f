import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

/**
 * The global request-body budget (bridge/http/body-budget.ts, 192 MiB): 20 clients that declare
 * 31 MiB bodies and send them slowly once held 620 MB; now the bridge admits six and answers the
 * rest 503 with Retry-After before reading a byte of their bodies.
 */
let h: Harness | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await h?.close();
  h = null;
});

const MB = 1024 * 1024;

/** Sends the head of a chat request declaring `size` bytes and a little of the body. */
function slowBody(port: number, size: number) {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  socket.on('error', () => {});
  let got = '';
  socket.on('data', (b) => (got += b.toString('latin1')));
  socket.write(
    `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: ${size}\r\n\r\n{"model":"gemini-2.5-pro","messages":[`,
  );
  return { socket, answer: () => got };
}

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe('request-body budget', () => {
  it('answers 503 with Retry-After to bodies beyond the budget, and admits again once one is gone', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const { port } = h.bridge;
    const held = [];
    for (let i = 0; i < 6; i++) held.push(slowBody(port, 31 * MB));
    await Promise.all(held.map((b) => new Promise((r) => (b.socket.connecting ? b.socket.once('connect', r) : r(0)))));
    // the bridge has read all six heads once a request sent after them is answered
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(`${h.bridge.url}/health`)).status).toBe(200);
    const refused = slowBody(port, 31 * MB);
    await until(() => refused.answer().includes('\r\n\r\n'), 'the 7th body to be refused');
    expect(refused.answer()).toMatch(/^HTTP\/1\.1 503 /);
    expect(refused.answer()).toMatch(/\r\nretry-after: 2\r\n/i);
    expect(refused.answer()).toMatch(/\r\nconnection: close\r\n/i);
    expect(refused.answer()).toContain('body_budget_exceeded');
    for (const s of held) expect(s.answer()).toBe('');
    // small requests still pass while the budget is full
    const small = await h.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(small.choices[0]?.message.content).toBe('Hello world');
    // a held client leaves: its reservation comes back
    held[0]!.socket.destroy();
    let again = slowBody(port, 31 * MB);
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 50));
      if (again.answer() === '') break;
      again.socket.destroy();
      again = slowBody(port, 31 * MB);
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(again.answer()).toBe('');
  });

  it('caps open connections', async () => {
    h = await startHarness([]);
    expect(h.bridge.bridge.server.maxConnections).toBe(1024);
  });
});
