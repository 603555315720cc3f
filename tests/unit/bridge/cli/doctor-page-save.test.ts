import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../../../bridge/cli/doctor.ts';
import type { FetchPageReport } from '../../../../bridge/cli/page-report.ts';
import { fakeRegistry, memoryFs } from '../native/fakes.ts';

const deps = {
  platform: 'linux' as const,
  home: '/home/u',
  env: {},
  fs: memoryFs([]),
  reg: fakeRegistry(),
  configDir: '/cfg',
};
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SKELETON =
  '<!-- aistudio-bridge page skeleton v1 path=/prompts/new_chat lang=en nodes=3 -->\n<body><ms-app></ms-app></body>\n';
const report = (skeleton?: string) => ({
  url: 'https://aistudio.google.com/prompts/new_chat',
  selectors: [],
  customElements: [],
  dataTestAttributes: [],
  ariaLabels: [],
  ...(skeleton ? { skeleton } : {}),
});
const body = (skeleton?: string) => ({
  selector_overrides: {},
  extensions: [{ id: 'c1', version: '0.1.0', tabs: [{ tabId: '12', error: null, report: report(skeleton) }] }],
});

async function run(answer: unknown, argv: string[]) {
  const lines: string[] = [];
  const errors: string[] = [];
  const asked: string[] = [];
  const pageReport: FetchPageReport = async (url, key, skeleton) => {
    asked.push(`${url} ${key ?? '-'} skeleton=${skeleton === true}`);
    return { status: 200, body: answer };
  };
  const origError = console.error;
  console.error = (l: string) => errors.push(l);
  try {
    const code = await doctorCommand(argv, { ...deps, pageReport }, (l) => lines.push(l));
    return { code, out: lines.join('\n'), err: errors.join('\n'), asked };
  } finally {
    console.error = origError;
  }
}

describe('doctor --page --save and --port', () => {
  it('asks the bridge on --port for the skeleton and writes it to the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asb-skel-'));
    dirs.push(dir);
    const file = join(dir, 'page.html');
    const { code, out, asked } = await run(body(SKELETON), ['--page', '--port', '2051', '--save', file]);
    expect(code).toBe(0);
    expect(asked).toEqual(['http://127.0.0.1:2051 - skeleton=true']);
    expect(readFileSync(file, 'utf8')).toBe(SKELETON);
    expect(out).toContain(`saved the page skeleton of worker tab c1/12 to ${file}`);
  });

  it('says so when no tab sent a skeleton (an older extension), and refuses bad flags', async () => {
    const none = await run(body(), ['--page', '--save', '/nonexistent/x.html']);
    expect(none.code).toBe(1);
    expect(none.out).toContain('no page skeleton to save');
    expect(none.asked).toEqual(['http://127.0.0.1:2048 - skeleton=true']);
    expect((await run(body(), ['--page', '--port', 'abc'])).code).toBe(2);
    const alone = await run(body(), ['--save', 'x.html']);
    expect(alone).toMatchObject({ code: 2 });
    expect(alone.err).toContain('--save and --port go with --page');
  });
});
