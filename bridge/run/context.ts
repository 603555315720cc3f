import type { BridgeConfig } from '../config.ts';
import type { ExtensionLinkServer } from '../link/server.ts';
import type { ModelRegistry } from '../models/registry.ts';
import type { JobPool } from '../pool/pool.ts';
import type { Timers } from '../timers.ts';
import type { RequestLog } from './request-log.ts';
import type { UsageLog } from './usage-log.ts';
import type { TokenCounts } from './token-count.ts';

/** What the HTTP routes may use; built once by createBridge. */
export interface HttpContext {
  config: BridgeConfig;
  pool: JobPool;
  models: ModelRegistry;
  link: ExtensionLinkServer;
  timers: Timers;
  startedAt: number;
  /** hosts accepted in addition to loopback names (the bind address when it is not loopback) */
  extraHosts: readonly string[];
  /** live and recent requests and their usage, for the dashboard (absent in tests that build a bare context) */
  requests?: RequestLog;
  usage?: UsageLog;
  /** exact token counts from the page, cached by content (absent: estimates only) */
  counts?: TokenCounts;
}
