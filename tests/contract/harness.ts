import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import {
  silentLogger,
  startBridge,
  type BridgeConfig,
  type BridgeDeps,
  type RunningBridge,
} from '../../bridge/index.ts';
import { FakePeer, type TabSpec } from '../../sim/launch/fake-peer.ts';

export const TEST_TOKEN = 'test-pairing-token-0123456789';

export interface Harness {
  bridge: RunningBridge;
  client: OpenAI;
  peer: FakePeer;
  /** the OpenAI base URL (…/v1) */
  baseURL: string;
  close(): Promise<void>;
}

/** A bridge on an ephemeral port, a fake extension with the given tabs, and an official client. */
export async function startHarness(
  tabs: TabSpec[],
  options: Partial<BridgeConfig> = {},
  apiKey = 'sk-anything',
  deps: Partial<BridgeDeps> = {},
): Promise<Harness> {
  const configDir = mkdtempSync(join(tmpdir(), 'asb-test-'));
  const bridge = await startBridge({ port: 0, token: TEST_TOKEN, configDir, logger: silentLogger, ...options }, deps);
  const peer = await FakePeer.connect(bridge.url, { token: TEST_TOKEN, tabs });
  const baseURL = `${bridge.url}/v1`;
  const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 10_000 });
  return {
    bridge,
    client,
    peer,
    baseURL,
    close: async () => {
      await peer.close().catch(() => {});
      await bridge.close();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** Raw SSE body → the data payloads, in order (asserting the framing on the way). */
export function sseEvents(body: string): string[] {
  if (!body.endsWith('\n\n'))
    throw new Error(`SSE body does not end with a blank line: ${JSON.stringify(body.slice(-40))}`);
  return body
    .split('\n\n')
    .filter((block) => block.length > 0 && !block.startsWith(':'))
    .map((block) => {
      if (!block.startsWith('data: ')) throw new Error(`not a data event: ${block}`);
      return block.slice('data: '.length);
    });
}
