import type { Attachment, JobEvent } from '../../protocol/job.ts';
import { admitJob, type AdmittedJob } from './admission.ts';
import type { Job } from './job.ts';
import type { KeptChatOptions } from '../config.ts';
import type { Timers } from '../timers.ts';
import { turnHash, type TurnRole } from './turn-hash.ts';
import type { Worker } from './workers.ts';
import type { ProgressEvent } from './types.ts';

/**
 * A request's conversation by content (conversation/affinity.ts makes it): what a tab's kept
 * chat must hold for the tab to continue it. Only hashes and sizes: matching never rests on an id
 * the client sent.
 */
export interface ConversationShape {
  /** the model asked for; null = the tab's current one */
  model: string | null;
  /** hashes of the system instruction and of the function declarations */
  system: string;
  tools: string;
  /** one hash per non-system message (turn-hash.ts), oldest first */
  turns: readonly string[];
  roles: readonly TurnRole[];
  /** characters per message */
  sizes: readonly number[];
  /** messages `from`… (all user turns) as the text to type into the kept chat; null when empty */
  tail(from: number): { prompt: string; attachments: Attachment[] } | null;
}

export interface ConversationStats {
  continued: number;
  rebuilt: number;
  /** rebuilds by reason */
  reasons: Record<string, number>;
  /** worker tabs holding a chat the bridge can continue */
  keptChats: number;
}

/** What a tab's chat holds after its last completed run. */
interface KeptChat {
  model: string | null;
  system: string;
  tools: string;
  turns: string[];
  roles: TurnRole[];
  /** chat turns the page showed after the run (`done.chatTurns`), checked again by the tab */
  pageTurns: number;
  runs: number;
  chars: number;
  usedAt: number;
  /** past maxTurns / maxChars: the next request rebuilds */
  full: boolean;
}

type Plan = { kind: 'continue'; worker: string; from: number } | { kind: 'rebuild'; reason: string };

/** A run in progress on a tab: its answer is collected as the page produces it, before any cut. */
interface Capture {
  /** a count job (protocol/token-count.ts): nothing is run, the chat stays as it was */
  count: boolean;
  shape: ConversationShape | undefined;
  model: string | null;
  previous: KeptChat | undefined;
  continued: boolean;
  text: string;
  calls: Array<{ name: string; arguments: string }>;
  overflow: boolean;
}

/**
 * Affinity between conversations and worker tabs. Per tab it remembers the conversation its chat
 * holds (user turns as typed, model turns as the page produced them); a request that is exactly
 * that conversation plus new user message(s) goes to that tab, which types only the new message.
 * Anything else rebuilds in a fresh chat, with the reason said in `x-bridge-conversation`.
 */
export class KeptChats {
  private readonly kept = new Map<string, KeptChat>();
  private readonly running = new Map<string, Capture>();
  private readonly shapes = new WeakMap<Job, ConversationShape>();
  private readonly plans = new WeakMap<Job, Plan>();
  private readonly firstTry = new WeakMap<Job, number>();
  private wakeAt = Infinity;
  private wakeTimer: unknown;
  private continued = 0;
  private rebuilt = 0;
  private readonly reasons = new Map<string, number>();

  constructor(
    private readonly opts: KeptChatOptions,
    private readonly timers: Timers,
    /** re-run the pool's placement (a waited-for tab may be needed elsewhere now) */
    private readonly wake: () => void,
  ) {}

  admit(job: Job, shape: ConversationShape | undefined): void {
    if (shape) this.shapes.set(job, shape);
  }

  /**
   * The tab for a queued job: its conversation's tab when that tab can continue it now; nothing
   * yet while that tab is busy for less than busyWaitMs; otherwise `pick` (the router, leaving out
   * the tabs in `skip`) over the tabs holding no kept chat first, then over all.
   */
  place(
    job: Job,
    all: Worker[],
    pick: (skip: ReadonlySet<string>) => Worker | undefined,
    cooling: (w: Worker) => boolean,
  ): Worker | undefined {
    const shape = this.shapes.get(job);
    let reason = !shape ? 'not a conversation' : !this.opts.enabled ? 'continuation is off' : null;
    if (shape && reason === null) {
      const found = this.find(shape, all, job.request.model);
      reason = found.reason;
      const w = found.worker;
      if (w && !job.avoid.has(w.key)) {
        const free = w.ready && w.jobId === null;
        if (free && !cooling(w) && pick(new Set(all.filter((o) => o !== w).map((o) => o.key))) === w) {
          this.plans.set(job, { kind: 'continue', worker: w.key, from: found.from });
          return w;
        }
        const now = this.timers.now();
        const since = this.firstTry.get(job) ?? now;
        this.firstTry.set(job, since);
        if (!free && w.info.health.ok && now - since < this.opts.busyWaitMs) {
          this.wakeIn(since + this.opts.busyWaitMs - now);
          return undefined;
        }
        reason =
          free && cooling(w)
            ? "its tab's account is cooling down"
            : free
              ? 'its tab cannot take this request'
              : 'its tab was busy';
      } else if (w) reason = 'its tab failed this request';
    }
    this.plans.set(job, { kind: 'rebuild', reason: reason ?? 'no tab holds this conversation' });
    return this.spareFirst(pick);
  }

