import type { BridgeConfig } from '../config.ts';
import type { ExtensionLinkServer } from '../link/server.ts';
import type { ModelRegistry } from '../models/registry.ts';
import type { JobPool } from '../pool/pool.ts';
import type { Timers } from '../timers.ts';

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
}
