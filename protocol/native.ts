import { z } from 'zod';

/**
 * What the extension and the native-messaging host (`aistudio-bridge native-host`) say to each
 * other over Chrome's native port (4-byte length + JSON frames). One schema for both ends.
 */

/**
 * Chrome allows lowercase letters, digits, `_` and `.` (no leading, trailing or double dot); a
 * reverse-DNS name keeps it from colliding with other hosts.
 */
export const NATIVE_HOST_NAME = 'io.github.aistudio_bridge';

export const NativeRequest = z.discriminatedUnion('type', [
  /** "how do I reach the bridge, and with which token?" — never starts anything */
  z.object({ type: z.literal('pair') }),
  /** "start the bridge unless it already runs, and tell me when it listens" */
  z.object({ type: z.literal('start') }),
]);
export type NativeRequest = z.infer<typeof NativeRequest>;

const Endpoint = {
  /** the extension WebSocket, e.g. ws://127.0.0.1:2048/extension */
  bridgeUrl: z.string().regex(/^wss?:\/\//),
  /** the HTTP base, e.g. http://127.0.0.1:2048 */
  httpUrl: z.string(),
  token: z.string().min(16),
};

// looseObject: a newer host may add fields; an older extension must still accept its replies.
export const NativeReply = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('paired'), ...Endpoint, running: z.boolean(), hostVersion: z.string() }),
  z.looseObject({
    type: z.literal('started'),
    ...Endpoint,
    /** false when the bridge was already listening and nothing was spawned */
    spawned: z.boolean(),
    pid: z.number().int().optional(),
  }),
  z.looseObject({
    type: z.literal('error'),
    code: z.enum(['bad_request', 'start_failed', 'start_timeout', 'internal']),
    message: z.string(),
    /** where the bridge's own output went, so the popup can tell the user where to look */
    logFile: z.string().optional(),
  }),
]);
export type NativeReply = z.infer<typeof NativeReply>;
