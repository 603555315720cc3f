import type { Envelope, ModelInfo } from '../../protocol/index.ts';
import type { ChromeApi, PortLike } from './chrome-api.ts';
import type { Clock } from './clock.ts';
import { injectInto, injectIntoOpenTabs } from './inject.ts';
import { BridgeLink, type Credentials } from './link.ts';
import { pairViaNative, type RequestPairing } from './pairing.ts';
import { RequestsLog } from './requests-log.ts';
import { accountOf, loadSettings, type Settings } from '../lib/settings.ts';
import type { OpenSocket } from './socket.ts';
import { StatusPublisher } from './status-publisher.ts';
import type { LinkStatus, PopupRequest, PopupResponse, TabStatus } from '../lib/status.ts';
import { TabPool } from './tab-pool.ts';
import { TabRecovery } from './tab-recovery.ts';
import { PageReports } from './page-reports.ts';
import { isAiStudioUrl, isGoogleSignInUrl, WorkerTabs } from './worker-tabs.ts';

export interface AppDeps {
  chrome: ChromeApi;
  openSocket: OpenSocket;
  clock: Clock;
  random: () => number;
  requestPairing: RequestPairing | null;
  userAgent?: string;
  log: (message: string) => void;
}

/**
 * The service worker, composed: bridge link ⇄ tab pool, worker-tab bookkeeping, popup status.
 * index.ts forwards Chrome events here; nothing in this file touches the global `chrome`.
 */
export class WorkerApp {
  private readonly link: BridgeLink;
  private readonly pool: TabPool;
  private readonly workerTabs: WorkerTabs;
  private readonly recovery: TabRecovery;
  private readonly reports: PageReports;
  private readonly requests: RequestsLog;
  private readonly publisher: StatusPublisher;
  private readonly ready: Promise<void>;
  private settings: Settings | null = null;
  private linkStatus: LinkStatus;
  private models: ModelInfo[] | null = null;
  private pairing: Promise<unknown> | null = null;
  /** worker tabs showing Google's sign-in page, by the URL they show (for the popup) */
  private readonly signingIn = new Map<number, string>();
  private initialised = false;

  constructor(private readonly deps: AppDeps) {
    const { chrome: api, clock, log } = deps;
    this.requests = new RequestsLog(() => clock.now());
    this.linkStatus = {
      state: 'disconnected',
      reason: null,
      detail: 'starting',
      bridgeUrl: '',
      bridgeVersion: null,
      pairedVia: 'unknown',
      since: clock.now(),
      nextRetryAt: null,
    };
    this.publisher = new StatusPublisher(api.session, clock, () => this.snapshot(), log);
    this.workerTabs = new WorkerTabs(api, (tabId) => this.roleChanged(tabId), log);
    this.recovery = new TabRecovery({
      chrome: api,
      clock,
      log,
      isWorker: (tabId) => this.workerTabs.has(tabId),
      hasContent: (tabId) => !!this.pool.view(tabId)?.page && this.pool.isConnected(tabId),
      onChange: (load) => {
        this.link.send('tab.load', load);
        this.publisher.changed();
      },
    });
    this.pool = new TabPool({
      send: (type, data) => this.link.send(type, data),
      isWorker: (tabId) => this.workerTabs.has(tabId),
      clock,
      onJobStarted: (jobId, tabId, model) => this.requests.started(jobId, tabId, model),
      onJobEnded: (jobId, event) => this.requests.ended(jobId, event),
      onChanged: () => this.publisher.changed(),
      onModels: (models) => (this.models = models),
      onHello: (tabId) => this.recovery.loaded(tabId),
      onPageReport: (tabId, requestId, report) => this.reports.reported(tabId, requestId, report),
      onAccount: (label, id) => void this.pageAccount(label, id),
      log,
    });
    this.reports = new PageReports({
      clock,
      ask: (tabId, requestId, skeleton) => {
        const why = this.pool.requestReport(tabId, requestId, skeleton);
        const load = this.recovery.get(tabId);
        return why && load?.reason ? `${why}: ${load.reason}` : why;
      },
      answer: (requestId, tabs) => void this.link.send('page.report', { requestId, tabs }),
    });
    this.link = new BridgeLink({
      openSocket: deps.openSocket,
      clock,
      random: deps.random,
      log,
      credentials: () => this.credentials(),
      repair: async () => (await pairViaNative(deps.requestPairing, api.local, false, log)) === 'changed',
      extensionVersion: api.extensionVersion(),
      extensionId: api.extensionId?.(),
      userAgent: deps.userAgent,
      onMessage: (message) => this.onBridgeMessage(message),
      onReady: () => this.onLinkReady(),
      onLost: () => this.pool.linkLost(),
      onStatus: (status) => {
        this.linkStatus = status;
        this.publisher.changed();
      },
    });
    this.ready = this.init();
  }

