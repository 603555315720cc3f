import OpenAI from 'openai';
import { STATUS_KEY, WorkerStatus } from '../../../extension/lib/status.ts';
import { startStack, type Stack, type StackOptions } from '../../../sim/launch/stack.ts';

export type HarnessOptions = StackOptions;

export interface Harness extends Stack {
  /** official OpenAI client pointed at the bridge, no retries (a retry would hide a failure) */
  client: OpenAI;
  /** what the extension shows in its popup (chrome.storage.session, parsed) */
  extensionStatus(): Promise<WorkerStatus>;
  /** Chrome tab ids of the extension's worker tabs */
  workerTabIds(): Promise<number[]>;
  /** close a tab the way a person does (tabs.remove) */
  closeTab(tabId: number): Promise<void>;
}

/**
 * The one end-to-end fixture: the demo stack (sim/launch/stack.ts) plus what only tests need: the
 * official OpenAI client and a look into the extension's own status.
 */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const stack = await startStack(opts);
  const extensionStatus = async (): Promise<WorkerStatus> =>
    WorkerStatus.parse(
      await stack.browser.worker.evaluate(async (key) => (await chrome.storage.session.get(key))[key], STATUS_KEY),
    );
  return Object.assign(stack, {
    client: new OpenAI({ baseURL: stack.baseURL, apiKey: 'not-needed', maxRetries: 0, timeout: 60_000 }),
    extensionStatus,
    workerTabIds: async () => (await extensionStatus()).tabs.map((t) => t.tabId),
    closeTab: (tabId: number) => stack.browser.worker.evaluate((id) => chrome.tabs.remove(id), tabId),
  });
}

/**
 * Waits (bounded, about 20 s) until the page's own ListModels, with each model's capabilities and
 * settings, has reached the bridge: it arrives a moment after the tab is ready.
 */
export async function waitForPageModels(h: Harness): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const list = (await (await fetch(`${h.baseURL}/models`)).json()) as { source: string };
    if (list.source === 'extension') return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the page never reported its models to the bridge');
}
