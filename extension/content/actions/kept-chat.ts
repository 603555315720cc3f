import type { JobEvent, JobRequest } from '../../../protocol/job.ts';
import { findAll } from '../find.ts';
import { isGenerating } from './stop-run.ts';

/** Chat turns (user and model) the page shows now. */
const chatTurnCount = (): number => findAll('chatTurn').length;

/**
 * Whether this job may continue the chat the tab kept from its last run (protocol/job.ts
 * `continuation`): the bridge asked for it, and the page still shows exactly the turns it showed
 * when that run ended, idle. A reloaded tab (a temporary chat does not survive a reload), a
 * person who cleared or edited the chat, or a run still going all fail this check, and the job
 * then runs its folded prompt in a fresh chat as usual.
 */
export function canContinue(request: JobRequest): boolean {
  const c = request.continuation;
  return c !== undefined && c.turns > 0 && chatTurnCount() === c.turns && !isGenerating();
}

/**
 * Tells the bridge which chat the run went into (on `started`) and how many turns the chat holds
 * when the run ends (on `done`), which the bridge sends back as the next `continuation.turns`.
 */
export function reportChat(emit: (e: JobEvent) => void, continued: () => boolean): (e: JobEvent) => void {
  return (e) => {
    if (e.kind === 'started') emit({ ...e, chat: continued() ? 'continued' : 'new' });
    else if (e.kind === 'done') emit({ ...e, chatTurns: chatTurnCount() });
    else emit(e);
  };
}
