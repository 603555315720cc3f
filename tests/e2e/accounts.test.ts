import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountCookie } from '../../sim/site/accounts.ts';
import { launchWithExtension, type ExtensionBrowser } from '../../sim/launch/browser.ts';
import { waitUntil } from '../../sim/launch/wait.ts';
import { startHarness, type Harness } from './harness/harness.ts';
import { accountIdOf } from '../../bridge/accounts/identity.ts';

const ALICE = accountIdOf('alice@example.com');
const ANDREW = accountIdOf('andrew@example.com');

/**
 * Two browser profiles (two Chromium instances with the extension), each signed in to its own
 * account, on one bridge and one simulated AI Studio. The sim's quota scenario on one profile's
 * account makes the requests run on the other without the client seeing an error. The two
 * addresses share their reduced label ("a…@example.com"): only the identity the page computes
 * (a keyed hash of the address) tells them apart.
 */
let h: Harness;
let second: ExtensionBrowser | null = null;

interface AccountsHealth {
  accounts: Array<{
    account: string;
    account_id?: string;
    ready: number;
    exhausted: Array<{ model: string; retry_after_s: number }>;
  }>;
}
const accounts = async (): Promise<AccountsHealth['accounts']> =>
  ((await (await fetch(`${h.bridge.url}/health`)).json()) as AccountsHealth).accounts;

beforeAll(async () => {
  h = await startHarness();
  // Profile one was already serving before it "signed in": the reloaded page shows the account
  // and the extension tells the bridge (the `account` message).
  await h.browser.context.addCookies([accountCookie('alice@example.com')]);
  const page = h.browser.context.pages().find((p) => p.url().startsWith('https://aistudio.google.com/'));
  if (!page) throw new Error('no worker tab in profile one');
  await page.reload();
  // Profile two is signed in from the start: hello carries its account.
  second = await launchWithExtension({ extraArgs: h.sim.chromiumArgs });
  await second.context.addCookies([accountCookie('andrew@example.com')]);
  await second.worker.evaluate((s) => chrome.storage.local.set(s), {
    bridgeUrl: `ws://127.0.0.1:${h.bridge.port}/extension`,
    token: h.bridge.token,
    workerTabCount: 1,
  });
  await waitUntil(
    async () => {
      const list = await accounts();
      const ids = list
        .filter((a) => a.ready > 0 && a.account === 'a…@example.com')
        .map((a) => a.account_id)
        .sort();
      return ids.join() === [ALICE, ANDREW].sort().join();
    },
    'both profiles ready under their own identities (one shared label)',
    60_000,
    250,
  );
}, 120_000);

afterAll(async () => {
  await second?.close();
  await h?.close();
});

describe('two browser profiles, two accounts, one bridge', () => {
  it('runs the next requests on the other profile when one account is out of quota, and the client sees no error', async () => {
    h.sim.setAccountScenario('alice@example.com', { name: 'quota' });
    const ask = (i: number) =>
      h.client.chat.completions
        .create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: `question ${i}` }] })
        .then((res) => res.choices[0]?.message.content ?? '');
    // Two at once: least-busy gives each profile one, so Alice's page surely meets its quota.
    const answers = await Promise.all([ask(0), ask(1)]);
    for (const i of [2, 3]) answers.push(await ask(i));
    expect(answers.every((a) => a.length > 0)).toBe(true);
    const outcomes = h.sim.runs.map((r) => r.outcome);
    // Alice's page was asked once, then routed around; Andrew's page answered every request.
    expect(outcomes.filter((o) => o === 'quota')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'completed')).toHaveLength(4);
    const list = await accounts();
    expect(list.find((a) => a.account_id === ALICE)?.exhausted.map((e) => e.model)).toEqual(['gemini-2.5-flash']);
    expect(list.find((a) => a.account_id === ANDREW)?.exhausted).toEqual([]);
  }, 120_000);
});
