import { ModelCapabilities } from './model-capabilities.ts';
import { z } from 'zod';
import { ACCOUNT_ID_PATTERN } from './account.ts';
import { JobEvent, JobRequest } from './job.ts';
import { JobErrorCode } from './errors.ts';
import { SelectorOverrides, TabPageReport } from './selector-overrides.ts';
import { NONCE_PATTERN } from './pairing-proof.ts';

/**
 * Messages between the bridge and the extension's service worker, over the WebSocket at
 * `/extension`. Every frame is one JSON envelope `{id, type, data}`; `data` is validated against
 * the schema registered for `type`. See PROTOCOL.md for examples.
 */

/** Which elements the content script could resolve on its page (page health check). */
export const PageHealth = z.object({
  ok: z.boolean(),
  /** names of required elements that did not resolve, e.g. ["promptTextarea"] */
  missing: z.array(z.string()),
  checkedAt: z.number(),
});
export type PageHealth = z.infer<typeof PageHealth>;

export const TabInfo = z.object({
  /** stable within one extension connection, e.g. "123" (Chrome's tab id as a string) */
  tabId: z.string().min(1),
  url: z.string(),
  /** the model id the page currently shows, when known */
  model: z.string().nullable(),
  health: PageHealth,
});
export type TabInfo = z.infer<typeof TabInfo>;

/**
 * How a worker tab's page load went, as the extension sees it from outside the page: also for a
 * tab whose content script never ran (the browser's error page, Google's sign-in page). The
 * extension reloads a failed tab with backoff and reports each step.
 */
export const TabLoadProblem = z.enum(['error_page', 'sign_in', 'no_content_script']);
export type TabLoadProblem = z.infer<typeof TabLoadProblem>;
export const TabLoad = z.object({
  tabId: z.string().min(1),
  /** closed: the tab is no worker tab any more; forget it */
  state: z.enum(['loading', 'loaded', 'failed', 'closed']),
  problem: TabLoadProblem.nullable(),
  /** what the person should know, e.g. "the page did not load (browser error page); reloading" */
  reason: z.string().nullable(),
  /** reloads tried since the tab last loaded */
  attempts: z.number().int().nonnegative(),
  /** when the next reload happens (epoch ms), if one is scheduled */
  retryAt: z.number().nullable(),
});
export type TabLoad = z.infer<typeof TabLoad>;

export const ModelInfo = z.object({
  id: z.string().min(1),
  displayName: z.string().optional(),
  description: z.string().optional(),
  outputTokenLimit: z.number().int().positive().optional(),
  defaultTopP: z.number().optional(),
  /** added without a version bump (older bridges drop them): what ListModels says the model can do (model-capabilities.ts) */
  ...ModelCapabilities.shape,
});
export type ModelInfo = z.infer<typeof ModelInfo>;

export const MessageSchemas = {
  // extension → bridge
  /**
   * first frame after the socket opens; the bridge answers `challenge` (protocol 2) or closes
   * (CloseCode in close-codes.ts: badToken, badVersion, protocolError). Never carries the token.
   */
  hello: z.object({
    protocolVersion: z.number().int(),
    /** protocol 1 only (the token itself): the bridge checks it just to say which side to update */
    token: z.string().max(200).optional(),
    /** protocol 2: the extension's fresh nonce for the pairing proof (protocol/pairing-proof.ts) */
    nonce: z.string().regex(NONCE_PATTERN).optional(),
    extensionVersion: z.string(),
    userAgent: z.string().optional(),
    /** how the extension got its token: native messaging or pasted in the popup */
    pairedVia: z.enum(['native', 'manual', 'unknown']).optional(),
    /** the extension's own id (runtime.id); a Firefox add-on's Origin carries a random uuid, so the bridge pins this */
    extensionId: z.string().max(200).optional(),
    /** protocol 1 only; protocol 2 sends the account label and identity in `proof`, once the bridge proved itself */
    account: z.string().max(200).optional(),
    /** what this extension does beyond its protocol's first release (no version bump; older bridges drop it), e.g. `count_tokens` */
    features: z.array(z.string().max(40)).max(20).optional(),
  }),
  /**
   * answer to the bridge's `challenge`, sent only after its proof checked out: the extension's
   * proof, and the account this browser profile is signed in to, as a label (protocol/account.ts:
   * the name the person gave it in the popup, else the page's signed-in address reduced to
   * "a…@gmail.com"); the bridge routes around accounts whose quota ran out, keyed by this label
   */
  proof: z.object({
    proof: z.string().max(200),
    account: z.string().max(200).optional(),
    /**
     * the account's identity (protocol/account.ts: a keyed hash of the address, computed in the
     * page): routing, the quota book and pins key on it; the label is for display
     */
    accountId: z.string().regex(ACCOUNT_ID_PATTERN).optional(),
  }),
  /** a worker tab can take a job (sent again whenever model or health changes) */
  'tab.ready': TabInfo,
  /** a worker tab is temporarily unable to take a job (e.g. reloading) */
  'tab.busy': z.object({ tabId: z.string(), reason: z.string() }),
  /** a worker tab is gone for good; its running job (if any) is failed with tab_gone */
  'tab.gone': z.object({ tabId: z.string(), reason: z.string() }),
  /** a worker tab's page load state (sent on every change and after each welcome) */
  'tab.load': TabLoad,
  /** the account label changed since hello (the page showed it, or the person renamed it in the popup) */
  account: z.object({ label: z.string().min(1).max(200), id: z.string().regex(ACCOUNT_ID_PATTERN).optional() }),
  /** the model list the page itself received from ListModels */
  models: z.object({ models: z.array(ModelInfo).min(1) }),
  /** progress of a job; ends with a `done` or `error` event */
  'job.event': z.object({ jobId: z.string(), event: JobEvent }),

  /** answer to `page.report.request`: one entry per worker tab */
  'page.report': z.object({ requestId: z.string(), tabs: z.array(TabPageReport) }),

  // bridge → extension
  /** answer to `hello`: the bridge's nonce and its proof that it knows the token */
  challenge: z.object({ nonce: z.string().regex(NONCE_PATTERN), proof: z.string().max(200) }),
  /** `features` (optional, no version bump): what this bridge takes beyond the first release of its protocol version, e.g. `beyond_text` */
  welcome: z.object({
    protocolVersion: z.number().int(),
    bridgeVersion: z.string(),
    features: z.array(z.string()).optional(),
  }),
  /** run this job in this tab (the tab was reported ready and is idle) */
  'job.start': z.object({ jobId: z.string(), tabId: z.string(), request: JobRequest }),
  /** stop the job (click Stop); the extension answers with an `error` event of code `cancelled` */
  'job.cancel': z.object({ jobId: z.string(), reason: z.string() }),
  /** selector overrides from `<config dir>/selectors.json`, sent after `welcome` (empty: none) */
  selectors: z.object({ overrides: SelectorOverrides }),
  /** doctor --page: describe every worker tab's page (answered with `page.report`) */
  'page.report.request': z.object({ requestId: z.string(), skeleton: z.boolean().optional() }),

  // either way
  /** application keepalive (MV3 workers only stay alive on real messages); answer with pong */
  ping: z.object({ t: z.number() }),
  pong: z.object({ t: z.number() }),
  /** a frame could not be handled; informational, never answered */
  error: z.object({
    code: z.union([JobErrorCode, z.literal('protocol')]),
    message: z.string(),
    about: z.string().optional(),
  }),
} as const;

export type MessageType = keyof typeof MessageSchemas;
export type MessageData<T extends MessageType> = z.infer<(typeof MessageSchemas)[T]>;
