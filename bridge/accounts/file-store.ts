import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BookStore } from './quota-book.ts';

const QUOTA_FILE = 'quota.json';

/** The quota book in `<configDir>/quota.json`, replaced atomically (write then rename). */
export function fileStore(configDir: string): BookStore {
  const path = join(configDir, QUOTA_FILE);
  return {
    read: () => {
      try {
        return readFileSync(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    write: (text) => {
      mkdirSync(configDir, { recursive: true, mode: 0o700 });
      writeFileSync(`${path}.tmp`, text, { mode: 0o600 });
      renameSync(`${path}.tmp`, path);
    },
  };
}
