import { EXTENSION_ID, FIREFOX_EXTENSION_ID } from '../protocol/extension-id.ts';
import { DEFAULT_COOLDOWN, type CooldownPolicy } from './accounts/reset-time.ts';
import { defaultConfigDir } from './pairing.ts';
import { createLogger, type Logger, type LogLevel } from './logger.ts';
import { DEFAULT_MODEL_ALIASES, type ModelAliases } from './models/aliases.ts';
import type { SelectorOverrides } from '../protocol/selector-overrides.ts';

/** How requests are spread over accounts (pool/account-routing.ts). */
export type RoutePolicy = 'least-busy' | 'round-robin';
export const ROUTE_POLICIES: readonly RoutePolicy[] = ['least-busy', 'round-robin'];

export interface BridgeTimeouts {
  /** job dispatched → first text/thought/tool call (long prompts and thinking models are slow) */
  firstTokenMs: number;
  /** longest silence between two events once the answer streams */
  idleMs: number;
  /** whole job, from dispatch to done */
  totalMs: number;
  /** longest wait in the queue for a free tab before 503 */
  queueWaitMs: number;
  /** a token count, queue and page together, before the estimate answers instead (default 30 s; run/token-count.ts) */
  countMs?: number;
}

export interface BridgeConfig {
  host: string;
  port: number;
  /** empty = no auth (loopback only); otherwise every /v1 route needs one of these */
  apiKeys: string[];
  /** pairing token the extension must present; default: loadOrCreateToken(configDir) */
  token?: string;
  configDir: string;
  /** browser origins allowed by CORS when no API keys are set (with keys, any origin) */
  corsOrigins: string[];
  /** Host header names accepted besides loopback ones (e.g. host.docker.internal when bound to 0.0.0.0) */
  allowedHosts: string[];
  /**
   * Extension ids whose service worker may open the `/extension` WebSocket (besides the pairing
   * token). Default: the published build's id, fixed by manifest.json's `key`.
   */
  extensionIds: string[];
  /** true: unknown model names get 404 model_not_found instead of the closest model */
  strictModels: boolean;
  modelAliases: ModelAliases;
  /** from `<config dir>/selectors.json` (bridge/selectors/overrides.ts), sent to every extension */
  selectorOverrides: SelectorOverrides;
  timeouts: BridgeTimeouts;
  /** queued jobs beyond the running ones; more → 429 */
  maxQueue: number;
  maxBodyBytes: number;
  /** per response: bytes held unsent for a client that does not read; beyond, its job is cancelled (run/write-guard.ts) */
  maxUnsentBytes: number;
  /** a response with data waiting whose client takes less than 16 KiB in this time is cut */
  writeTimeoutMs: number;
  /** characters a non-stream answer may reach (it is held for the final JSON); beyond, it ends with finish_reason "length" */
  maxAnswerChars: number;
  /** accept `/extension` from non-loopback peer addresses (default: loopback only, --allow-remote-extensions) */
  allowRemoteExtensions: boolean;
  /** SSE comment heartbeat while a stream waits; also the extension ping interval */
  heartbeatMs: number;
  /** non-stream answers send keep-alive whitespace while waiting (per request: header x-bridge-keepalive) */
  jsonKeepAlive: boolean;
  /** how jobs are spread across accounts (connected extensions) */
  route: RoutePolicy;
  /** how long an account rests after a quota / rate-limit error that names no reset */
  cooldown: CooldownPolicy;
  /** continuing conversations in the chat a worker tab kept: on/off and the bounds of one kept chat */
  chats: KeptChatOptions;
  /** `<config dir>/usage.jsonl` (one line per request, for the dashboard) is cut to its newer half beyond this */
  usageMaxBytes: number;
  logLevel: LogLevel;
  logger: Logger;
}

/**
 * Loopback origins on any port (http and https). Browser-based clients served from localhost
 * (a local Open WebUI, ChatBox web, LobeChat in client mode) work out of the box; a public web
 * page cannot read the API's answers. Desktop apps count as local too: an Electron app loaded
 * from a file (ChatBox desktop) sends `Origin: file://`, a Tauri app `tauri://localhost` or, on
 * Windows, `http://tauri.localhost`; no web page can send those. (`Origin: null`, which any
 * sandboxed iframe sends, stays refused.)
 */
export const DEFAULT_CORS_ORIGINS: readonly string[] = [
  'http://localhost',
  'http://127.0.0.1',
  'http://[::1]',
  'https://localhost',
  'https://127.0.0.1',
  'https://[::1]',
  'file://',
  'tauri://localhost',
  'http://tauri.localhost',
  'https://tauri.localhost',
];

export interface KeptChatOptions {
  /** off: every request rebuilds in a fresh chat (`--no-continue-chats`) */
  enabled: boolean;
  /** runs one chat may hold before it is dropped (the page slows down on long chats) */
  maxTurns: number;
  /** characters of turns one chat may hold before it is dropped */
  maxChars: number;
  /** how long a request waits for its conversation's busy tab before it rebuilds elsewhere */
  busyWaitMs: number;
}

/** Continuation on; bounds of one kept chat (pool/kept-chats.ts). */
export const DEFAULT_KEPT_CHATS: KeptChatOptions = {
  enabled: true,
  maxTurns: 40,
  maxChars: 400_000,
  busyWaitMs: 2_000,
};

export const DEFAULT_TIMEOUTS: BridgeTimeouts = {
  firstTokenMs: 120_000,
  idleMs: 60_000,
  totalMs: 600_000,
  queueWaitMs: 300_000,
};

export function resolveConfig(options: Partial<BridgeConfig> = {}): BridgeConfig {
  const logLevel = options.logLevel ?? 'info';
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 2048,
    apiKeys: (options.apiKeys ?? []).filter((k) => k.length > 0),
    token: options.token,
    configDir: options.configDir ?? defaultConfigDir(),
    corsOrigins: options.corsOrigins ?? [...DEFAULT_CORS_ORIGINS],
    allowedHosts: options.allowedHosts ?? [],
    extensionIds: options.extensionIds ?? [EXTENSION_ID, FIREFOX_EXTENSION_ID],
    strictModels: options.strictModels ?? false,
    modelAliases: options.modelAliases ?? DEFAULT_MODEL_ALIASES,
    selectorOverrides: options.selectorOverrides ?? {},
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    maxQueue: options.maxQueue ?? 64,
    maxBodyBytes: options.maxBodyBytes ?? 32 * 1024 * 1024,
    maxUnsentBytes: options.maxUnsentBytes ?? 4 * 1024 * 1024,
    writeTimeoutMs: options.writeTimeoutMs ?? 30_000,
    maxAnswerChars: options.maxAnswerChars ?? 8 * 1024 * 1024,
    allowRemoteExtensions: options.allowRemoteExtensions ?? false,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    jsonKeepAlive: options.jsonKeepAlive ?? false,
    route: options.route ?? 'least-busy',
    cooldown: { ...DEFAULT_COOLDOWN, ...options.cooldown },
    chats: { ...DEFAULT_KEPT_CHATS, ...options.chats },
    usageMaxBytes: options.usageMaxBytes ?? 8 * 1024 * 1024,
    logLevel,
    logger: options.logger ?? createLogger(logLevel),
  };
}
