import { createRequire } from 'node:module';

/** The bridge's version, from package.json (reported by /health and in the `welcome` frame). */
export const BRIDGE_VERSION: string = (() => {
  try {
    const pkg = createRequire(import.meta.url)('../package.json') as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