  /**
   * Every worker start (first run, or woken after suspension by an alarm, a Port or a message):
   * connect now. Native pairing runs only when there is no token yet; on browser startup and
   * install it runs anyway (onStartup/onInstalled), because that is when the bridge may need
   * starting. New credentials reach the link through the storage listener.
   */
  async start(): Promise<void> {
    await this.ready;
    this.link.wake();
    if (!this.settings?.token) await this.pair();
  }

  /** onStartup: the browser just started, maybe the bridge did not; the native host can start it */
  async onStartup(): Promise<void> {
    await this.ready;
    this.link.wake();
    await this.pair();
  }

  async onInstalled(): Promise<void> {
    await this.ready;
    await injectIntoOpenTabs(this.deps.chrome, (tabId) => this.pool.isConnected(tabId), this.deps.log);
    await this.pair();
  }

  /** single flight: startup, install and a missing token may all ask at once */
  private pair(): Promise<unknown> {
    this.pairing ??= pairViaNative(this.deps.requestPairing, this.deps.chrome.local, true, this.deps.log).finally(
      () => (this.pairing = null),
    );
    return this.pairing;
  }

  wake(): void {
    void this.ready.then(() => this.link.wake());
  }

  /** Called synchronously from runtime.onConnect: the Port's first message must not be missed. */
  onConnect(port: PortLike): void {
    this.pool.attach(port, this.initialised);
  }

  async onSettingsChanged(): Promise<void> {
    await this.ready;
    const before = this.settings;
    this.settings = await loadSettings(this.deps.chrome.local);
    if (!before || before.token !== this.settings.token || before.bridgeUrl !== this.settings.bridgeUrl)
      this.link.restart();
    if (before && before.workerTabCount !== this.settings.workerTabCount) this.fillWorkerTabs(true);
    const account = accountOf(this.settings);
    const id = this.settings.pageAccountId;
    const changed = before !== null && (account !== accountOf(before) || id !== before.pageAccountId);
    if (account && changed && this.link.ready) this.link.send('account', { label: account, ...(id ? { id } : {}) });
  }

  /** A page showed its signed-in account: remember it (onSettingsChanged tells the bridge). */
  private async pageAccount(label: string, id: string | null): Promise<void> {
    await this.ready;
    const pageAccountId = id ?? '';
    if (this.settings?.pageAccount !== label || this.settings.pageAccountId !== pageAccountId)
      await this.deps.chrome.local.set({ pageAccount: label, pageAccountId });
  }

  async onTabRemoved(tabId: number): Promise<void> {
    await this.ready;
    this.pool.tabRemoved(tabId);
    this.recovery.forget(tabId);
    this.signingIn.delete(tabId);
    const gone = await this.workerTabs.release(tabId);
    if (gone?.origin === 'opened') this.fillWorkerTabs(false);
    this.publisher.changed();
  }

  async onTabUrlChanged(tabId: number, url: string): Promise<void> {
    await this.ready;
    if (this.signingIn.delete(tabId)) this.publisher.changed();
    if (!this.workerTabs.has(tabId) || isAiStudioUrl(url)) return;
    // Signed out: AI Studio redirects to the sign-in page, which returns to AI Studio afterwards.
    // The tab stays a worker (not connected meanwhile); releasing and replacing it would open
    // sign-in tab after sign-in tab in a loop. The popup says the person must sign in.
    if (isGoogleSignInUrl(url)) {
      this.signingIn.set(tabId, url);
      this.publisher.changed();
      return;
    }
    // The tab left AI Studio: it is the person's again (its Port already went with the page).
    const gone = await this.workerTabs.release(tabId);
    if (gone?.origin === 'opened') this.fillWorkerTabs(false);
  }

