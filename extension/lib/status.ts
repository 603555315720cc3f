import { z } from 'zod';
import { JobErrorCode, PageHealth, TabLoad } from '../../protocol/index.ts';
import { PairedVia } from './settings.ts';

/**
 * What the worker publishes in chrome.storage.session for the popup, and what the popup may ask
 * the worker. The worker is the only writer of STATUS_KEY; the popup parses it with these schemas
 * (storage is a trust boundary too: an older worker version may have written another shape).
 */
export const STATUS_KEY = 'status';

export const LinkReason = z.enum([
  'no_token', // nothing pasted and no native pairing
  'bad_token', // the bridge closed with 4001
  'version_mismatch', // the bridge closed with 4002 (version) or 4005 (could not read our hello), or welcomed another protocol version
  'bridge_unreachable', // the socket never opened (bridge not running, wrong URL)
  'pairing_throttled', // the bridge closed with 4006: too many wrong tokens from this machine, wait
  'bridge_unproven', // the listener could not prove it knows our token (stale token, or not the bridge): told nothing
  'connection_lost', // an open link closed or went silent
]);
export type LinkReason = z.infer<typeof LinkReason>;

export const LinkStatus = z.object({
  state: z.enum(['connected', 'connecting', 'disconnected']),
  reason: LinkReason.nullable(),
  detail: z.string().nullable(),
  bridgeUrl: z.string(),
  bridgeVersion: z.string().nullable(),
  pairedVia: PairedVia,
  since: z.number(),
  nextRetryAt: z.number().nullable(),
});
export type LinkStatus = z.infer<typeof LinkStatus>;

export const TabStatus = z.object({
  tabId: z.number(),
  url: z.string(),
  model: z.string().nullable(),
  health: PageHealth.nullable(),
  /** how the tab became a worker */
  origin: z.enum(['opened', 'handover']),
  connected: z.boolean(),
  jobId: z.string().nullable(),
  /** page load as seen from outside (error page, sign-in page, reload backoff) */
  load: TabLoad.nullable().optional(),
});
export type TabStatus = z.infer<typeof TabStatus>;

export const RequestStatus = z.object({
  jobId: z.string(),
  tabId: z.number(),
  model: z.string().nullable(),
  status: z.enum(['running', 'done', 'cancelled', 'error']),
  errorCode: JobErrorCode.nullable(),
  message: z.string().nullable(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
});
export type RequestStatus = z.infer<typeof RequestStatus>;

export const WorkerStatus = z.object({
  link: LinkStatus,
  tabs: z.array(TabStatus),
  requests: z.array(RequestStatus),
  updatedAt: z.number(),
});
export type WorkerStatus = z.infer<typeof WorkerStatus>;

/** runtime messages popup → worker */
export const PopupRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('handover'), tabId: z.number().int() }),
  z.object({ type: z.literal('release'), tabId: z.number().int() }),
  z.object({ type: z.literal('reconnect') }),
]);
export type PopupRequest = z.infer<typeof PopupRequest>;

export const PopupResponse = z.object({ ok: z.boolean(), error: z.string().optional() });
export type PopupResponse = z.infer<typeof PopupResponse>;