  /**
   * A tab for a fresh chat: one holding no kept chat if the router finds one (even at the cost of
   * a model switch: a kept chat saves every later turn of its conversation), else the router's
   * choice over all tabs, whose ties go to the least recently used one.
   */
  private spareFirst(pick: (skip: ReadonlySet<string>) => Worker | undefined): Worker | undefined {
    return (this.kept.size > 0 ? pick(new Set(this.kept.keys())) : undefined) ?? pick(new Set());
  }

  /** The request to send to the tab the job was placed on, and what happens to the conversation. */
  dispatch(job: Job, worker: Worker): { admitted: AdmittedJob; outcome: string } {
    const shape = this.shapes.get(job);
    const plan = this.plans.get(job) ?? { kind: 'rebuild', reason: 'not a conversation' };
    const previous = this.kept.get(worker.key);
    const capture: Capture = {
      count: job.request.count === true,
      shape,
      model: job.request.model ?? worker.info.model,
      previous,
      continued: false,
      text: '',
      calls: [],
      overflow: false,
    };
    this.running.set(worker.key, capture);
    if (plan.kind === 'continue' && plan.worker === worker.key && shape && previous) {
      const tail = shape.tail(plan.from);
      if (tail) {
        capture.continued = true;
        const continuation = {
          prompt: tail.prompt,
          turns: previous.pageTurns,
          ...(tail.attachments.length > 0 ? { attachments: tail.attachments } : {}),
        };
        previous.usedAt = this.timers.now();
        return { admitted: admitJob({ ...job.request, continuation }), outcome: 'continued' };
      }
    }
    // A fresh chat replaces whatever the tab kept (the least recently used one, see place).
    this.kept.delete(worker.key);
    const reason = plan.kind === 'rebuild' ? plan.reason : 'nothing new to type';
    return { admitted: job.admitted, outcome: `rebuilt; ${reason}` };
  }

  /** The page started the run: the final word on continued or rebuilt (null: as dispatched). */
  started(workerKey: string, event: Extract<JobEvent, { kind: 'started' }>, dispatched: string): string | null {
    const capture = this.running.get(workerKey);
    if (capture?.continued && event.chat !== 'continued') {
      capture.continued = false;
      const why =
        event.chat === 'new'
          ? "the tab's chat was not as the bridge left it (reloaded or changed)"
          : 'the extension does not continue chats (update it)';
      this.count(`rebuilt; ${why}`);
      return `rebuilt; ${why}`;
    }
    this.count(dispatched);
    return null;
  }

  /** Collects the answer as the page produced it (hot path: one call per chunk). */
  observe(workerKey: string, event: ProgressEvent): void {
    const capture = this.running.get(workerKey);
    if (!capture || capture.overflow) return;
    if (event.kind === 'text') capture.text += event.text;
    else if (event.kind === 'tool_call') capture.calls.push({ name: event.name, arguments: event.arguments });
    else return;
    if (capture.text.length > this.opts.maxChars) capture.overflow = true;
  }

