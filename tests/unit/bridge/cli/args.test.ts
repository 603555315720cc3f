import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pairingCommand } from '../../../../bridge/cli/pairing.ts';
import { startCommand } from '../../../../bridge/cli/start.ts';
import { main } from '../../../../bridge/main.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'asb-cli-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('CLI', () => {
  it('exits 3 with a clear message when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    try {
      const code = await startCommand(
        ['--port', String(port), '--config-dir', tmp(), '--log-level', 'silent'],
        {},
        () => {},
      );
      expect(code).toBe(3);
      expect(errors.join('\n')).toContain(`port ${port} is in use — another AI Studio proxy? use --port`);
    } finally {
      blocker.close();
    }
  });

  it('refuses a non-loopback bind without an API key', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    const code = await startCommand(
      ['--host', '0.0.0.0', '--port', '0', '--config-dir', tmp(), '--log-level', 'silent'],
      {},
      () => {},
    );
    expect(code).toBe(2);
    expect(errors.join('\n')).toContain('refusing to listen on 0.0.0.0 without an API key');
  });

  it('prints the same pairing token every time', async () => {
    const dir = tmp();
    const out: string[] = [];
    await pairingCommand(['--config-dir', dir, '--quiet'], {}, (l) => out.push(l));
    await pairingCommand(['--config-dir', dir, '--quiet'], {}, (l) => out.push(l));
    expect(out[0]).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(out[1]).toBe(out[0]);
  });

  it('rejects unknown commands with exit code 2', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await main(['frobnicate'])).toBe(2);
  });
});
