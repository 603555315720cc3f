import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the bridge keeps what must survive restarts (pairing token, logs, native-host launcher).
 * AISTUDIO_BRIDGE_HOME overrides it, so tests and the demo never touch the user's real config.
 */
export function defaultConfigDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.AISTUDIO_BRIDGE_HOME) return env.AISTUDIO_BRIDGE_HOME;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'aistudio-bridge');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'aistudio-bridge');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'aistudio-bridge');
}

export const tokenPath = (configDir: string): string => join(configDir, 'pairing-token');

/** The pairing token, or null when none was generated yet. */
export function readToken(configDir: string): string | null {
  try {
    const token = readFileSync(tokenPath(configDir), 'utf8').trim();
    return token.length >= 16 ? token : null;
  } catch {
    return null;
  }
}

/** The pairing token, generated (256 random bits, file mode 0600) on first use. */
export function loadOrCreateToken(configDir: string): string {
  const existing = readToken(configDir);
  if (existing) return existing;
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(tokenPath(configDir), `${token}\n`, { mode: 0o600 });
  try {
    chmodSync(tokenPath(configDir), 0o600);
  } catch {
    // chmod is a no-op on Windows; the file lives in the user's profile there.
  }
  return token;
}
