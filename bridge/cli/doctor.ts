import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { diagnose, type Diagnosis } from '../native/diagnose.ts';
import { httpUrl, resolveEndpoint } from '../native/endpoint.ts';
import { probeHealth, type HealthProbe } from '../native/health.ts';
import type { NativeHostDeps } from '../native/install.ts';
import { currentBridgeCommand, type BridgeCommand } from '../native/runtime.ts';
import { guarded, systemDeps } from './native-host-install.ts';
import { UsageError } from './args.ts';
import { failureLines } from './doctor-failures.ts';
import { fetchPageReport, formatPageReport, PageReportBody, type FetchPageReport } from './page-report.ts';
import { saveSkeletons } from './page-skeleton-save.ts';

/**
 * `doctor`: what is installed for which browser, whether the bridge runs, whether an extension is
 * connected with ready tabs, and what to do about each gap — in plain sentences.
 */
function bridgeLines(health: HealthProbe, url: string): { lines: string[]; fixes: string[] } {
  if (!health.reachable) {
    return {
      lines: [`bridge: not running at ${url} (${health.error})`],
      fixes: ['start the bridge: npm start (or let the extension start it through the native host)'],
    };
  }
  if (!health.body) {
    return {
      lines: [`bridge: ${url} answers (HTTP ${health.httpStatus}) but not as the bridge`],
      fixes: ['another program holds the port: stop it or install with --port N'],
    };
  }
  const { status, version, extensions, tabs, reason, accounts, failures } = health.body;
  const lines = [`bridge: ${status} at ${url}${version ? ` (version ${version})` : ''}${reason ? ` — ${reason}` : ''}`];
  const fixes: string[] = [];
  if (extensions) {
    const via = [...new Set(extensions.map((e) => e.paired_via ?? 'unknown'))].join(', ');
    lines.push(`extensions connected: ${extensions.length}${extensions.length > 0 ? ` (paired via ${via})` : ''}`);
    if (extensions.length === 0) {
      fixes.push(
        'no extension connected: load the extension and open its popup (it pairs by itself when the native host is installed, otherwise paste the token from `npm run pairing`)',
      );
    }
  }
  if (tabs) {
    lines.push(`AI Studio tabs: ${tabs.ready} ready of ${tabs.total}`);
    if (tabs.ready === 0 && (extensions?.length ?? 0) > 0)
      fixes.push(
        'no ready AI Studio tab: open a worker tab from the extension popup and sign in to aistudio.google.com',
      );
  }
  // One extension = one Google account: its tabs, and the models whose quota ran out on it.
  for (const a of accounts ?? []) {
    const out = a.exhausted.map((e) => `${e.model} out of quota for ${e.retry_after_s} s`).join('; ');
    lines.push(`  account ${a.account}: ${a.ready} ready of ${a.tabs} tab(s), ${a.busy} busy${out ? `; ${out}` : ''}`);
  }
  lines.push(...failureLines(failures ?? []));
  return { lines, fixes };
}

export function formatDiagnosis(d: Diagnosis): string[] {
  const out = [`config dir: ${d.configDir}`];
  const fixes: string[] = [];
  out.push(
    `launcher: ${d.launcher.present ? (d.launcher.current ? 'ok' : 'present but out of date') : 'missing'} (${d.launcher.path})`,
  );
  if (!d.launcher.present) fixes.push('install the native host: aistudio-bridge install-native-host');
  else if (!d.launcher.current)
    fixes.push('node or the project moved since install: run aistudio-bridge install-native-host again');

  const shown = d.browsers.filter((b) => b.browserPresent || b.installed || b.target.browser === 'custom');
  for (const b of shown) {
    const state = !b.installed
      ? 'not installed'
      : b.problems.length > 0
        ? `broken: ${b.problems.join('; ')}`
        : 'installed';
    out.push(`native host for ${b.target.label}: ${state}${b.browserPresent ? '' : ' (browser not found here)'}`);
    if (b.installed && b.problems.length > 0)
      fixes.push(
        `repair ${b.target.label}: aistudio-bridge install-native-host --browser ${b.target.browser === 'custom' ? 'all' : b.target.browser}`,
      );
  }
  if (shown.length === 0) out.push('no supported browser profile found (Chrome, Chromium, Edge, Brave)');
  if (d.browsers.some((b) => b.browserPresent && !b.installed) && d.launcher.present) {
    fixes.push('some browsers lack the native host: aistudio-bridge install-native-host --browser all');
  }
  out.push(
    `pairing token: ${d.tokenPresent ? 'present' : 'not created yet (the bridge or the native host creates it)'}`,
  );

  const bridge = bridgeLines(d.health, httpUrl(d.endpoint));
  out.push(...bridge.lines);
  fixes.push(...bridge.fixes);
  out.push(fixes.length === 0 ? 'everything looks fine' : 'to fix:');
  out.push(...fixes.map((fix) => `  - ${fix}`));
  return out;
}

