import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Where the bridge listens, as the native host sees it. The host is started by the browser, not
 * by the user's shell, so it cannot rely on flags the user typed: `install-native-host --port N`
 * records the choice in a small settings file in the config dir; the environment overrides it
 * (AISTUDIO_BRIDGE_HOST / AISTUDIO_BRIDGE_PORT, handy for tests and one-off runs).
 */
export interface BridgeEndpoint {
  host: string;
  port: number;
}

const DEFAULT_ENDPOINT: BridgeEndpoint = { host: '127.0.0.1', port: 2048 };

export const nativeSettingsPath = (configDir: string): string => join(configDir, 'native-host.json');

const Port = z.coerce.number().int().min(1).max(65_535);
const NativeSettings = z.object({ host: z.string().min(1).optional(), port: Port.optional() });
type NativeSettings = z.infer<typeof NativeSettings>;

function readNativeSettings(
  configDir: string,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): NativeSettings {
  let raw: string;
  try {
    raw = readFile(nativeSettingsPath(configDir));
  } catch {
    return {};
  }
  try {
    const parsed = NativeSettings.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function resolveEndpoint(
  configDir: string,
  env: NodeJS.ProcessEnv = process.env,
  readFile?: (path: string) => string,
): BridgeEndpoint {
  const settings = readNativeSettings(configDir, readFile);
  const envPort = Port.safeParse(env.AISTUDIO_BRIDGE_PORT);
  return {
    host: env.AISTUDIO_BRIDGE_HOST || settings.host || DEFAULT_ENDPOINT.host,
    port: envPort.success && env.AISTUDIO_BRIDGE_PORT ? envPort.data : (settings.port ?? DEFAULT_ENDPOINT.port),
  };
}

/** IPv6 literals need brackets inside a URL. */
function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** A wildcard bind address is not somewhere to connect to: use loopback instead. */
function connectHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '::1';
  return host;
}

export function httpUrl(endpoint: BridgeEndpoint): string {
  return `http://${urlHost(connectHost(endpoint.host))}:${endpoint.port}`;
}

export function extensionWsUrl(endpoint: BridgeEndpoint): string {
  return `ws://${urlHost(connectHost(endpoint.host))}:${endpoint.port}/extension`;
}
