import type { JobEvent, JobRequest } from '../../protocol/job.ts';
import { isAbortError, unlessAborted, withTimeout } from '../lib/abort.ts';
import { waitFor } from '../lib/dom-wait.ts';
import { attachFiles } from './actions/attach-files.ts';
import { canContinue, reportChat } from './actions/kept-chat.ts';
import { reportStructured } from './actions/structured-output.ts';
import type { StructuredOutputMode } from '../../protocol/structured-output.ts';
import { dismissOverlays, presetFirstVisitFlags } from './actions/dismiss-overlays.ts';
import { currentModel, modelDiffers, newChatUrl, panelsForcedOpen, writePreferences } from './actions/model.ts';
import { openNewChat } from './actions/new-chat.ts';
import { ensureRunSettingsOpen } from './actions/run-settings-panel.ts';
import { stopRun } from './actions/stop-run.ts';
import { clickRun, fillPrompt } from './actions/submit-prompt.ts';
import { ensureTemporaryChat } from './actions/temporary-chat.ts';
import { configureRun, stepper, type RunStep } from './configure-run.ts';
import { clearPrompt, watchTokenCount } from './actions/count-tokens.ts';
import { JobError, notReady } from './errors.ts';
import { checkHealth } from './health.ts';
import { DEFAULT_TIMINGS, watchRun, type RunTimings } from './result.ts';
import type { TapFeed } from './tap-channel.ts';
import { StepTrace } from './trace.ts';

/**
 * One job in this tab: fresh chat, model, system instructions, settings, prompt, Run, result.
 * Every job ends with exactly one `done` or `error` event (createJobEmitter enforces it), also
 * when cancelled (`cancelled`, after clicking Stop) or when a step throws.
 */
export interface JobDeps {
  tap: TapFeed;
  /** receives the job's events; terminal events are deduplicated by runJob */
  emit(event: JobEvent): void;
  /** about to navigate (model switch): the worker must re-send job.start after the reload */
  navigating(reason: string): void;
  navigate(path: string): void;
  session: Storage;
  local: Storage;
  timings?: Partial<RunTimings>;
  /** the clock of the run's timeouts; Date.now by default */
  now?: () => number;
  log?(step: string, detail?: unknown): void;
}

/** Cancellation reason (job.cancel): the runner answers with an error event of code `cancelled`. */
export class Cancelled extends Error {
  override readonly name = 'AbortError';
}

const NAVIGATED_KEY = 'aistudio-bridge.navigated';

