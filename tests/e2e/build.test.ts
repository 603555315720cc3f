import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EXTENSION_DIR } from '../../sim/launch/browser.ts';

/** What `npm run build:chrome` must produce for the page tap to see the page's first requests. */
const BuiltManifest = z
  .object({
    manifest_version: z.literal(3),
    key: z.string().min(100),
    background: z.object({ service_worker: z.string(), type: z.literal('module') }),
    action: z.object({ default_popup: z.string() }),
    content_scripts: z.array(
      z.object({
        js: z.array(z.string()).length(1),
        matches: z.array(z.string()),
        world: z.string().optional(),
        run_at: z.string().optional(),
      }),
    ),
    web_accessible_resources: z.array(z.object({ resources: z.array(z.string()) })).optional(),
  })
  .passthrough();

const source = (file: string): string => readFileSync(join(EXTENSION_DIR, file), 'utf8');

describe('the built extension (dist/extension)', () => {
  const manifest = BuiltManifest.parse(JSON.parse(source('manifest.json')));

  it('declares the MAIN-world tap and the content script at document_start, as self-contained IIFEs', () => {
    const main = manifest.content_scripts.find((c) => c.world === 'MAIN');
    const isolated = manifest.content_scripts.find((c) => c.world === undefined || c.world === 'ISOLATED');
    for (const script of [main, isolated]) {
      expect(script?.run_at).toBe('document_start');
      expect(script?.matches).toEqual(['https://aistudio.google.com/*']);
      const code = source(script!.js[0]!).trim();
      // An IIFE with no module syntax: runs synchronously, before the page's own scripts.
      expect(code.startsWith('(function')).toBe(true);
      expect(code).not.toMatch(/^\s*import\s|\bimport\s*\(|^\s*export\s/m);
    }
    expect(main!.js[0]).toBe('extension/page/tap.iife.js');
  });

  it('exposes no extension files to web pages (nothing for a page to fingerprint)', () => {
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
  });

  it('keeps the key (stable extension id), the popup and the worker', () => {
    const original = JSON.parse(readFileSync('manifest.json', 'utf8')) as { key: string };
    expect(manifest.key).toBe(original.key);
    expect(existsSync(join(EXTENSION_DIR, manifest.background.service_worker))).toBe(true);
    expect(existsSync(join(EXTENSION_DIR, manifest.action.default_popup))).toBe(true);
  });
});
