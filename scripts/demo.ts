/**
 * `npm run demo`: a working OpenAI-compatible API without a Google account. Starts the real
 * bridge on 127.0.0.1:2048 (--port N), the simulated AI Studio, and Chromium with the built
 * extension (headless; --headed to watch it type and click), then serves until Ctrl-C.
 * Everything lives in temp directories: the person's bridge config and browser profile are
 * never touched.
 */
import { parseArgs } from 'node:util';
import { createLogger, PortInUseError } from '../bridge/index.ts';
import { parseVariant, VARIANT_WORDS, type PageVariant } from '../sim/page/variant.ts';
import { startStack, type Stack } from '../sim/stack.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '2048' },
    headed: { type: 'boolean', default: false },
    tabs: { type: 'string', default: '1' },
    verbose: { type: 'boolean', default: false },
    page: { type: 'string', default: '' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('Usage: npm run demo -- [--port 2048] [--headed] [--tabs 1-4] [--verbose] [--page narrow,zh,2026,…]');
  console.log(`  --page: simulated page variant, comma-separated: ${VARIANT_WORDS.join(', ')} (sim/README.md)`);
  process.exit(0);
}

const port = Number(values.port);
const tabs = Number(values.tabs);
if (!Number.isInteger(port) || port < 1 || port > 65_535) {
  console.error(`--port must be a TCP port, got ${values.port}`);
  process.exit(2);
}
if (!Number.isInteger(tabs) || tabs < 1 || tabs > 4) {
  console.error(`--tabs must be 1 to 4, got ${values.tabs}`);
  process.exit(2);
}

let simPage: PageVariant;
try {
  simPage = parseVariant(values.page);
} catch (error) {
  console.error(`--page: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

let harness: Stack | null = null;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping the demo…');
    await harness?.close();
  }
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  console.log(`Starting the bridge on 127.0.0.1:${port}, the simulated AI Studio and Chromium${values.headed ? ' (headed)' : ''}…`);
  harness = await startStack({
    bridgePort: port,
    workerTabs: tabs,
    headless: !values.headed,
    simPage,
    bridgeLogger: createLogger(values.verbose ? 'debug' : 'info'),
    log: values.verbose ? (line) => console.log(line) : undefined,
  });
  if (stopping) await stop(0);
  console.log(`AI Studio Bridge demo ready: ${harness.baseURL} (simulated AI Studio, no Google account)`);
  console.log(`Try: curl ${harness.baseURL}/chat/completions -H 'Content-Type: application/json' -d '{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Hello"}]}'`);
  console.log('Press Ctrl-C to stop.');
} catch (error) {
  if (error instanceof PortInUseError) console.error(`Port ${port} is in use (another bridge or proxy?). Try: npm run demo -- --port 2051`);
  else console.error('The demo could not start:', error);
  await stop(1);
}