export async function runJob(jobId: string, request: JobRequest, deps: JobDeps, signal: AbortSignal): Promise<void> {
  /** the bridge asked to continue the kept chat and the page still holds it: type only the new message */
  let continuing = false;
  const trace = new StepTrace(deps.now ?? Date.now);
  /** how the job was held to JSON (configureRun says; `started` carries it) */
  const said: { structuredOutput?: StructuredOutputMode } = {};
  const emit = withTrace(
    createJobEmitter(
      reportStructured(
        reportChat(deps.emit, () => continuing),
        () => said.structuredOutput ?? null,
      ),
    ),
    trace,
  );
  const log = deps.log ?? (() => undefined);
  const step = stepper(trace, log);
  try {
    await step(
      'ready',
      'promptTextarea',
      () => ready(signal),
      () => undefined,
    );
    presetFirstVisitFlags(deps.local);
    await step(
      'overlays',
      'consentButton',
      () => dismissOverlays(signal),
      (closed) => closed.length,
    );
    const navigated = deps.session.getItem(NAVIGATED_KEY) === jobId;
    if (navigated) trace.note('reloaded', 'ok');
    /** Hand the job over across a reload: the reload ends this script; the worker re-sends job.start. */
    const handOver = async (reason: string, path: string): Promise<never> => {
      deps.session.setItem(NAVIGATED_KEY, jobId);
      writePreferences(request.model, deps.local);
      deps.navigating(reason);
      log('navigate', reason);
      deps.navigate(path);
      await waitFor(() => false, { signal, timeoutMs: 30_000, what: 'the page to reload' });
      throw new JobError('page_not_ready', 'the page did not reload'); // waitFor never resolves
    };

    const touchesSettings =
      Object.values(request.settings).some((v) => v !== undefined) || (request.tools?.length ?? 0) > 0;
    // Narrow layouts keep the panel (and the model name in it) out of the DOM until toggled.
    if (request.model !== null || touchesSettings || request.systemInstruction)
      await step('panel', 'runSettingsToggle', () => ensureRunSettingsOpen(signal));
    const openPanels = touchesSettings && !panelsForcedOpen(deps.local);
    const wrongModel = modelDiffers(request.model);
    if ((wrongModel || openPanels) && !navigated) {
      const reason = wrongModel ? `switching model to ${request.model}` : 'opening the run-settings panels';
      trace.note('navigate', 'ok', wrongModel ? 'model' : 'panels');
      await handOver(reason, newChatUrl(location.pathname, wrongModel ? request.model : null));
    }
    // After the switch the page must show the model; a page that shows no model name at all
    // cannot be checked here, and the answer's model is what the page was asked for.
    if (wrongModel && currentModel() !== null) {
      trace.note('model', 'failed', 'the page shows another model', 'modelName');
      throw new JobError(
        'bad_request',
        `model "${request.model}" is not available in AI Studio (after opening ${newChatUrl(location.pathname, request.model)} the page shows "${currentModel()}")`,
      );
    }
    if (wrongModel) log('model', 'unverified: the page shows no model name');

    // Decided before anything changes the page; a model switch or panel reload above ends the chat.
    continuing = canContinue(request);
    if (continuing) trace.note('new-chat', 'skipped', 'continuing the kept chat');
    const chat = continuing ? 'kept' : await step('new-chat', 'newChatButton', () => openNewChat(signal, deps.tap));
    if (chat === 'navigate') {
      if (navigated) {
        trace.note('new-chat', 'failed', 'still not empty after navigating', 'newChatButton');
        throw notReady(
          'newChatButton',
          'is missing or disabled while the chat has turns, and navigating to a new chat left them',
        );
      }
      await handOver('starting a new chat (no usable New chat button)', newChatUrl(location.pathname, request.model));
    }
    if (!continuing)
      await step('temporary-chat', 'temporaryChatToggle', () =>
        ensureTemporaryChat(signal).catch(unlessAborted(signal, 'unavailable' as const)),
      );

    const configured = await configureRun(request, signal, step, said);
    // A kept chat got the system instruction already (folded into its first prompt if need be).
    const prompt = continuing && request.continuation ? request.continuation.prompt : configured;
    const files = continuing ? request.continuation?.attachments : request.attachments;
    await step(
      'attachments',
      'uploadButton',
      () => attachFiles(files, signal),
      (names) => names.length,
    );
    // A count job (protocol/token-count.ts) watches for the page's count before typing, and never presses Run.
    const counter = request.count === true ? watchTokenCount(deps.tap, signal) : null;
    const run = await step(
      'prompt',
      'promptTextarea',
      () => fillPrompt(prompt, signal),
      () => undefined,
    );
    // Stamped once the prompt is in: a count the page asked for earlier (after the system
    // instructions changed, say) is of another text. The page debounces its count, so the
    // prompt's own count is asked for after this; if not, the counter still tells.
    counter?.typed();
    if (counter) return await countPrompt(counter, emit, step);
    await step(
      'overlays-before-run',
      'consentButton',
      () => dismissOverlays(signal),
      (closed) => closed.length,
    );
    const watcher = watchRun(deps.tap, emit, signal, { ...DEFAULT_TIMINGS, ...deps.timings }, deps.now);
    await step(
      'run',
      'runButton',
      () => clickRun(run),
      () => undefined,
    );
    await trace.step(
      'answer',
      undefined,
      () => watcher.result(),
      () => undefined,
    );
  } catch (err) {
    if (signal.aborted) {
      trace.close('failed', 'cancelled');
      // Stop the page's run even though the job's own signal is gone (bounded by its own timer).
      const leave = await cancelRun(deps, trace);
      const reason: unknown = signal.reason;
      const message = reason instanceof Error ? reason.message : 'cancelled';
      if (reason instanceof JobError) emit({ kind: 'error', code: reason.code, message });
      else emit({ kind: 'error', code: 'cancelled', message });
      // After the terminal event is out: the navigation ends this script (and the page's request).
      if (leave) deps.navigate(newChatUrl(location.pathname, request.model));
    } else if (err instanceof JobError) emit({ kind: 'error', code: err.code, message: err.message });
    else if (isAbortError(err)) emit({ kind: 'error', code: 'cancelled', message: String((err as Error).message) });
    else if (err instanceof Error && err.name === 'TimeoutError')
      emit({ kind: 'error', code: 'page_not_ready', message: err.message });
    else emit({ kind: 'error', code: 'internal', message: err instanceof Error ? err.message : String(err) });
  } finally {
    if (deps.session.getItem(NAVIGATED_KEY) === jobId) deps.session.removeItem(NAVIGATED_KEY);
    emit({ kind: 'error', code: 'internal', message: 'job ended without a result' }); // no-op after a terminal event
  }
}

