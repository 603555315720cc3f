// The simulated AI Studio server: serves the page at its real URLs (HTTPS, Chromium maps the
// Google host names to this port with --host-resolver-rules) or, standalone, over plain HTTP on
// loopback with page and RPC on one origin. Everything it was asked is in `runs` and `events`.

import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { accountOf } from './accounts.ts';
import { bundlePageScript, pageHtml, pageStyles } from './page-assets.ts';
import { checkSkeleton, skeletonDocument, skeletonScript, type SkeletonPage } from './skeleton.ts';
import type { PageConfig } from './page/config.ts';
import { parseVariant, VARIANT_COOKIE, type PageVariant } from './page/variant.ts';
import { RPC_PREFIX, handleRpc } from './rpc-handler.ts';
import { RunLog, type RunRecord, type SimEvent } from './runs.ts';
import type { ScenarioSpec, WireVariant } from './scenarios.ts';
import { sleep } from './stream-writer.ts';

export type { RunRecord } from './runs.ts';
export { PAGE_2026, type PageVariant } from './page/variant.ts';
export type { SkeletonPage } from './skeleton.ts';

export const PAGE_HOST = 'aistudio.google.com';
export const RPC_HOST = 'alkalimakersuite-pa.clients6.google.com';

export interface SimOptions {
  /** Port to listen on (127.0.0.1 only); 0 or absent = ephemeral. */
  port?: number;
  /** Delay before every page document is served (a slow page load). */
  pageLoadDelayMs?: number;
  /** Plain HTTP on 127.0.0.1 with the RPC on the page's own origin, for a person (`npm run sim`). */
  standalone?: boolean;
  /** Initial scenario, as if setScenario was called. */
  scenario?: ScenarioSpec;
  /** Wire layout of GenerateContent and ListModels when the scenario names none (default `default`). */
  wire?: WireVariant;
  /**
   * The first N page documents are answered by cutting the connection (the browser shows its
   * error page, as when a tab loads while the network is not ready after sleep).
   */
  failPageLoads?: number;
  /** Serve the page with the Run button's element and aria-label renamed (`ms-send-button`, "Send"). */
  renamedRunButton?: boolean;
  /** Page variant served to every load (a `sim-page` cookie, e.g. `narrow,zh`, overrides it per browser). */
  page?: PageVariant;
  /** Serve this page skeleton (doctor --page --save) instead of the simulated page (sim/skeleton.ts). */
  skeleton?: SkeletonPage;
}

export interface Sim {
  readonly port: number;
  /** `https://aistudio.google.com` (standalone: `http://127.0.0.1:PORT`). */
  readonly origin: string;
  /** `${origin}/prompts/new_chat` */
  readonly url: string;
  /** Extra Chromium flags that route the Google host names here; launch with `ignoreHTTPSErrors: true` too. */
  readonly chromiumArgs: string[];
  readonly runs: readonly RunRecord[];
  readonly events: readonly SimEvent[];
  readonly listModelsCalls: number;
  readonly scenario: ScenarioSpec | null;
  /** Scenario for following runs (and page loads) until set again; null = default echo. Prompt keywords win. */
  setScenario(s: ScenarioSpec | null): void;
  /** Page variant for following page loads (null = today's page). */
  setPage(v: PageVariant | null): void;
  readonly page: PageVariant;
  /** A page skeleton for following page loads (null = the simulated page again). */
  setSkeleton(s: SkeletonPage | null): void;
  /** Scenario for runs from profiles signed in to `account` (cookie, sim/site/accounts.ts); wins over setScenario; null clears. */
  setAccountScenario(account: string, s: ScenarioSpec | null): void;
  waitForRun(index: number, timeoutMs?: number): Promise<RunRecord>;
  /** Resolves when run `index` has ended (completed, aborted, failed or quota). */
  waitForOutcome(index: number, timeoutMs?: number): Promise<RunRecord>;
  waitForEvent(match: (e: SimEvent) => boolean, timeoutMs?: number): Promise<SimEvent>;
  close(): Promise<void>;
}

const certDir = fileURLToPath(new URL('./certs/', import.meta.url));

function loadAssets(sourcemap: boolean): Promise<{ script: string; css: string }> {
  return Promise.all([bundlePageScript(sourcemap), pageStyles()]).then(([script, css]) => ({ script, css }));
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (s: string) => {
      if (body.length < 65_536) body += s;
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(body));
      } catch {
        resolve(null);
      }
    });
  });
}

