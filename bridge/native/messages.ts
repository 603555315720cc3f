import { z } from 'zod';

/**
 * What the extension and the native host say to each other over Chrome's native port.
 * The extension keeps a copy of the reply schema (extension/ may not import bridge/);
 * tests/unit/native/contract.test.ts parses this host's real replies with the extension's copy.
 */
export const HostRequest = z.discriminatedUnion('type', [
  /** "how do I reach the bridge, and with which token?" — never starts anything */
  z.object({ type: z.literal('pair') }),
  /** "start the bridge unless it already runs, and tell me when it listens" */
  z.object({ type: z.literal('start') }),
]);
export type HostRequest = z.infer<typeof HostRequest>;

const Endpoint = {
  /** the extension WebSocket, e.g. ws://127.0.0.1:2048/extension */
  bridgeUrl: z.string(),
  /** the HTTP base, e.g. http://127.0.0.1:2048 */
  httpUrl: z.string(),
  token: z.string().min(16),
};

export const HostReply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paired'), ...Endpoint, running: z.boolean(), hostVersion: z.string() }),
  z.object({
    type: z.literal('started'),
    ...Endpoint,
    /** false when the bridge was already listening and nothing was spawned */
    spawned: z.boolean(),
    pid: z.number().int().optional(),
  }),
  z.object({
    type: z.literal('error'),
    code: z.enum(['bad_request', 'start_failed', 'start_timeout', 'internal']),
    message: z.string(),
    /** where the bridge's own output went, so the popup can tell the user where to look */
    logFile: z.string().optional(),
  }),
]);
export type HostReply = z.infer<typeof HostReply>;
