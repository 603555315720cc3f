import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { PACKAGE_ROOT } from '../../package-root.ts';

/** `npm run build:dashboard` (vite, dashboard/vite.config.ts) writes the page here; the npm package ships it. */
const DASHBOARD_DIR = join(PACKAGE_ROOT, 'dist', 'dashboard');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/**
 * Nothing inline, nothing from elsewhere: scripts and styles only from the bridge's own files;
 * requests only to this origin over http, which leaves out ws: (so no page script can open the
 * extension's WebSocket); images also from data: URLs (a model's generated images).
 */
function contentSecurityPolicy(host: string | undefined): string {
  const self = host ? `http://${host}` : "'self'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${self}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

interface Asset {
  type: string;
  body: Buffer;
}

/** The built files, read once (a few hundred KB); null while the dashboard is not built. */
export class DashboardAssets {
  private files: Map<string, Asset> | null = null;

  constructor(private readonly dir = DASHBOARD_DIR) {}

  /** `name` is a path under the build folder, e.g. "index.html", "assets/main-x.js"; only listed files are served. */
  get(name: string): Asset | null {
    this.files ??= this.load();
    return this.files?.get(name) ?? null;
  }

  private load(): Map<string, Asset> | null {
    const out = new Map<string, Asset>();
    const walk = (sub: string, depth: number): void => {
      if (depth > 3) return;
      for (const e of readdirSync(join(this.dir, sub), { withFileTypes: true })) {
        const name = sub ? `${sub}/${e.name}` : e.name;
        if (e.isDirectory()) walk(name, depth + 1);
        else if (TYPES[extname(e.name)])
          out.set(name, { type: TYPES[extname(e.name)] as string, body: readFileSync(join(this.dir, name)) });
      }
    };
    try {
      walk('', 0);
    } catch {
      return null;
    }
    return out.has('index.html') ? out : null;
  }
}

export function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset, immutable: boolean): void {
  res.writeHead(200, {
    'content-type': asset.type,
    'content-length': asset.body.length,
    'content-security-policy': contentSecurityPolicy(req.headers.host),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
}
