import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The file-system and registry operations the installer, uninstaller and doctor need, behind an
 * interface so the per-OS behaviour (Windows registry included) is unit-tested on any machine.
 */
export interface HostFs {
  exists(path: string): boolean;
  readFile(path: string): string;
  /** creates parent folders as needed; mode applies to new files (POSIX) */
  writeFile(path: string, data: string, mode?: number): void;
  /** `mode` for a folder this creates (the config folder: 0700, like the bridge makes it) */
  mkdir(path: string, mode?: number): void;
  /** no error when the path is already gone */
  remove(path: string): void;
}

export interface RegResult {
  code: number;
  stdout: string;
  stderr: string;
}
/** Runs `reg.exe` with these arguments (Windows only). */
export type RegRunner = (args: string[]) => Promise<RegResult>;

export const nodeFs: HostFs = {
  exists: (path) => existsSync(path),
  readFile: (path) => readFileSync(path, 'utf8'),
  writeFile: (path, data, mode) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data, mode === undefined ? undefined : { mode });
    // writeFileSync's mode only applies to new files; reinstalling must fix it too.
    if (mode !== undefined && process.platform !== 'win32') chmodSync(path, mode);
  },
  mkdir: (path, mode) => mkdirSync(path, { recursive: true, ...(mode === undefined ? {} : { mode }) }),
  remove: (path) => rmSync(path, { force: true }),
};

export const spawnReg: RegRunner = (args) =>
  new Promise((resolve) => {
    const child = spawn('reg', args, { windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: error.message }));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
