import type { TabLoad, TabLoadProblem } from '../../protocol/messages.ts';
import type { ChromeApi } from './chrome-api.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { isGoogleSignInUrl, WORKER_TAB_URL } from '../lib/urls.ts';

/**
 * Worker tabs that did not load. A tab opened while the network was not ready (after sleep, say)
 * shows the browser's error page for good, and a signed-out one shows Google's sign-in page;
 * neither runs our content script, so nothing inside the page can report it. From outside: when a
 * worker tab finishes loading, or no content script said hello within `noScriptMs`, look at it
 * (sign-in URL; `scripting.executeScript` refused because the frame "is showing error page") and
 * reload it with backoff: the delays below, then at most once a minute. Every change is reported
 * (`onChange`) so the popup and the bridge's /health can say why a tab is not serving.
 */
export interface RecoveryDeps {
  chrome: ChromeApi;
  clock: Clock;
  isWorker(tabId: number): boolean;
  /** its content script said hello */
  hasContent(tabId: number): boolean;
  onChange(load: TabLoad): void;
  log(message: string): void;
  noScriptMs?: number;
  delaysMs?: readonly number[];
}

const NO_SCRIPT_MS = 20_000;
/** five quick tries, then once a minute */
const RELOAD_DELAYS_MS: readonly number[] = [2_000, 5_000, 10_000, 20_000, 40_000, 60_000];

const REASONS: Record<TabLoadProblem, string> = {
  error_page: 'the page did not load (the browser shows its error page, e.g. network not ready)',
  sign_in: 'the tab shows the Google sign-in page: sign in to AI Studio in this browser',
  no_content_script: 'the AI Studio page did not start the extension within 20 s',
};

interface Watch {
  load: TabLoad;
  watchdog: TimerHandle | null;
  retry: TimerHandle | null;
}

export class TabRecovery {
  private readonly tabs = new Map<number, Watch>();

  constructor(private readonly deps: RecoveryDeps) {}

  /** a worker tab (re)started loading: expect its content script within `noScriptMs` */
  watch(tabId: number): void {
    if (!this.deps.isWorker(tabId)) return;
    if (this.deps.hasContent(tabId)) return this.loaded(tabId); // e.g. a handed-over tab
    const fresh = !this.tabs.has(tabId);
    const w = this.entry(tabId);
    this.deps.clock.clearTimeout(w.watchdog);
    w.watchdog = this.deps.clock.setTimeout(() => void this.check(tabId, true), this.deps.noScriptMs ?? NO_SCRIPT_MS);
    // A failed tab keeps showing why until it loads (the browser may retry on its own meanwhile).
    if (fresh || w.load.state === 'loaded')
      this.update(w, { state: 'loading', problem: null, reason: null, retryAt: null });
  }

  /** the tab finished loading (tabs.onUpdated status "complete"): an error or sign-in page shows now */
  pageComplete(tabId: number): void {
    if (this.deps.isWorker(tabId)) void this.check(tabId, false);
  }

  /** its content script said hello: the tab is fine */
  loaded(tabId: number): void {
    if (!this.deps.isWorker(tabId)) return; // the person's own AI Studio tabs are none of ours
    const w = this.tabs.get(tabId);
    if (!w)
      return this.update(this.entry(tabId), {
        state: 'loaded',
        problem: null,
        reason: null,
        attempts: 0,
        retryAt: null,
      });
    this.clearTimers(w);
    if (w.load.state !== 'loaded')
      this.update(w, { state: 'loaded', problem: null, reason: null, attempts: 0, retryAt: null });
  }

  /** no worker tab any more (closed, released) */
  forget(tabId: number): void {
    const w = this.tabs.get(tabId);
    if (!w) return;
    this.clearTimers(w);
    this.tabs.delete(tabId);
    this.deps.onChange({ ...w.load, state: 'closed', retryAt: null });
  }

  get(tabId: number): TabLoad | null {
    return this.tabs.get(tabId)?.load ?? null;
  }

