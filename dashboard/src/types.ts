/** The bridge's dashboard state (bridge/surfaces/dashboard/state.ts), as the page reads it. */
interface TraceStep {
  action: string;
  key?: string;
  candidate?: string | number;
  ms: number;
  outcome: 'ok' | 'failed' | 'skipped';
  detail?: string;
}

export interface RequestView {
  id: string;
  request_id: string;
  surface: string;
  model: string;
  stream: boolean;
  account: string | null;
  tab: string | null;
  started_at: string;
  ended_at: string | null;
  tokens_in: number;
  tokens_out: number;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  outcome: string | null;
  error: { code: string; message: string } | null;
  step?: string;
  steps?: TraceStep[];
}

export interface TabLoadView {
  tab_id: string;
  state: string;
  problem: string | null;
  reason: string | null;
  reload_attempts: number;
  next_reload_at: string | null;
}

export interface DashboardState {
  bridge: { version: string; started_at: string; auth: 'api_key' | 'none'; route: string };
  ready: boolean;
  next: string;
  version_problem: { update: string; bridge_version: string; extension_version: string; message: string } | null;
  browsers: Array<{ id: string; version: string; account: string | null; paired_via: string; tabs: number }>;
  accounts: Array<{
    account: string;
    tabs: string[];
    ready: number;
    busy: number;
    models: Array<{ model: string; state: 'ready' | 'cooling' | 'exhausted'; until?: string; message?: string }>;
    today: { requests: number; tokens_in: number; tokens_out: number };
  }>;
  tabs: Array<{
    key: string;
    account: string;
    model: string | null;
    ready: boolean;
    busy: boolean;
    health: { ok: boolean; missing: string[] };
    load: TabLoadView | null;
    job: { id: string; model: string; surface: string } | null;
  }>;
  unregistered_tabs: Array<{ key: string; account: string; load: TabLoadView | null }>;
  requests: RequestView[];
  recent: RequestView[];
  failures: RequestView[];
  models: string[];
}