/** Read the page's count of the typed prompt, then empty the prompt box, whatever happened. */
async function countPrompt(
  counter: ReturnType<typeof watchTokenCount>,
  emit: (event: JobEvent) => void,
  step: RunStep,
): Promise<void> {
  try {
    const count = await step(
      'count',
      'tokenCount',
      () => counter.read(),
      (c) => c.from,
    );
    emit({ kind: 'usage', promptTokens: count.tokens });
  } finally {
    clearPrompt();
  }
  emit({ kind: 'done' });
}

/**
 * A cancelled job stops the page's run: the control that stops it is pressed while the tap says
 * the request is open, and the tap must see it end within STOP_CONFIRM_MS. When it does not (a
 * page whose Stop nobody described), the caller leaves the chat by navigation, which ends the
 * request with the page; the next job finds a fresh page either way. Returns whether to leave.
 */
async function cancelRun(deps: JobDeps, trace: StepTrace): Promise<boolean> {
  const outcome = await trace
    .step('cancel', 'stopGenerating', () =>
      withTimeout('Stop', 5_000, new AbortController().signal, (s) => stopRun(s, deps.tap)),
    )
    .catch(() => 'still-running' as const);
  if (outcome !== 'still-running') return false;
  trace.note('leave-chat', 'ok', 'the run did not stop: navigating to a new chat');
  return true;
}

/** Terminal events carry the trace; an error names the step that failed (or was running). */
function withTrace(emit: (event: JobEvent) => void, trace: StepTrace): (event: JobEvent) => void {
  return (event) => {
    if (event.kind === 'done') {
      trace.close('ok');
      return emit({ ...event, steps: [...trace.steps] });
    }
    if (event.kind === 'error') {
      const running = trace.current;
      if (running) trace.close('failed', event.message);
      const step = trace.failedStep() ?? running;
      return emit({ ...event, ...(step ? { step } : {}), steps: [...trace.steps] });
    }
    emit(event);
  };
}

/** Wait (bounded) until the required elements resolve; name the missing ones otherwise. */
async function ready(signal: AbortSignal): Promise<void> {
  try {
    await waitFor(() => checkHealth().ok, { signal, timeoutMs: 15_000, what: 'the AI Studio page to be ready' });
  } catch (err) {
    if (signal.aborted) throw err;
    const missing = checkHealth().missing;
    throw new JobError(
      'page_not_ready',
      `AI Studio page elements not found: ${missing.join(', ') || 'unknown'}`,
      missing[0],
    );
  }
}

/** Pass events through until the first `done`/`error`; drop everything after it. */
export function createJobEmitter(send: (event: JobEvent) => void): (event: JobEvent) => void {
  let ended = false;
  return (event) => {
    if (ended) return;
    if (event.kind === 'done' || event.kind === 'error') ended = true;
    send(event);
  };
}
