/**
 * Test-only entry for the driver tests: the real content-script job runner and tap channel,
 * without chrome.runtime. Bundled as an IIFE and injected (after the tap) with
 * context.addInitScript, so it connects to the tap at document start like the real content
 * script. Exposes `window.__driver` for the test to start/cancel jobs and read events.
 */
import type { JobEvent, JobRequest } from '../../../../protocol/job.ts';
import type { TraceStep } from '../../../../protocol/trace.ts';
import { checkHealth, countSelectors } from '../../../../extension/content/health.ts';
import { findOrExpand } from '../../../../extension/content/actions/expand-sections.ts';
import { ensureRunSettingsOpen } from '../../../../extension/content/actions/run-settings-panel.ts';
import { Cancelled, runJob } from '../../../../extension/content/job.ts';
import { pageSkeleton } from '../../../../extension/content/page-skeleton.ts';
import { type SelectorName } from '../../../../extension/content/selectors.ts';
import { locate } from '../../../../extension/content/find.ts';
import type { RunTimings } from '../../../../extension/content/result.ts';
import { connectTap } from '../../../../extension/content/tap-channel.ts';
import type { TapRecord } from '../../../../extension/content/tap-records.ts';

export interface DriverEvent {
  at: number;
  event: JobEvent;
}

export interface DriverApi {
  start(jobId: string, request: JobRequest, timings?: Partial<RunTimings>): void;
  cancel(jobId: string, reason: string): void;
  events: Record<string, DriverEvent[]>;
  navigating: Record<string, string>;
  logs: Record<string, [string, unknown][]>;
  /** when each step finished (ms since the job started), for latency checks */
  times: Record<string, [string, number][]>;
  records: TapRecord[];
  /** the step trace of each ended job (its terminal event's `step` and `steps`, kept out of `events`) */
  traces: Record<string, { step?: string; steps: TraceStep[] }>;
  tapConnected(): boolean;
  /** whether the tap says a GenerateContent request of the page is open */
  tapRunning(): boolean;
  health(): unknown;
  selectors(): unknown;
  /** the runner's own step: open the run-settings panel (narrow and closed layouts) */
  openPanel(): Promise<string>;
  /** look for each key as a settings step does (expanding collapsed sections); which candidate matched */
  discover(keys: string[]): Promise<Array<{ key: string; candidate: number | string | null }>>;
  /** what doctor --page --save writes */
  skeleton(): string;
}

declare global {
  interface Window {
    __driver: DriverApi;
  }
}

const tap = connectTap(document);
const controllers = new Map<string, AbortController>();
const api: DriverApi = {
  events: {},
  navigating: {},
  logs: {},
  times: {},
  records: [],
  traces: {},
  tapConnected: () => tap.connected,
  tapRunning: () => tap.running,
  health: () => checkHealth(),
  selectors: () => countSelectors(),
  openPanel: () => ensureRunSettingsOpen(new AbortController().signal),
  async discover(keys) {
    const out: Array<{ key: string; candidate: number | string | null }> = [];
    for (const key of keys) {
      const el = await findOrExpand(key as SelectorName, new AbortController().signal);
      out.push({ key, candidate: el ? (locate(key as SelectorName)?.candidate ?? null) : null });
    }
    return out;
  },
  skeleton: () => pageSkeleton(document, location.href),
  start(jobId, request, timings) {
    const ctl = new AbortController();
    controllers.set(jobId, ctl);
    const events: DriverEvent[] = (api.events[jobId] = []);
    const logs: [string, unknown][] = (api.logs[jobId] = []);
    const times: [string, number][] = (api.times[jobId] = []);
    const t0 = Date.now();
    void runJob(
      jobId,
      request,
      {
        tap,
        emit: (full) => {
          // The trace travels on the terminal event; tests read it from `traces`, events stay as before.
          const event = { ...full } as JobEvent & { step?: string; steps?: TraceStep[] };
          if (event.kind === 'done' || event.kind === 'error') {
            api.traces[jobId] = { ...(event.step ? { step: event.step } : {}), steps: event.steps ?? [] };
            delete event.step;
            delete event.steps;
          }
          events.push({ at: Date.now(), event });
          times.push([event.kind, Date.now() - t0]);
        },
        navigating: (reason) => (api.navigating[jobId] = reason),
        navigate: (path) => location.assign(path),
        session: sessionStorage,
        local: localStorage,
        timings,
        log: (step, detail) => {
          logs.push([step, detail]);
          times.push([step, Date.now() - t0]);
        },
      },
      ctl.signal,
    );
  },
  cancel(jobId, reason) {
    controllers.get(jobId)?.abort(new Cancelled(reason));
  },
};
tap.subscribe((r) => api.records.push(r), new AbortController().signal);
window.__driver = api;
