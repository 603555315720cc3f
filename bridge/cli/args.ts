import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  CHROME_ID_PATTERN,
  EXTENSION_ID,
  FIREFOX_EXTENSION_ID,
  GECKO_ID_PATTERN,
} from '../../protocol/extension-id.ts';
import { DEFAULT_COOLDOWN } from '../accounts/reset-time.ts';
import {
  DEFAULT_CORS_ORIGINS,
  DEFAULT_KEPT_CHATS,
  ROUTE_POLICIES,
  type BridgeConfig,
  type RoutePolicy,
} from '../config.ts';
import { LOG_LEVELS, type LogLevel } from '../logger.ts';

export const START_USAGE = `usage: aistudio-bridge start [options]

  --host <addr>          address to bind (default 127.0.0.1; env AISTUDIO_BRIDGE_HOST)
  --port <n>             port (default 2048; env AISTUDIO_BRIDGE_PORT)
  --api-key <key>        require this API key (repeatable; env AISTUDIO_BRIDGE_API_KEYS=k1,k2)
  --api-keys-file <f>    read API keys from a file, one per line
  --cors-origin <o>      allow a browser origin (repeatable; env AISTUDIO_BRIDGE_CORS_ORIGINS)
  --allow-host <name>    accept this Host header besides loopback names (repeatable)
  --extension-id <id>    also accept this extension id on /extension: a Chrome build with another key, or a Firefox add-on id (repeatable)
  --allow-remote-extensions
                         accept the extension WebSocket from other machines (default: this machine only)
  --strict-models        unknown model names get 404 instead of the closest model
  --json-keepalive       non-stream answers: send whitespace while waiting (env AISTUDIO_BRIDGE_JSON_KEEPALIVE=1)
  --no-continue-chats    every request starts a fresh chat with the history folded in (env AISTUDIO_BRIDGE_CONTINUE_CHATS=0)
  --chat-max-turns <n>   runs one kept chat may hold before a fresh one is started (default 40; env AISTUDIO_BRIDGE_CHAT_MAX_TURNS)
  --chat-max-chars <n>   characters one kept chat may hold (default 400000; env AISTUDIO_BRIDGE_CHAT_MAX_CHARS)
  --route <policy>       spread requests over accounts: least-busy (default) | round-robin
  --rate-limit-cooldown <s>  rest an account after a rate limit that names no delay (default 60)
  --quota-cooldown <s>   rest an account after a daily quota error (default: until midnight Pacific time)
  --log-level <level>    debug | info | warn | error | silent (default info)
  --usage-max-mb <n>     size of <config dir>/usage.jsonl (the dashboard's usage), older half dropped beyond (default 8)
  --config-dir <dir>     where the pairing token, model-aliases.json and selectors.json live (env AISTUDIO_BRIDGE_HOME)
`;