type DoctorDeps = NativeHostDeps & {
  command?: BridgeCommand;
  probe?: (url: string) => Promise<HealthProbe>;
  pageReport?: FetchPageReport;
};
const DOCTOR_USAGE =
  'usage: aistudio-bridge doctor [--user-data-dir DIR] | doctor --page [--port N | --url URL] [--api-key KEY] [--save FILE]';

export function doctorCommand(
  argv: string[],
  deps: DoctorDeps = systemDeps(),
  print: (line: string) => void = console.log,
): Promise<number> {
  return guarded(DOCTOR_USAGE, () => doctor(argv, deps, print));
}

async function doctor(argv: string[], deps: DoctorDeps, print: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'user-data-dir': { type: 'string' },
      page: { type: 'boolean' },
      url: { type: 'string' },
      'api-key': { type: 'string' },
      port: { type: 'string' },
      save: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    print(
      `${DOCTOR_USAGE}\nChecks the native host for each browser (and DIR/NativeMessagingHosts), the bridge, the connected extensions and tabs.`,
    );
    print(
      '--page prints, for each worker tab, every selector key with how many elements it matched and an outline of the page (custom elements, data-test-* attributes, aria-labels; never page text), to paste into a bug report.',
    );
    print(
      "--page --save FILE also writes an anonymised skeleton of the worker tab's DOM (element names, allow-listed attributes, short button/label/heading text; no prompts, answers or input values) for the simulator to serve as a test page. --port N asks the bridge on 127.0.0.1:N, like start.",
    );
    return 0;
  }
  if ((values.save !== undefined || values.port !== undefined) && !values.page)
    throw new UsageError('--save and --port go with --page');
  if (values.page)
    return pageDoctor(
      values.url ??
        (values.port !== undefined ? `http://127.0.0.1:${portOf(values.port)}` : undefined) ??
        httpUrl(resolveEndpoint(deps.configDir, deps.env, (p) => deps.fs.readFile(p))),
      values['api-key'] ?? deps.env.AISTUDIO_BRIDGE_API_KEYS?.split(',')[0],
      deps,
      print,
      values.save === undefined ? undefined : resolve(values.save),
    );
  const diagnosis = await diagnose({
    ...deps,
    command: deps.command ?? currentBridgeCommand(),
    probe: deps.probe ?? ((url) => probeHealth(url)),
    userDataDir: values['user-data-dir'] === undefined ? undefined : resolve(values['user-data-dir']),
  });
  for (const line of formatDiagnosis(diagnosis)) print(line);
  return 0;
}

function portOf(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`--port must be a number from 1 to 65535, got "${text}"`);
  return port;
}

async function pageDoctor(
  url: string,
  apiKey: string | undefined,
  deps: DoctorDeps,
  print: (line: string) => void,
  save?: string,
): Promise<number> {
  let answer: { status: number; body: unknown };
  try {
    answer = await (deps.pageReport ?? fetchPageReport)(url, apiKey, save !== undefined);
  } catch (error) {
    print(
      `bridge: not reachable at ${url} (${error instanceof Error ? error.message : String(error)}): start it first (npm start)`,
    );
    return 1;
  }
  const parsed = PageReportBody.safeParse(answer.body);
  if (answer.status !== 200 || !parsed.success) {
    print(
      `bridge at ${url} answered HTTP ${answer.status} without a page report${answer.status === 401 ? ': pass --api-key' : ' (an older bridge?)'}`,
    );
    return 1;
  }
  for (const line of formatPageReport(parsed.data, url)) print(line);
  if (save === undefined) return 0;
  const saved = saveSkeletons(parsed.data, save, (path, text) => writeFileSync(path, text));
  for (const line of saved.lines) print(line);
  return saved.ok ? 0 : 1;
}
