import { posix, win32 } from 'node:path';
import type { BridgeCommand } from './runtime.ts';

/**
 * The script the host manifest's `path` points at. Chrome runs it with the caller's origin as
 * argument (plus `--parent-window=N` on Windows); it forwards them to `native-host`. Everything in
 * it is absolute, and it pins the config dir, so a browser started from the desktop (thin PATH,
 * none of the shell's variables) reaches the same Node, project and pairing token as the user's
 * terminal did at install time.
 */
export interface LauncherSpec {
  command: BridgeCommand;
  configDir: string;
}

const launcherFileName = (platform: NodeJS.Platform): string =>
  platform === 'win32' ? 'native-host.bat' : 'native-host.sh';

export function launcherPath(configDir: string, platform: NodeJS.Platform): string {
  return (platform === 'win32' ? win32 : posix).join(configDir, launcherFileName(platform));
}

/** POSIX shell single-quoting: the only character that needs care inside '…' is ' itself. */
export function shQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * cmd.exe double-quoting. Windows paths cannot contain `"`; `%` would still be expanded as a
 * variable inside quotes in a batch file, so it is doubled.
 */
export function cmdQuote(value: string): string {
  if (value.includes('"')) throw new Error(`cannot quote a value containing '"' for cmd.exe: ${value}`);
  return `"${value.replaceAll('%', '%%')}"`;
}

export function launcherContent(spec: LauncherSpec, platform: NodeJS.Platform): string {
  const { command, configDir } = spec;
  if (platform === 'win32') {
    const argv = [command.node, ...command.args].map(cmdQuote).join(' ');
    return [
      '@echo off',
      'rem AI Studio Bridge native-messaging host launcher, written by `aistudio-bridge install-native-host`.',
      'rem Absolute paths: a browser started from the Start menu may not have node on its PATH.',
      `set "AISTUDIO_BRIDGE_HOME=${configDir.replaceAll('%', '%%')}"`,
      `cd /d ${cmdQuote(command.cwd)}`,
      `${argv} native-host %*`,
      '',
    ].join('\r\n');
  }
  const argv = [command.node, ...command.args].map(shQuote).join(' ');
  return [
    '#!/bin/sh',
    '# AI Studio Bridge native-messaging host launcher, written by `aistudio-bridge install-native-host`.',
    '# Absolute paths: a browser started from the desktop may not have node (nvm, Homebrew) on its PATH.',
    `AISTUDIO_BRIDGE_HOME=${shQuote(configDir)}`,
    'export AISTUDIO_BRIDGE_HOME',
    `cd ${shQuote(command.cwd)} || exit 1`,
    `exec ${argv} native-host "$@"`,
    '',
  ].join('\n');
}
