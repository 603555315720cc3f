import { z } from 'zod';

/**
 * One step a job took in the page, for diagnosing a failure on a page nobody described: what was
 * done, with which selector key and which of its candidates matched, how long it took and how it
 * went. Never prompt, answer or input text: `detail` is an outcome word, a count or an error
 * message of the driver's own. Carried by a job's terminal event (`done`/`error` `steps`).
 */
export const TraceStep = z.object({
  /** the step, e.g. `ready`, `panel`, `new-chat`, `settings`, `prompt`, `run`, `answer`, `cancel` */
  action: z.string().min(1).max(40),
  /** the selector key the step looked for (extension/content/selectors.ts) */
  key: z.string().max(60).optional(),
  /** which candidate of `key` matched: index in the built-in list, or `override:<i>` */
  candidate: z.union([z.string().max(40), z.number().int().nonnegative()]).optional(),
  ms: z.number().nonnegative(),
  outcome: z.enum(['ok', 'failed', 'skipped']),
  detail: z.string().max(300).optional(),
});
export type TraceStep = z.infer<typeof TraceStep>;

/** A job's trace stays small: at most this many steps travel with an event. */
export const MAX_TRACE_STEPS = 80;
export const TraceSteps = z.array(TraceStep).max(MAX_TRACE_STEPS);
