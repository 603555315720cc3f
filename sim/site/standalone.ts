// `npm run sim`: serves the simulated AI Studio for a person on loopback (plain HTTP, page and
// RPC on one origin, so no DNS tricks are needed). Flags: --port N (default 2050), --scenario NAME,
// --page VARIANTS (e.g. narrow,zh or 2026; see README.md).

import { parseArgs } from 'node:util';
import { isScenarioName } from './scenarios.ts';
import { parseVariant } from './page/variant.ts';
import { startSim } from './server.ts';

const UNSAFE_PORTS = new Set([2049, 4045, 6000, 6665, 6666, 6667, 6668, 6669, 6697, 10080]);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '2050' },
      scenario: { type: 'string' },
      page: { type: 'string', default: '' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${values.port} is not a port`);
  if (UNSAFE_PORTS.has(port)) throw new Error(`Chrome refuses port ${port}; pick another`);
  const name = values.scenario;
  if (name !== undefined && !isScenarioName(name)) throw new Error(`unknown scenario ${name}`);
  const page = parseVariant(values.page);
  const sim = await startSim({ port, standalone: true, page, ...(name ? { scenario: { name } } : {}) });
  console.log(`Simulated AI Studio: ${sim.url}`);
  console.log(`Runs so far (JSON):  ${sim.origin}/__sim/runs`);
  console.log(
    'Scenario keywords in a prompt: [[sim:long chunks=30 intervalMs=100]], [[sim:thinking]], [[sim:quota]] … (see sim/README.md)',
  );
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