export async function startSim(options: SimOptions = {}): Promise<Sim> {
  const log = new RunLog();
  const closing = new AbortController();
  const sockets = new Set<Socket>();
  let scenario: ScenarioSpec | null = options.scenario ?? null;
  let page: PageVariant = options.page ?? {};
  let skeleton: SkeletonPage | null = options.skeleton ?? null;
  if (skeleton) checkSkeleton(skeleton.html);
  const byAccount = new Map<string, ScenarioSpec>();
  const assets = loadAssets(options.standalone ?? false);
  // Build errors surface at start, not on the first page load.
  await assets;

  let port = 0;
  const standalone = options.standalone ?? false;
  const origin = (): string => (standalone ? `http://127.0.0.1:${port}` : `https://${PAGE_HOST}`);
  const allowedOrigins = (): Set<string> =>
    new Set([`https://${PAGE_HOST}`, `http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  /** The variant for this load: the `sim-page` cookie when present (a bad one is a 400), else the server's. */
  function variantFor(req: IncomingMessage): PageVariant {
    const cookie = (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith(`${VARIANT_COOKIE}=`));
    return cookie ? parseVariant(decodeURIComponent(cookie.slice(VARIANT_COOKIE.length + 1))) : page;
  }

  let failLoads = options.failPageLoads ?? 0;
  async function servePage(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const account = accountOf(req);
    let variant: PageVariant;
    try {
      variant = variantFor(req);
    } catch (e) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end(e instanceof Error ? e.message : String(e));
      return;
    }
    if (failLoads > 0) {
      failLoads--;
      log.event({ type: 'page-load-failed', at: Date.now(), path });
      res.socket?.destroy();
      return;
    }
    log.event({ type: 'page-load', at: Date.now(), path });
    const s = scenario;
    const delay = (options.pageLoadDelayMs ?? 0) + (s?.name === 'slow-load' ? (s.delayMs ?? 3000) : 0);
    if (delay > 0 && !(await sleep(delay, closing.signal))) return;
    const config: PageConfig = {
      rpcBase: standalone ? '' : `https://${RPC_HOST}`,
      dialog: s?.name === 'dialog' ? { delayMs: s.delayMs ?? 0 } : null,
      renamedRunButton: options.renamedRunButton ?? false,
      variant,
      account,
    };
    const { css } = await assets;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(skeleton ? skeletonDocument(skeleton, css) : pageHtml(config, css));
  }

  // Only the names the sim answers for: a page elsewhere that rebinds its DNS to 127.0.0.1 gets nothing.
  const knownHost = (host: string | undefined): boolean =>
    host === PAGE_HOST || host === RPC_HOST || host === `127.0.0.1:${port}` || host === `localhost:${port}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!knownHost(req.headers.host)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request');
      return;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith(RPC_PREFIX)) {
      return handleRpc(req, res, {
        log,
        allowedOrigins: allowedOrigins(),
        currentScenario: () => scenario,
        accountScenario: (r) => byAccount.get(accountOf(r) ?? '') ?? null,
        wire: options.wire ?? 'default',
        closing: closing.signal,
      });
    }
    if (path === '/__sim/event' && req.method === 'POST') {
      const e = (await readJson(req)) as { action?: unknown; detail?: unknown } | null;
      if (e && typeof e.action === 'string') {
        log.event({
          type: 'ui',
          at: Date.now(),
          action: e.action,
          ...(typeof e.detail === 'string' ? { detail: e.detail } : {}),
        });
      }
      res.writeHead(204).end();
      return;
    }
    if (path === '/__sim/blank') {
      // A cheap same-origin document, so a test can set localStorage before the real page loads.
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>sim</title>');
      return;
    }
    if (path === '/__sim/runs') {
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ runs: log.runs, events: log.events }, null, 2));
      return;
    }
    if (path === '/sim/skeleton.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(await skeletonScript());
      return;
    }
    if (path === '/sim/app.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end((await assets).script);
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/' || path === '/prompts' || path === '/prompts/') {
      res.writeHead(302, { Location: '/prompts/new_chat' }).end();
      return;
    }
    // Multi-account paths (/u/<n>/prompts/…) serve the same page.
    if (/^(\/u\/\d+)?\/prompts\/[A-Za-z0-9_-]+$/.test(path)) return servePage(req, res, path);
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(e));
    });
  };
  const server: Server = standalone
    ? createHttpServer(onRequest)
    : createHttpsServer(
        { key: readFileSync(`${certDir}key.pem`), cert: readFileSync(`${certDir}cert.pem`) },
        onRequest,
      );
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;

  const chromiumArgs = standalone
    ? []
    : [
        `--host-resolver-rules=MAP ${PAGE_HOST} 127.0.0.1:${port}, MAP ${RPC_HOST} 127.0.0.1:${port}`,
        '--ignore-certificate-errors',
      ];

  return {
    port,
    origin: origin(),
    url: `${origin()}/prompts/new_chat`,
    chromiumArgs,
    get runs() {
      return log.runs;
    },
    get events() {
      return log.events;
    },
    get listModelsCalls() {
      return log.listModelsCalls;
    },
    get scenario() {
      return scenario;
    },
    setScenario(s) {
      scenario = s;
    },
    get page() {
      return page;
    },
    setPage(v) {
      page = v ?? {};
    },
    setSkeleton(next) {
      if (next) checkSkeleton(next.html);
      skeleton = next;
    },
    setAccountScenario(account, s) {
      if (s) byAccount.set(account, s);
      else byAccount.delete(account);
    },
    waitForRun: (index, timeoutMs = 10_000) => log.waitFor(() => log.runs[index], timeoutMs, `run ${index}`),
    waitForOutcome: (index, timeoutMs = 10_000) =>
      log.waitFor(
        () => {
          const r = log.runs[index];
          return r && r.outcome !== 'pending' ? r : undefined;
        },
        timeoutMs,
        `run ${index} to end`,
      ),
    waitForEvent: (match, timeoutMs = 10_000) => log.waitFor(() => log.events.find(match), timeoutMs, 'a sim event'),
    async close() {
      closing.abort();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
