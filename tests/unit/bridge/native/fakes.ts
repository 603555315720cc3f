import type { HostFs, RegResult, RegRunner } from '../../../../bridge/native/system.ts';

/** In-memory HostFs: files and folders as path strings, whatever the path style. */
export function memoryFs(
  initialDirs: string[] = [],
): HostFs & { files: Map<string, { data: string; mode?: number }>; dirs: Set<string> } {
  const files = new Map<string, { data: string; mode?: number }>();
  const dirs = new Set(initialDirs);
  return {
    files,
    dirs,
    exists: (path) => files.has(path) || dirs.has(path),
    readFile: (path) => {
      const file = files.get(path);
      if (!file) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return file.data;
    },
    writeFile: (path, data, mode) => void files.set(path, { data, mode }),
    mkdir: (path) => void dirs.add(path),
    remove: (path) => void files.delete(path),
  };
}

/** A fake `reg.exe` over a key → default-value map; records every call. */
export function fakeRegistry(): RegRunner & { keys: Map<string, string>; calls: string[][] } {
  const keys = new Map<string, string>();
  const calls: string[][] = [];
  const ok = (stdout = ''): RegResult => ({ code: 0, stdout, stderr: '' });
  const missing: RegResult = {
    code: 1,
    stdout: '',
    stderr: 'ERROR: The system was unable to find the specified registry key or value.',
  };
  const run = async (args: string[]): Promise<RegResult> => {
    calls.push(args);
    const [verb, key = ''] = args;
    if (verb === 'add') {
      const value = args[args.indexOf('/d') + 1] ?? '';
      keys.set(key, value);
      return ok('The operation completed successfully.');
    }
    if (verb === 'query')
      return keys.has(key) ? ok(`\r\n${key}\r\n    (Default)    REG_SZ    ${keys.get(key)}\r\n`) : missing;
    if (verb === 'delete') return keys.delete(key) ? ok() : missing;
    return { code: 1, stdout: '', stderr: `unknown verb ${verb}` };
  };
  return Object.assign(run, { keys, calls });
}