  /** The run ended as the page ended it: the tab's chat now holds the conversation plus this answer. */
  done(workerKey: string, { chatTurns, finishReason }: Extract<JobEvent, { kind: 'done' }>): void {
    const capture = this.running.get(workerKey);
    this.running.delete(workerKey);
    this.kept.delete(workerKey);
    // A count typed into the kept chat and cleared it again: the chat is as it was (unless the
    // tab found it changed and counted in a fresh chat instead).
    if (capture?.count) {
      const { previous } = capture;
      if (capture.continued && previous && (chatTurns === undefined || chatTurns === previous.pageTurns))
        this.kept.set(workerKey, previous);
      return;
    }
    const shape = capture?.shape;
    // A filtered answer's text may be the extension's statement, not what the page holds.
    if (!capture || !shape || capture.overflow || !this.opts.enabled || finishReason === 'content_filter') return;
    const answer = turnHash({ role: 'assistant', text: capture.text, calls: capture.calls });
    const before = capture.continued ? capture.previous : undefined;
    const runs = (before?.runs ?? 0) + 1;
    const chars = shape.sizes.reduce((a, b) => a + b, 0) + capture.text.length;
    this.kept.set(workerKey, {
      model: capture.model,
      system: shape.system,
      tools: shape.tools,
      turns: [...shape.turns, answer],
      roles: [...shape.roles, 'assistant'],
      pageTurns: chatTurns ?? (before?.pageTurns ?? 0) + 2,
      runs,
      chars,
      usedAt: this.timers.now(),
      full: runs >= this.opts.maxTurns || chars >= this.opts.maxChars,
    });
  }

  /** The tab's chat is unknown now (run failed or cut, tab reloading, gone). */
  forget(workerKey: string): void {
    this.running.delete(workerKey);
    this.kept.delete(workerKey);
  }

  stats(): ConversationStats {
    return {
      continued: this.continued,
      rebuilt: this.rebuilt,
      reasons: Object.fromEntries(this.reasons),
      keptChats: this.kept.size,
    };
  }

  close(): void {
    this.timers.clearTimeout(this.wakeTimer);
  }

  private count(outcome: string): void {
    if (outcome === 'continued') {
      this.continued++;
      return;
    }
    this.rebuilt++;
    const reason = outcome.replace(/^rebuilt; /, '');
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
  }

  private wakeIn(ms: number): void {
    const at = this.timers.now() + Math.max(0, ms);
    if (at >= this.wakeAt) return;
    this.timers.clearTimeout(this.wakeTimer);
    this.wakeAt = at;
    this.wakeTimer = this.timers.setTimeout(
      () => {
        this.wakeAt = Infinity;
        this.wake();
      },
      Math.max(0, ms) + 1,
    );
  }

  /**
   * The tab whose kept chat this conversation continues (with the index of its first new
   * message), or why none does: the reason names the closest kept chat's difference.
   */
  private find(
    shape: ConversationShape,
    all: Worker[],
    model: string | null,
  ): { worker: Worker | null; from: number; reason: string | null } {
    let closest: { kept: KeptChat; common: number; w: Worker } | null = null;
    for (const w of all) {
      const kept = this.kept.get(w.key);
      if (!kept) continue;
      const common = commonPrefix(kept.turns, shape.turns);
      if (common === 0) continue;
      if (!closest || common > closest.common || (common === closest.common && kept.usedAt > closest.kept.usedAt))
        closest = { kept, common, w };
    }
    if (!closest) return { worker: null, from: 0, reason: newOrUnknown(shape) };
    const { kept, common, w } = closest;
    const differs = headDifference(kept, shape, model ?? w.info.model);
    if (differs) return { worker: null, from: 0, reason: differs };
    if (common < kept.turns.length) {
      if (common === shape.turns.length)
        return { worker: null, from: 0, reason: "regenerate: the tab's chat already answered this" };
      return {
        worker: null,
        from: 0,
        reason:
          shape.roles[common] === 'assistant'
            ? 'an assistant turn is not as the page produced it'
            : 'the history was edited',
      };
    }
    const rest = shape.roles.slice(common);
    if (rest.length === 0) return { worker: null, from: 0, reason: 'nothing new after the kept chat' };
    if (rest.includes('tool'))
      return { worker: null, from: 0, reason: 'function results: the page has no control to answer a function call' };
    if (rest.some((r) => r !== 'user'))
      return { worker: null, from: 0, reason: 'the request adds assistant turns the chat does not hold' };
    if (kept.full) return { worker: null, from: 0, reason: 'the kept chat reached its size bound' };
    return { worker: w, from: common, reason: null };
  }
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function newOrUnknown(shape: ConversationShape): string {
  return shape.roles.length <= 1 ? 'new conversation' : 'no tab holds this conversation';
}

function headDifference(kept: KeptChat, shape: ConversationShape, model: string | null): string | null {
  if (kept.model !== model) return 'the model changed';
  if (kept.system !== shape.system) return 'the system instruction changed';
  if (kept.tools !== shape.tools) return 'the tools changed';
  return null;
}
