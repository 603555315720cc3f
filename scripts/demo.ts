/**
 * `aistudio-bridge demo` (`npm run demo` in a checkout): a working OpenAI-compatible API without a
 * Google account. Starts the real bridge on 127.0.0.1:2048 (--port N), the simulated AI Studio,
 * and Chromium with the built extension (headless; --headed to watch it type and click), then
 * serves until Ctrl-C. Everything lives in temp directories: the person's bridge config and
 * browser profile are never touched.
 */
import { parseArgs } from 'node:util';
import { createLogger, PortInUseError } from '../bridge/index.ts';
import { FOUND_BROWSER } from '../sim/launch/chromium.ts';
import { parseVariant, VARIANT_WORDS, type PageVariant } from '../sim/site/page/variant.ts';
import type { Stack } from '../sim/launch/stack.ts';

const USAGE = [
  'usage: aistudio-bridge demo [--port 2048] [--headed] [--tabs 1-4] [--verbose] [--page narrow,zh,2026,…]',
  `  --page: simulated page variant, comma-separated: ${VARIANT_WORDS.join(', ')} (sim/README.md)`,
].join('\n');

export async function demoCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '2048' },
        headed: { type: 'boolean', default: false },
        tabs: { type: 'string', default: '1' },
        verbose: { type: 'boolean', default: false },
        page: { type: 'string', default: '' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(values.port);
  const tabs = Number(values.tabs);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    console.error(`--port must be a TCP port, got ${values.port}`);
    return 2;
  }
  if (!Number.isInteger(tabs) || tabs < 1 || tabs > 4) {
    console.error(`--tabs must be 1 to 4, got ${values.tabs}`);
    return 2;
  }
  let simPage: PageVariant;
  try {
    simPage = parseVariant(values.page);
  } catch (error) {
    console.error(`--page: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  // Before anything starts: without a browser there is nothing to show.
  if (!FOUND_BROWSER.ok) {
    console.error(
      `${FOUND_BROWSER.message}\n\nThe demo runs the extension in Chromium; install one and run the demo again.`,
    );
    return 1;
  }

  const { startStack } = await import('../sim/launch/stack.ts');
  let stack: Stack | null = null;
  let stopping = false;
  let finished: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finished = resolve));
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the demo…');
    await stack?.close();
    finished(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  try {
    console.log(
      `Starting the bridge on 127.0.0.1:${port}, the simulated AI Studio and ${FOUND_BROWSER.path}${values.headed ? ' (headed)' : ''}…`,
    );
    stack = await startStack({
      bridgePort: port,
      workerTabs: tabs,
      headless: !values.headed,
      simPage,
      bridgeLogger: createLogger(values.verbose ? 'debug' : 'info'),
      log: values.verbose ? (line) => console.log(line) : undefined,
    });
    if (stopping) await stack.close();
    else {
      console.log(`AI Studio Bridge demo ready: ${stack.baseURL} (simulated AI Studio, no Google account)`);
      console.log(
        `Try: curl ${stack.baseURL}/chat/completions -H 'Content-Type: application/json' -d '{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Hello"}]}'`,
      );
      console.log('Press Ctrl-C to stop.');
    }
  } catch (error) {
    if (error instanceof PortInUseError)
      console.error(`Port ${port} is in use (another bridge or proxy?). Try: aistudio-bridge demo --port 2051`);
    else console.error('The demo could not start:', error);
    await stop(1);
  }
  return done;
}