export class UsageError extends Error {}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Flags win over environment variables, which win over defaults. */
export function parseStartArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Partial<BridgeConfig> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'api-key': { type: 'string', multiple: true },
        'api-keys-file': { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        'allow-host': { type: 'string', multiple: true },
        'extension-id': { type: 'string', multiple: true },
        'strict-models': { type: 'boolean' },
        'json-keepalive': { type: 'boolean' },
        'no-continue-chats': { type: 'boolean' },
        'chat-max-turns': { type: 'string' },
        'chat-max-chars': { type: 'string' },
        'allow-remote-extensions': { type: 'boolean' },
        'log-level': { type: 'string' },
        route: { type: 'string' },
        'rate-limit-cooldown': { type: 'string' },
        'quota-cooldown': { type: 'string' },
        'usage-max-mb': { type: 'string' },
        'config-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) throw new UsageError('');

  const out: Partial<BridgeConfig> = {};
  const host = values.host ?? env.AISTUDIO_BRIDGE_HOST;
  if (host) out.host = host;
  const portText = values.port ?? env.AISTUDIO_BRIDGE_PORT;
  if (portText !== undefined) {
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be a number from 0 to 65535, got "${portText}"`);
    out.port = port;
  }
  const keys = [...(values['api-key'] ?? []), ...list(env.AISTUDIO_BRIDGE_API_KEYS)];
  if (values['api-keys-file']) keys.push(...readKeysFile(values['api-keys-file']));
  out.apiKeys = [...new Set(keys)];
  const origins = [...(values['cors-origin'] ?? []), ...list(env.AISTUDIO_BRIDGE_CORS_ORIGINS)];
  // Added to the loopback defaults: allowing one more origin must not lock out the local ones.
  if (origins.length > 0) out.corsOrigins = [...new Set([...DEFAULT_CORS_ORIGINS, ...origins])];
  if (values['allow-host']) out.allowedHosts = values['allow-host'];
  if (values['extension-id']) {
    // Chrome ids are lower-case letters; a gecko id is compared as Firefox reports it.
    const ids = values['extension-id'].map((id) =>
      CHROME_ID_PATTERN.test(id.trim().toLowerCase()) ? id.trim().toLowerCase() : id.trim(),
    );
    const bad = ids.find((id) => !CHROME_ID_PATTERN.test(id) && !GECKO_ID_PATTERN.test(id));
    if (bad !== undefined)
      throw new UsageError(
        `--extension-id must be a Chrome extension id (32 letters a-p) or a Firefox add-on id (name@domain or {uuid}), got "${bad}"`,
      );
    out.extensionIds = [...new Set([EXTENSION_ID, FIREFOX_EXTENSION_ID, ...ids])];
  }
  if (values['allow-remote-extensions']) out.allowRemoteExtensions = true;
  if (values['strict-models'] || /^(1|true|yes)$/i.test(env.AISTUDIO_BRIDGE_STRICT_MODELS ?? ''))
    out.strictModels = true;
  if (values['json-keepalive'] || /^(1|true|yes)$/i.test(env.AISTUDIO_BRIDGE_JSON_KEEPALIVE ?? ''))
    out.jsonKeepAlive = true;
  const chats = chatOptions(values, env);
  if (chats) out.chats = chats;
  const level = values['log-level'] ?? env.AISTUDIO_BRIDGE_LOG_LEVEL;
  if (level !== undefined) {
    if (!LOG_LEVELS.includes(level as LogLevel))
      throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
    out.logLevel = level as LogLevel;
  }
  if (values['config-dir']) out.configDir = values['config-dir'];
  if (values.route !== undefined) {
    if (!ROUTE_POLICIES.includes(values.route as RoutePolicy))
      throw new UsageError(`--route must be one of ${ROUTE_POLICIES.join(', ')}, got "${values.route}"`);
    out.route = values.route as RoutePolicy;
  }
  const rate = seconds(values['rate-limit-cooldown'], '--rate-limit-cooldown');
  const daily = seconds(values['quota-cooldown'], '--quota-cooldown');
  if (rate !== null || daily !== null)
    out.cooldown = { rateLimitMs: rate ?? DEFAULT_COOLDOWN.rateLimitMs, dailyMs: daily ?? DEFAULT_COOLDOWN.dailyMs };
  const usageMb = values['usage-max-mb'];
  if (usageMb !== undefined) {
    const mb = Number(usageMb);
    if (!Number.isFinite(mb) || mb <= 0 || usageMb.trim() === '')
      throw new UsageError(`--usage-max-mb must be a positive number of megabytes, got "${usageMb}"`);
    out.usageMaxBytes = Math.round(mb * 1024 * 1024);
  }
  return out;
}

function chatOptions(
  values: { 'no-continue-chats'?: boolean; 'chat-max-turns'?: string; 'chat-max-chars'?: string },
  env: NodeJS.ProcessEnv,
): BridgeConfig['chats'] | null {
  const off =
    values['no-continue-chats'] === true || /^(0|false|no|off)$/i.test(env.AISTUDIO_BRIDGE_CONTINUE_CHATS ?? '');
  const turns = count(values['chat-max-turns'] ?? env.AISTUDIO_BRIDGE_CHAT_MAX_TURNS, '--chat-max-turns');
  const chars = count(values['chat-max-chars'] ?? env.AISTUDIO_BRIDGE_CHAT_MAX_CHARS, '--chat-max-chars');
  if (!off && turns === null && chars === null) return null;
  return {
    ...DEFAULT_KEPT_CHATS,
    enabled: !off,
    ...(turns !== null ? { maxTurns: turns } : {}),
    ...(chars !== null ? { maxChars: chars } : {}),
  };
}

function count(text: string | undefined, flag: string): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || text.trim() === '')
    throw new UsageError(`${flag} must be a whole number of at least 1, got "${text}"`);
  return n;
}

function seconds(text: string | undefined, flag: string): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || text.trim() === '')
    throw new UsageError(`${flag} must be a number of seconds, got "${text}"`);
  return Math.round(n * 1000);
}

function readKeysFile(path: string): string[] {
  try {
    return readFileSync(path, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0 && !l.startsWith('#'));
  } catch (err) {
    throw new UsageError(`cannot read --api-keys-file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