  /** tabs.onUpdated status: a worker tab (re)started loading, or finished (maybe on an error page) */
  async onTabStatus(tabId: number, status: string): Promise<void> {
    await this.ready;
    if (status === 'loading') this.recovery.watch(tabId);
    else if (status === 'complete') this.recovery.pageComplete(tabId);
  }

  async onPopupRequest(request: PopupRequest): Promise<PopupResponse> {
    await this.ready;
    switch (request.type) {
      case 'handover': {
        const error = await this.workerTabs.handOver(request.tabId);
        if (error) return { ok: false, error };
        if (!this.pool.isConnected(request.tabId))
          await injectInto(this.deps.chrome, request.tabId).catch((e: unknown) =>
            this.deps.log(`inject: ${String(e)}`),
          );
        this.publisher.changed();
        return { ok: true };
      }
      case 'release':
        await this.workerTabs.release(request.tabId);
        this.publisher.changed();
        return { ok: true };
      case 'reconnect':
        this.link.restart();
        return { ok: true };
    }
  }

  private async init(): Promise<void> {
    this.settings = await loadSettings(this.deps.chrome.local);
    await this.workerTabs.load();
    this.requests.restore(await this.publisher.restoreRequests());
    // Ports that connected while the list was loading have not been told their role yet.
    this.initialised = true;
    for (const tabId of this.pool.connectedTabs()) this.pool.refreshRole(tabId);
    // Worker tabs that lost their page while the worker slept (or never loaded) are watched again.
    for (const tab of this.workerTabs.list()) this.recovery.watch(tab.tabId);
    this.publisher.changed();
  }

  private async credentials(): Promise<Credentials> {
    // Read fresh, but leave this.settings to onSettingsChanged: it detects changes against it.
    const s = await loadSettings(this.deps.chrome.local);
    // A token that arrived without a recorded path was typed or pasted by the person.
    return {
      bridgeUrl: s.bridgeUrl,
      token: s.token,
      pairedVia: s.pairedVia === 'unknown' && s.token ? 'manual' : s.pairedVia,
      account: accountOf(s),
      accountId: s.pageAccountId,
    };
  }

  private onLinkReady(): void {
    this.pool.announceAll();
    for (const load of this.recovery.all()) this.link.send('tab.load', load);
    if (this.models) this.link.send('models', { models: this.models });
    this.fillWorkerTabs(false);
  }

  private fillWorkerTabs(closeSurplus: boolean): void {
    if (!this.link.ready || !this.settings) return; // no bridge, no windows popping up
    const isIdle = (tabId: number): boolean => !this.pool.view(tabId)?.jobId;
    void this.workerTabs.fill(this.settings.workerTabCount, isIdle, closeSurplus).then(() => this.publisher.changed());
  }

  private roleChanged(tabId: number): void {
    this.pool.refreshRole(tabId);
    if (this.workerTabs.has(tabId)) this.recovery.watch(tabId);
    else this.recovery.forget(tabId);
  }

  private onBridgeMessage(message: Envelope): void {
    if (message.type === 'job.start') this.pool.startJob(message.data);
    else if (message.type === 'job.cancel') this.pool.cancelJob(message.data);
    else if (message.type === 'selectors') this.pool.setSelectorOverrides(message.data.overrides);
    else if (message.type === 'page.report.request')
      this.reports.request(
        message.data.requestId,
        this.workerTabs.list().map((t) => t.tabId),
        message.data.skeleton === true,
      );
    else if (message.type === 'error') this.deps.log(`bridge reported ${message.data.code}: ${message.data.message}`);
    else this.deps.log(`unexpected ${message.type} from the bridge`);
  }

  private snapshot(): { link: LinkStatus; tabs: TabStatus[]; requests: ReturnType<RequestsLog['list']> } {
    const tabs = this.workerTabs.list().map((t): TabStatus => {
      const view = this.pool.view(t.tabId);
      return {
        tabId: t.tabId,
        origin: t.origin,
        connected: view !== null,
        jobId: view?.jobId ?? null,
        url: view?.page?.url ?? this.signingIn.get(t.tabId) ?? '',
        model: view?.page?.model ?? null,
        health: view?.page?.health ?? null,
        load: this.recovery.get(t.tabId),
      };
    });
    return { link: this.linkStatus, tabs, requests: this.requests.list() };
  }
}
