import type { ContentEnvelope, ContentMessageData, ContentMessageType } from '../../../../protocol/content.ts';
import type { PageHealth } from '../../../../protocol/messages.ts';
import type { ContentAppDeps, PageDriver } from '../../../../extension/content/app.ts';
import type { JobDeps } from '../../../../extension/content/job.ts';
import type { TapRecord } from '../../../../extension/content/tap-records.ts';
import type { JobRequest } from '../../../../protocol/job.ts';

/** Fakes for the content-script app: a Port runtime, a clock, a document, a page and its jobs. */
type Listener<T> = (value: T) => void;

class FakePort {
  posted: ContentEnvelope[] = [];
  disconnected = false;
  private readonly messageListeners: Listener<unknown>[] = [];
  private readonly disconnectListeners: Listener<void>[] = [];
  constructor(readonly name: string) {}
  onMessage = { addListener: (l: Listener<unknown>) => this.messageListeners.push(l) };
  onDisconnect = { addListener: (l: Listener<void>) => this.disconnectListeners.push(l) };
  postMessage(m: unknown): void {
    if (this.disconnected) throw new Error('Attempting to use a disconnected port object');
    this.posted.push(m as ContentEnvelope);
  }
  disconnect(): void {
    this.disconnected = true;
  }
  /** the worker sends a message */
  deliver(type: string, data: unknown): void {
    for (const l of this.messageListeners) l({ id: `w${Math.random()}`, type, data });
  }
  /** the worker went away */
  drop(): void {
    this.disconnected = true;
    for (const l of this.disconnectListeners) l();
  }
  sent<T extends ContentMessageType>(type: T): ContentMessageData<T>[] {
    return this.posted.filter((m) => m.type === type).map((m) => m.data as ContentMessageData<T>);
  }
}

function fakeRuntime() {
  const ports: FakePort[] = [];
  const runtime = {
    id: 'ext' as string | undefined,
    lastError: undefined,
    connect: ({ name }: { name: string }) => {
      const port = new FakePort(name);
      ports.push(port);
      return port;
    },
  };
  return { ports, runtime, last: (): FakePort => ports[ports.length - 1] as FakePort };
}

function fakeClock(start = 1_000_000) {
  let now = start;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => now,
    setTimeout: (fn: () => void, ms: number) => timers.push({ at: now + ms, fn }),
    advance(ms: number): void {
      const until = now + ms;
      for (let guard = 0; guard < 1_000; guard++) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > until) break;
        timers.shift();
        now = next.at;
        next.fn();
      }
      now = until;
    },
  };
}

function fakeStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  };
}

function fakeDocument(readyState: DocumentReadyState = 'complete') {
  const listeners: (() => void)[] = [];
  const doc = {
    readyState,
    body: readyState === 'loading' ? null : {},
    addEventListener: (_type: string, fn: () => void) => listeners.push(fn),
  };
  return {
    doc,
    /** the parser reached the end: body exists, DOMContentLoaded fires */
    load(): void {
      doc.readyState = 'interactive';
      doc.body = {};
      for (const l of listeners.splice(0)) l();
    },
  };
}

interface RunningJob {
  jobId: string;
  request: JobRequest;
  deps: JobDeps;
  signal: AbortSignal;
  end(): void;
}

/** The page: health/model values the test sets, a tap it feeds, DOM changes it triggers, jobs it ends. */
function fakePage() {
  const state = {
    health: { ok: true, missing: [], checkedAt: 0 } as PageHealth,
    model: 'gemini-2.5-pro' as string | null,
    account: null as string | null,
    accountId: null as string | null,
  };
  const tapListeners = new Set<(r: TapRecord) => void>();
  const observers: (() => void)[] = [];
  const banners: AbortSignal[] = [];
  const jobs: RunningJob[] = [];
  const overrides: Record<string, readonly string[]>[] = [];
  const driver: PageDriver = {
    overrideSelectors: (o) => void overrides.push(o),
    report: () => ({
      url: 'https://aistudio.google.com/prompts/new_chat',
      selectors: [],
      customElements: [{ name: 'ms-run-button', count: 1 }],
      dataTestAttributes: [],
      ariaLabels: [],
    }),
    tap: {
      connected: true,
      running: false,
      subscribe(listener, signal) {
        tapListeners.add(listener);
        signal.addEventListener('abort', () => tapListeners.delete(listener));
      },
    },
    health: () => state.health,
    model: () => state.model,
    account: () => state.account,
    accountId: () => state.accountId,
    banner: (signal) => banners.push(signal),
    observe: (onChange, signal) => {
      if (!signal.aborted) observers.push(onChange);
    },
    runJob: (jobId, request, deps, signal) =>
      new Promise<void>((resolve) => {
        jobs.push({ jobId, request, deps, signal, end: resolve });
      }),
  };
  return {
    state,
    driver,
    banners,
    jobs,
    overrides,
    record: (r: TapRecord) => tapListeners.forEach((l) => l(r)),
    mutate: () => observers.forEach((o) => o()),
  };
}

export function appDeps(overrides: { readyState?: DocumentReadyState } = {}) {
  const runtime = fakeRuntime();
  const clock = fakeClock();
  const document = fakeDocument(overrides.readyState);
  const page = fakePage();
  const assigned: string[] = [];
  const location = {
    href: 'https://aistudio.google.com/prompts/new_chat',
    assign: (url: string) => void assigned.push(url),
  };
  const deps: ContentAppDeps = {
    document: document.doc as unknown as Document,
    location,
    runtime: runtime.runtime as unknown as typeof chrome.runtime,
    clock,
    storage: { session: fakeStorage(), local: fakeStorage() },
    page: page.driver,
  };
  return { deps, runtime, clock, document, page, assigned };
}
