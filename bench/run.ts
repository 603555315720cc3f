/**
 * `npm run bench`: runs every bench/*.bench.ts module that exports
 * `run(): Promise<Record<string, string | number>>`, one after the other, and prints one table.
 * A module that fails is reported and the others still run (exit code 1 at the end).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BenchModule = { run?: () => Promise<Record<string, string | number>> };

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const rows: Array<[string, string, string]> = [];
let failed = false;
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  const started = Date.now();
  process.stderr.write(`[bench] ${name}…\n`);
  try {
    const mod = (await import(pathToFileURL(`${dir}/${file}`).href)) as BenchModule;
    if (typeof mod.run !== 'function') throw new Error('exports no run()');
    for (const [metric, value] of Object.entries(await mod.run()))
      rows.push([name, metric, typeof value === 'number' ? format(value) : value]);
    process.stderr.write(`[bench] ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (err) {
    failed = true;
    rows.push([name, 'FAILED', err instanceof Error ? (err.message.split('\n')[0] ?? err.name) : String(err)]);
  }
}

function format(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n < 10 ? n.toFixed(3) : n.toFixed(1);
}

const widths = [0, 1, 2].map((i) =>
  Math.max(...[['bench', 'metric', 'value'], ...rows].map((r) => (r[i] ?? '').length)),
);
const line = (r: string[]) =>
  r.map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
console.log(line(['bench', 'metric', 'value']));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
process.exit(failed ? 1 : 0);
