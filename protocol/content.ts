import { z } from 'zod';
import { ACCOUNT_ID_PATTERN } from './account.ts';
import { createChannel, type ChannelParseResult, type EnvelopeOf } from './channel.ts';
import { JobEvent, JobRequest } from './job.ts';
import { ModelInfo, PageHealth } from './messages.ts';
import { PageReport, SelectorOverrides } from './selector-overrides.ts';

/**
 * Messages between the service worker and the content script of one AI Studio tab, over a
 * `chrome.runtime` Port named CONTENT_PORT_NAME, in the same `{id,type,data}` envelope as the
 * bridge link (parse with parseContentMessage). The worker decides whether a tab is a worker tab;
 * a content script never drives its page before it is told `role: "worker"`.
 */
export const CONTENT_PORT_NAME = 'aistudio-tab';

export const ContentMessageSchemas = {
  // content → worker
  /** sent on connect and whenever model or health changes */
  'tab.hello': z.object({
    url: z.string(),
    model: z.string().nullable(),
    health: PageHealth,
    /** the signed-in account as the page shows it, already reduced (protocol/account.ts) */
    account: z.string().max(200).nullish(),
    /** the account's identity, a keyed hash of its address computed in the page (protocol/account.ts) */
    accountId: z.string().regex(ACCOUNT_ID_PATTERN).nullish(),
  }),
  /** the page received a ListModels answer */
  'tab.models': z.object({ models: z.array(ModelInfo).min(1) }),
  'job.event': z.object({ jobId: z.string(), event: JobEvent }),
  /**
   * The job needs a page reload first (model switch: AI Studio reads the model from
   * localStorage at load). This content script dies with the reload; the worker keeps the job,
   * does not fail it on the Port's disconnect, and re-sends the same `job.start` once the tab's
   * new content script says `tab.hello` (and has been given `tab.role`). A second navigation for
   * the same job is refused by the content script (error `bad_request`), so this cannot loop.
   */
  'job.navigating': z.object({ jobId: z.string(), reason: z.string() }),
  /** answer to `page.report.request` */
  'page.report': z.object({ requestId: z.string(), report: PageReport }),

  // worker → content
  /** worker: serve jobs and show the banner; idle: leave the page alone (the person's own tab) */
  'tab.role': z.object({ role: z.enum(['worker', 'idle']) }),
  'job.start': z.object({ jobId: z.string(), request: JobRequest }),
  'job.cancel': z.object({ jobId: z.string(), reason: z.string() }),
  /** the bridge's selector overrides, applied at once (also sent to idle tabs: doctor --page counts there too) */
  selectors: z.object({ overrides: SelectorOverrides }),
  /** `skeleton`: include the anonymised DOM skeleton (doctor --page --save) */
  'page.report.request': z.object({ requestId: z.string(), skeleton: z.boolean().optional() }),
} as const;

export const contentChannel = createChannel(ContentMessageSchemas);

export type ContentMessageType = keyof typeof ContentMessageSchemas;
export type ContentMessageData<T extends ContentMessageType> = z.infer<(typeof ContentMessageSchemas)[T]>;
export type ContentEnvelope<T extends ContentMessageType = ContentMessageType> = EnvelopeOf<
  typeof ContentMessageSchemas,
  T
>;

/** Parse one Port message into a typed envelope; never throws. */
export const parseContentMessage = (value: unknown): ChannelParseResult<typeof ContentMessageSchemas> =>
  contentChannel.parse(value);
