import { z } from 'zod';
import type { ChromeApi } from './chrome-api.ts';
import { WORKER_TAB_URL, isAiStudioUrl, isGoogleSignInUrl } from '../lib/urls.ts';

/** Worker windows open at this desktop size whatever the person's screen (AI Studio wants ≥ 1280×900). */
const WORKER_WINDOW_SIZE = { width: 1280, height: 900 } as const;
export { isAiStudioUrl, isGoogleSignInUrl };

const SESSION_KEY = 'workerTabs';

const WorkerTab = z.object({
  tabId: z.number().int(),
  /** opened: the extension opened it (and replaces it when it goes); handover: the person gave it */
  origin: z.enum(['opened', 'handover']),
});
export type WorkerTab = z.infer<typeof WorkerTab>;
const WorkerTabList = z.array(WorkerTab).catch([]);

/**
 * Which tabs are worker tabs. The extension never drives a tab the person is using: a tab becomes
 * a worker only when the extension opened it itself (in a separate, unfocused window) or when the
 * person handed it over in the popup. The list lives in chrome.storage.session so it survives the
 * worker being suspended (globals die with it) but not a browser restart (tab ids do not either).
 */
export class WorkerTabs {
  private tabs: WorkerTab[] = [];
  private windowId: number | null = null;
  private filling: Promise<number[]> | null = null;
  private wanted: { desired: number; isIdle: (tabId: number) => boolean; closeSurplus: boolean } | null = null;

  /** `onRoleChanged` runs as soon as a tab joins or leaves the list, so a content script that
   *  connected before windows.create resolved still learns it is a worker. */
  constructor(
    private readonly chromeApi: ChromeApi,
    private readonly onRoleChanged: (tabId: number) => void,
    private readonly log: (m: string) => void,
  ) {}

  async load(): Promise<void> {
    const stored = await this.chromeApi.session.get([SESSION_KEY, 'workerWindowId']);
    const listed = WorkerTabList.parse(stored[SESSION_KEY] ?? []);
    this.windowId = z
      .number()
      .int()
      .nullable()
      .catch(null)
      .parse(stored.workerWindowId ?? null);
    // Drop tabs that no longer exist (closed while the worker was asleep).
    const alive = await Promise.all(listed.map(async (t) => ((await this.tabUrl(t.tabId)) !== null ? t : null)));
    this.tabs = alive.filter((t): t is WorkerTab => t !== null);
    if (this.tabs.length !== listed.length) await this.save();
  }

  has(tabId: number): boolean {
    return this.tabs.some((t) => t.tabId === tabId);
  }

  list(): readonly WorkerTab[] {
    return this.tabs;
  }

  /**
   * Open worker tabs until there are `desired` (hand-over tabs count too). Only when the person
   * lowered the number (`closeSurplus`) are extension-opened idle tabs above it closed: handing
   * over a tab never closes one as a side effect.
   * Single-flight: link-ready, settings change and tab removal may all ask at once; the latest
   * request wins and runs after the one in progress. Resolves to the ids of newly opened tabs.
   */
  fill(desired: number, isIdle: (tabId: number) => boolean, closeSurplus = false): Promise<number[]> {
    this.wanted = { desired, isIdle, closeSurplus };
    this.filling ??= (async () => {
      const opened: number[] = [];
      for (let wanted = this.wanted; wanted; wanted = this.wanted) {
        this.wanted = null;
        opened.push(...(await this.doFill(wanted.desired, wanted.isIdle, wanted.closeSurplus)));
      }
      return opened;
    })().finally(() => (this.filling = null));
    return this.filling;
  }

  async handOver(tabId: number): Promise<string | null> {
    const url = await this.tabUrl(tabId);
    if (!isAiStudioUrl(url ?? undefined)) return 'only an AI Studio tab (aistudio.google.com) can become a worker tab';
    if (!this.has(tabId)) {
      this.tabs.push({ tabId, origin: 'handover' });
      this.onRoleChanged(tabId);
      await this.save();
    }
    await this.keepLoaded(tabId);
    return null;
  }

  /** stop serving in this tab (popup "release", or it navigated away); returns what it was */
  async release(tabId: number): Promise<WorkerTab | null> {
    const found = this.tabs.find((t) => t.tabId === tabId) ?? null;
    if (!found) return null;
    this.tabs = this.tabs.filter((t) => t.tabId !== tabId);
    this.onRoleChanged(tabId);
    await this.save();
    return found;
  }

  private async doFill(desired: number, isIdle: (tabId: number) => boolean, closeSurplus: boolean): Promise<number[]> {
    const opened: number[] = [];
    for (let guard = 0; this.tabs.length < desired && guard < desired; guard++) {
      const tabId = await this.openOne();
      if (tabId === null) break;
      this.tabs.push({ tabId, origin: 'opened' });
      this.onRoleChanged(tabId);
      opened.push(tabId);
      await this.save();
      await this.keepLoaded(tabId);
    }
    if (!closeSurplus) return opened;
    const surplus = this.tabs
      .filter((t) => t.origin === 'opened' && isIdle(t.tabId))
      .slice(0, Math.max(0, this.tabs.length - desired));
    for (const tab of surplus) {
      await this.release(tab.tabId);
      await this.chromeApi.tabs.remove(tab.tabId).catch(() => undefined);
    }
    return opened;
  }

  private async openOne(): Promise<number | null> {
    try {
      if (this.windowId !== null) {
        try {
          const tab = await this.chromeApi.tabs.create({ url: WORKER_TAB_URL, windowId: this.windowId, active: false });
          if (tab.id !== undefined) return tab.id;
        } catch {
          this.windowId = null; // the worker window was closed: open a new one below
        }
      }
      // A separate, unfocused window keeps worker tabs out of the person's own tab strip. A fixed
      // desktop size: narrower windows make AI Studio drop its run-settings panel (observed 2026-07).
      const win = await this.chromeApi.windows.create({
        url: WORKER_TAB_URL,
        focused: false,
        type: 'normal',
        ...WORKER_WINDOW_SIZE,
      });
      const tabId = win?.tabs?.[0]?.id;
      this.windowId = win?.id ?? null;
      await this.chromeApi.session.set({ workerWindowId: this.windowId });
      return tabId ?? null;
    } catch (error) {
      this.log(`could not open a worker tab: ${String(error)}`);
      return null;
    }
  }

  /** Memory Saver must not discard a worker tab: its content script would be gone mid-job. */
  private async keepLoaded(tabId: number): Promise<void> {
    await this.chromeApi.tabs
      .update(tabId, { autoDiscardable: false })
      .catch((e: unknown) => this.log(`autoDiscardable: ${String(e)}`));
  }

  private async tabUrl(tabId: number): Promise<string | null> {
    try {
      const tab = await this.chromeApi.tabs.get(tabId);
      return tab.url || tab.pendingUrl || '';
    } catch {
      return null;
    }
  }

  private save(): Promise<void> {
    return this.chromeApi.session.set({ [SESSION_KEY]: this.tabs });
  }
}
