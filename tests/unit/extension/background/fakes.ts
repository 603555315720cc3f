import type { ChromeApi, PortLike, StorageAreaLike, TabLike } from '../../../../extension/background/chrome-api.ts';
import type { Clock, TimerHandle } from '../../../../extension/background/clock.ts';
import { SOCKET_OPEN, type SocketLike } from '../../../../extension/background/socket.ts';
import { signProof } from '../../../../protocol/pairing-proof.ts';

/** A clock whose time only moves when the test says so. */
export class FakeClock implements Clock {
  private t = 1_000_000;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + ms, fn });
    return id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle | null): void {
    if (handle !== null) this.timers.delete(handle as unknown as number);
  }

  pending(): number {
    return this.timers.size;
  }

  /** the delay until the next timer, or null */
  nextDelay(): number | null {
    const ats = [...this.timers.values()].map((t) => t.at);
    return ats.length ? Math.min(...ats) - this.t : null;
  }

  /** move time forward, firing due timers in order (bounded) */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (let guard = 0; guard < 10_000; guard++) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
      await flush();
    }
    this.t = end;
    await flush();
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** Real-time waits: WebCrypto resolves off the microtask queue, so flush() alone is not enough. */
async function settle(done: () => boolean, maxMs = 2000): Promise<void> {
  for (let waited = 0; waited < maxMs && !done(); waited += 2) await new Promise((r) => setTimeout(r, 2));
}

/** The bridge's side of the pairing proof: a challenge that proves `token`; resolves once the link answered. */
export async function proveBridge(socket: FakeSocket, token: string, proofToken = token): Promise<void> {
  const hello = socket.sent.find((m) => (m as { type: string }).type === 'hello') as { data: { nonce: string } };
  const nonce = 'b'.repeat(43);
  socket.receive('challenge', { nonce, proof: await signProof(proofToken, 'bridge', [hello.data.nonce, nonce]) });
  await settle(() => socket.types().includes('proof') || socket.closedWith !== null);
}

export class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  closedWith: { code?: number; reason?: string } | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  // test side
  open(): void {
    this.readyState = SOCKET_OPEN;
    this.onopen?.();
  }

  receive(type: string, data: unknown): void {
    this.onmessage?.({ data: JSON.stringify({ id: 'b1', type, data }) });
  }

  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  types(): string[] {
    return this.sent.map((m) => (m as { type: string }).type);
  }
}

class FakeStorage implements StorageAreaLike {
  data: Record<string, unknown> = {};
  async get(keys: string | string[]): Promise<Record<string, unknown>> {
    const list = typeof keys === 'string' ? [keys] : keys;
    return Object.fromEntries(list.filter((k) => k in this.data).map((k) => [k, structuredClone(this.data[k])]));
  }
  async set(items: Record<string, unknown>): Promise<void> {
    Object.assign(this.data, structuredClone(items));
  }
}

export class FakePort implements PortLike {
  posted: Array<{ type: string; data: unknown }> = [];
  private messageListeners: Array<(m: unknown) => void> = [];
  private disconnectListeners: Array<() => void> = [];
  readonly sender: { tab: { id: number; url: string } };

  constructor(
    tabId: number,
    readonly name = 'aistudio-tab',
  ) {
    this.sender = { tab: { id: tabId, url: 'https://aistudio.google.com/prompts/new_chat' } };
  }

  postMessage(message: unknown): void {
    this.posted.push(message as { type: string; data: unknown });
  }
  disconnect(): void {}
  onMessage = { addListener: (fn: (m: unknown) => void) => void this.messageListeners.push(fn) };
  onDisconnect = { addListener: (fn: () => void) => void this.disconnectListeners.push(fn) };

  // test side
  fromContent(type: string, data: unknown): void {
    for (const fn of this.messageListeners) fn({ id: 'c1', type, data });
  }
  gone(): void {
    for (const fn of this.disconnectListeners) fn();
  }
  lastRole(): string | undefined {
    const roles = this.posted.filter((m) => m.type === 'tab.role');
    return (roles[roles.length - 1]?.data as { role: string } | undefined)?.role;
  }
}

/** A browser with tabs and windows, enough for the worker's bookkeeping. */
export class FakeChrome implements ChromeApi {
  local = new FakeStorage();
  session = new FakeStorage();
  tabsById = new Map<number, TabLike>();
  windowsCreated = 0;
  /** the size each worker window was opened at */
  windowSizes: { width?: number; height?: number }[] = [];
  injected: Array<{ tabId: number; files: string[]; world?: string }> = [];
  updates: Array<{ tabId: number; autoDiscardable?: boolean; url?: string }> = [];
  reloads: number[] = [];
  /** tabs showing the browser's error page: executeScript refuses them as Chrome does */
  errorPages = new Set<number>();
  private nextTab = 100;
  private nextWindow = 10;

  addTab(url: string, windowId = 1): number {
    const id = this.nextTab++;
    this.tabsById.set(id, { id, url, windowId, status: 'complete' });
    return id;
  }

  tabs = {
    create: async (p: { url: string; windowId?: number }): Promise<TabLike> => {
      if (p.windowId !== undefined && ![...this.tabsById.values()].some((t) => t.windowId === p.windowId))
        throw new Error('No window');
      const id = this.addTab(p.url, p.windowId);
      return this.tabsById.get(id)!;
    },
    update: async (tabId: number, p: { autoDiscardable?: boolean; url?: string }): Promise<TabLike | undefined> => {
      this.updates.push({ tabId, ...p });
      const tab = this.tabsById.get(tabId);
      if (tab && p.url) tab.url = p.url;
      return tab;
    },
    reload: async (tabId: number): Promise<void> => {
      if (!this.tabsById.has(tabId)) throw new Error(`No tab with id: ${tabId}`);
      this.reloads.push(tabId);
    },
    get: async (tabId: number): Promise<TabLike> => {
      const tab = this.tabsById.get(tabId);
      if (!tab) throw new Error(`No tab with id: ${tabId}`);
      return tab;
    },
    query: async (): Promise<TabLike[]> =>
      [...this.tabsById.values()].filter((t) => t.url?.startsWith('https://aistudio.google.com/')),
    remove: async (tabId: number): Promise<void> => void this.tabsById.delete(tabId),
  };

  windows = {
    create: async (p: { url: string; width?: number; height?: number }): Promise<{ id?: number; tabs?: TabLike[] }> => {
      this.windowsCreated++;
      this.windowSizes.push({ width: p.width, height: p.height });
      const windowId = this.nextWindow++;
      const id = this.addTab(p.url, windowId);
      return { id: windowId, tabs: [this.tabsById.get(id)!] };
    },
  };

  scripting = {
    executeScript: async (i: {
      target: { tabId: number };
      files?: string[];
      func?: () => unknown;
      world?: 'MAIN' | 'ISOLATED';
    }): Promise<unknown> => {
      if (this.errorPages.has(i.target.tabId)) throw new Error('Frame with ID 0 is showing error page');
      if (i.files) this.injected.push({ tabId: i.target.tabId, files: i.files, world: i.world });
      return [];
    },
  };

  contentScripts() {
    return [{ js: ['extension/page/tap.iife.js'], world: 'MAIN' }, { js: ['assets/content.js'] }];
  }

  extensionVersion(): string {
    return '0.1.0';
  }
}
