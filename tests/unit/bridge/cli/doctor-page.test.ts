import { describe, expect, it } from 'vitest';
import { doctorCommand } from '../../../../bridge/cli/doctor.ts';
import type { FetchPageReport } from '../../../../bridge/cli/page-report.ts';
import type { NativeHostDeps } from '../../../../bridge/native/install.ts';
import { fakeRegistry, memoryFs } from '../native/fakes.ts';

const deps: NativeHostDeps = {
  platform: 'linux',
  home: '/home/u',
  env: {},
  fs: memoryFs([]),
  reg: fakeRegistry(),
  configDir: '/cfg',
};

async function run(
  pageReport: FetchPageReport,
  argv = ['--page'],
): Promise<{ code: number; out: string; asked: string[] }> {
  const lines: string[] = [];
  const asked: string[] = [];
  const code = await doctorCommand(
    argv,
    { ...deps, pageReport: (url, key) => (asked.push(`${url} ${key ?? '-'}`), pageReport(url, key)) },
    (l) => lines.push(l),
  );
  return { code, out: lines.join('\n'), asked };
}

const body = {
  selector_overrides: { runButton: ['ms-send-button button'] },
  extensions: [
    {
      id: 'c1',
      version: '0.1.0',
      tabs: [
        {
          tabId: '12',
          error: null,
          report: {
            url: 'https://aistudio.google.com/prompts/new_chat',
            selectors: [
              { name: 'promptTextarea', count: 1, visible: 1, expect: 'one', ok: true, overridden: false },
              { name: 'runButton', count: 0, visible: 0, expect: 'one', ok: false, overridden: true },
            ],
            customElements: [
              { name: 'ms-send-button', count: 1 },
              { name: 'ms-slider', count: 3 },
            ],
            dataTestAttributes: [{ name: 'data-test-id="model-name"', count: 1 }],
            ariaLabels: [{ name: 'button[aria-label="Send"]', count: 1 }],
          },
        },
        { tabId: '13', error: 'no content script runs in this tab', report: null },
      ],
    },
  ],
};

describe('doctor --page', () => {
  it('prints every selector key with its counts and the page outline, per worker tab', async () => {
    const { code, out, asked } = await run(async () => ({ status: 200, body }));
    expect(code).toBe(0);
    expect(asked).toEqual(['http://127.0.0.1:2048 -']); // the endpoint the native host would use
    expect(out.split('\n')).toEqual([
      'AI Studio Bridge page report (http://127.0.0.1:2048)',
      'selector overrides (selectors.json):',
      '  runButton: "ms-send-button button"',
      'extension c1 (version 0.1.0): 2 worker tab(s)',
      '  worker tab 12: https://aistudio.google.com/prompts/new_chat',
      '    selectors (key: found / visible, expected):',
      '      promptTextarea  1 / 1, one',
      '      runButton       0 / 0, one  [UNEXPECTED, overridden]',
      '    custom elements:',
      '      ms-send-button',
      '      ms-slider ×3',
      '    data-test-* attributes:',
      '      data-test-id="model-name"',
      '    aria-labels:',
      '      button[aria-label="Send"]',
      '  worker tab 13: no report — no content script runs in this tab',
    ]);
  });

  it('takes --url and --api-key, and says what is wrong when the bridge refuses or is down', async () => {
    const refused = await run(
      async () => ({ status: 401, body: { error: {} } }),
      ['--page', '--url', 'http://127.0.0.1:3000', '--api-key', 'k'],
    );
    expect(refused.asked).toEqual(['http://127.0.0.1:3000 k']);
    expect(refused).toMatchObject({
      code: 1,
      out: 'bridge at http://127.0.0.1:3000 answered HTTP 401 without a page report: pass --api-key',
    });
    const down = await run(async () => {
      throw new Error('fetch failed');
    });
    expect(down).toMatchObject({
      code: 1,
      out: 'bridge: not reachable at http://127.0.0.1:2048 (fetch failed): start it first (npm start)',
    });
  });

  it('plain doctor repeats why /health says no tab serves', async () => {
    const lines: string[] = [];
    const probe = async () => ({
      reachable: true as const,
      httpStatus: 200,
      body: {
        status: 'waiting_for_tab',
        reason: 'worker tab 12: the page did not load (reloaded 2×)',
        extensions: [{ paired_via: 'native' }],
        tabs: { total: 0, ready: 0 },
      },
    });
    const command = { node: '/n/node', args: ['/p/bridge/main.ts'], cwd: '/p' };
    expect(await doctorCommand([], { ...deps, command, probe }, (l) => lines.push(l))).toBe(0);
    expect(lines).toContain(
      'bridge: waiting_for_tab at http://127.0.0.1:2048 — worker tab 12: the page did not load (reloaded 2×)',
    );
  });
});
