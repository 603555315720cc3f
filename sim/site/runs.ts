// What the simulated AI Studio was asked and how it answered: one RunRecord per GenerateContent
// request, plus a small event log, with waiters so tests never poll with sleeps.

import { EventEmitter } from 'node:events';
import type { FinishReason } from './answers.ts';
import type { ScenarioSource, ScenarioSpec } from './scenarios.ts';
import type { Grounding } from './wire/grounding.ts';
import type { Attachment, FunctionCall, GenerateRequest, Turn } from './wire/request.ts';

/** `rejected`: an in-body RPC error other than RESOURCE_EXHAUSTED (that one is `quota`). */
export type RunOutcome = 'pending' | 'completed' | 'aborted' | 'failed' | 'quota' | 'rejected';

/** The request as the page sent it, flattened for assertions: the settings as sent, the turns split. */
type RunRequest = Omit<GenerateRequest, 'contents'> & {
  /** Text of the last user turn (what was typed into the prompt box). */
  prompt: string;
  /** Earlier turns of the chat, oldest first (the last user turn excluded). */
  history: Turn[];
  /** Files attached to the last user turn. */
  attachments: Attachment[];
  raw: GenerateRequest;
};

export interface RunRecord {
  index: number;
  /** The page load that sent the run (matches the detail of its `page-ready` ui event); null if not from the sim page. */
  pageId: string | null;
  request: RunRequest;
  scenario: ScenarioSpec;
  scenarioSource: ScenarioSource;
  /** Full answer of the run (clean of `<ctrlNN>` markers) and the thoughts, as a completed run streams them. */
  answer: string;
  thoughts: string;
  functionCalls: FunctionCall[];
  /** Final images of an image model's answer (drafts excluded). */
  images: Attachment[];
  /** Code execution: the code the answer ran and its result. */
  code: { code: string; outcome: number; output: string } | null;
  /** Sources of a Google Search / URL context answer (sent at candidate[7] of the last frame). */
  grounding: Grounding | null;
  finishReason: FinishReason;
  /** What actually went out before the stream ended (differs from answer/thoughts when aborted or failed). */
  sentAnswer: string;
  sentThoughts: string;
  receivedAt: number;
  firstChunkAt: number | null;
  /** Epoch ms of every network chunk written. */
  chunkTimes: number[];
  endedAt: number | null;
  outcome: RunOutcome;
  abortedAt: number | null;
}

export type SimEvent =
  | { type: 'page-load'; at: number; path: string }
  | { type: 'page-load-failed'; at: number; path: string }
  | { type: 'list-models'; at: number }
  | { type: 'run-start'; at: number; index: number }
  | { type: 'run-end'; at: number; index: number; outcome: RunOutcome }
  /** Reported by the page itself: stop-click, new-chat, temporary-chat-on/off, dialog-dismissed, declarations-saved, upload, run-blocked, page-ready (detail = pageId). */
  | { type: 'ui'; at: number; action: string; detail?: string };

export class RunLog {
  readonly runs: RunRecord[] = [];
  readonly events: SimEvent[] = [];
  listModelsCalls = 0;
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  addRun(run: RunRecord): void {
    this.runs.push(run);
    this.event({ type: 'run-start', at: run.receivedAt, index: run.index });
  }

  finish(run: RunRecord, outcome: Exclude<RunOutcome, 'pending'>): void {
    if (run.outcome !== 'pending') return;
    run.outcome = outcome;
    run.endedAt = Date.now();
    if (outcome === 'aborted') run.abortedAt = run.endedAt;
    this.event({ type: 'run-end', at: run.endedAt, index: run.index, outcome });
  }

  /** Tells waiters a run record changed (chunks written, text sent). */
  touch(): void {
    this.emitter.emit('change');
  }

  event(e: SimEvent): void {
    this.events.push(e);
    this.emitter.emit('change');
  }

  /** Resolves once `check` returns a value; rejects after timeoutMs. */
  waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const onChange = (): void => {
        const v = check();
        if (v === undefined) return;
        cleanup();
        resolve(v);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`sim: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.emitter.off('change', onChange);
      };
      this.emitter.on('change', onChange);
    });
  }
}