  all(): TabLoad[] {
    return [...this.tabs.values()].map((w) => w.load);
  }

  private async check(tabId: number, timedOut: boolean): Promise<void> {
    if (!this.deps.isWorker(tabId)) return this.forget(tabId);
    if (this.deps.hasContent(tabId)) return this.loaded(tabId);
    const problem = await this.diagnose(tabId, timedOut);
    if (problem === 'gone') return this.forget(tabId);
    // The content script may have said hello while we looked.
    if (!problem || this.deps.hasContent(tabId) || !this.deps.isWorker(tabId)) return;
    const w = this.entry(tabId);
    if (w.retry !== null) return; // a reload is already scheduled
    this.deps.clock.clearTimeout(w.watchdog);
    w.watchdog = null;
    const delays = this.deps.delaysMs ?? RELOAD_DELAYS_MS;
    const minute = delays[delays.length - 1] ?? 60_000;
    // Reloading the sign-in page while the person types would undo their typing: once a minute.
    const delay = problem === 'sign_in' ? minute : (delays[Math.min(w.load.attempts, delays.length - 1)] ?? minute);
    const retryAt = this.deps.clock.now() + delay;
    this.deps.log(`worker tab ${tabId}: ${REASONS[problem]}; reloading in ${Math.round(delay / 1000)} s`);
    w.retry = this.deps.clock.setTimeout(() => void this.reload(tabId, problem), delay);
    this.update(w, { state: 'failed', problem, reason: REASONS[problem], retryAt });
  }

  private async diagnose(tabId: number, timedOut: boolean): Promise<TabLoadProblem | 'gone' | null> {
    let url: string;
    try {
      const tab = await this.deps.chrome.tabs.get(tabId);
      url = tab.url || tab.pendingUrl || '';
    } catch {
      return 'gone';
    }
    if (isGoogleSignInUrl(url)) return 'sign_in';
    try {
      await this.deps.chrome.scripting.executeScript({ target: { tabId }, func: () => 0 });
    } catch (error) {
      if (/error page/i.test(String(error))) return 'error_page';
    }
    return timedOut ? 'no_content_script' : null;
  }

  private async reload(tabId: number, problem: TabLoadProblem): Promise<void> {
    const w = this.tabs.get(tabId);
    if (!w) return;
    w.retry = null;
    if (!this.deps.isWorker(tabId)) return this.forget(tabId);
    if (this.deps.hasContent(tabId)) return this.loaded(tabId);
    this.update(w, { state: 'loading', attempts: w.load.attempts + 1, retryAt: null });
    try {
      // A sign-in page reloaded stays a sign-in page: go back to AI Studio, which sends the
      // tab to sign-in again only while the person is still signed out.
      if (problem === 'sign_in') await this.deps.chrome.tabs.update(tabId, { url: WORKER_TAB_URL });
      else await this.deps.chrome.tabs.reload(tabId);
    } catch (error) {
      return this.deps.log(`worker tab ${tabId}: reload failed: ${String(error)}`);
    }
    this.deps.clock.clearTimeout(w.watchdog);
    w.watchdog = this.deps.clock.setTimeout(() => void this.check(tabId, true), this.deps.noScriptMs ?? NO_SCRIPT_MS);
  }

  private entry(tabId: number): Watch {
    let w = this.tabs.get(tabId);
    if (!w) {
      w = {
        load: { tabId: String(tabId), state: 'loading', problem: null, reason: null, attempts: 0, retryAt: null },
        watchdog: null,
        retry: null,
      };
      this.tabs.set(tabId, w);
    }
    return w;
  }

  private update(w: Watch, change: Partial<TabLoad>): void {
    w.load = { ...w.load, ...change };
    this.deps.onChange(w.load);
  }

  private clearTimers(w: Watch): void {
    this.deps.clock.clearTimeout(w.watchdog);
    this.deps.clock.clearTimeout(w.retry);
    w.watchdog = null;
    w.retry = null;
  }
}
