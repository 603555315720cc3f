/**
 * Content script (ISOLATED world, document_start) of every aistudio.google.com tab. It
 * connects the network tap's channel at once (before page scripts run), reports the tab to the
 * service worker (`tab.hello`, `tab.models`) and only drives the page after the worker said
 * `tab.role: worker` — the person's own AI Studio tabs are never touched. See README.md.
 */
import type { ContentEnvelope } from '../../protocol/content.ts';
import type { ModelInfo, PageHealth } from '../../protocol/messages.ts';
import { childController } from '../lib/abort.ts';
import { observeDom } from '../lib/dom-wait.ts';
import { currentModel } from './actions/model.ts';
import { readAccount } from './account.ts';
import { showBanner } from './banner.ts';
import { JobError } from './errors.ts';
import { checkHealth, sameHealth } from './health.ts';
import { Cancelled, runJob } from './job.ts';
import { connectTap } from './tap-channel.ts';
import { connectWorker } from './worker-link.ts';

const life = new AbortController();
const tap = connectTap(document);
let role: 'unknown' | 'worker' | 'idle' = 'unknown';
let worker: AbortController | null = null;
let current: { jobId: string; ctl: AbortController } | null = null;
let models: ModelInfo[] | null = null;
let sent: { model: string | null; health: PageHealth; account: string | null } | null = null;

const link = connectWorker({
  signal: life.signal,
  onConnect: () => {
    sent = null;
    hello();
    if (models) link.send('tab.models', { models });
  },
  // The worker that sent the running job is gone, and with its WebSocket the bridge failed the
  // job: stop the page's run instead of generating for nobody (and refusing the next job as busy).
  onDisconnect: () => current?.ctl.abort(new JobError('tab_gone', 'the extension service worker restarted during the job')),
  onMessage: handle,
  onOrphaned: () => life.abort(new Error('extension reloaded')),
});

function hello(): void {
  if (!document.body) return; // before the DOM exists there is nothing to report; DOMContentLoaded calls again
  const health = checkHealth();
  const model = currentModel();
  const account = readAccount();
  if (sent && sent.model === model && sent.account === account && sameHealth(sent.health, health)) return;
  sent = { model, health, account };
  link.send('tab.hello', { url: location.href, model, health, account });
}

function handle(message: ContentEnvelope): void {
  switch (message.type) {
    case 'tab.role':
      role = message.data.role;
      if (role === 'worker' && !worker) {
        worker = childController(life.signal);
        showBanner(worker.signal);
      } else if (role === 'idle') {
        current?.ctl.abort(new JobError('cancelled', 'the tab was released from worker duty'));
        worker?.abort();
        worker = null;
      }
      return;
    case 'job.start':
      return start(message.data.jobId, message.data.request);
    case 'job.cancel':
      if (current?.jobId === message.data.jobId) current.ctl.abort(new Cancelled(message.data.reason || 'cancelled'));
      return;
    default:
      return;
  }
}

function start(jobId: string, request: Parameters<typeof runJob>[1]): void {
  const refuse = (message: string): void => link.send('job.event', { jobId, event: { kind: 'error', code: 'internal', message } });
  if (role !== 'worker' || !worker) return refuse('this tab is not a worker tab');
  if (current) return refuse(`this tab is busy with job ${current.jobId}`);
  const ctl = childController(worker.signal);
  current = { jobId, ctl };
  void runJob(jobId, request, {
    tap,
    emit: (event) => link.send('job.event', { jobId, event }),
    navigating: (reason) => link.send('job.navigating', { jobId, reason }),
    navigate: (path) => location.assign(path),
    session: sessionStorage,
    local: localStorage,
  }, ctl.signal).finally(() => {
    if (current?.ctl === ctl) current = null;
    ctl.abort();
    hello();
  });
}

tap.subscribe((record) => {
  if (record.t !== 'models') return;
  models = record.models;
  link.send('tab.models', { models });
}, life.signal);

// Model and health are re-reported when they change; checks are throttled to one a second
// (mutations are frequent while a run streams).
let lastCheck = 0;
let scheduled = false;
const recheck = (): void => {
  const wait = 1_000 - (Date.now() - lastCheck);
  if (wait > 0) {
    if (!scheduled) {
      scheduled = true;
      setTimeout(() => {
        scheduled = false;
        recheck();
      }, wait);
    }
    return;
  }
  lastCheck = Date.now();
  hello();
};
const domReady = (): void => {
  hello();
  observeDom(recheck, life.signal);
};
// Late injection (chrome.scripting into a tab open before the extension loaded) arrives after
// DOMContentLoaded: start at once then.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', domReady, { once: true, signal: life.signal });
else domReady();
