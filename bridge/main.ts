/**
 * The bridge CLI: `aistudio-bridge <command> [options]` (default command: start).
 * Commands are loaded on demand, so `native-host` (spoken to by Chrome over stdio) never loads
 * the HTTP server, and a failure in one command's module cannot break the others.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export type Command = { summary: string; run: (argv: string[]) => Promise<number> };

export const commands: Record<string, Command> = {
  start: {
    summary: 'start the bridge (default)',
    run: async (argv) => (await import('./cli/start.ts')).startCommand(argv),
  },
  pairing: {
    summary: 'print the pairing token for the extension',
    run: async (argv) => (await import('./cli/pairing.ts')).pairingCommand(argv),
  },
  'install-native-host': {
    summary: 'register the native-messaging host (lets the extension start the bridge)',
    run: async (argv) => (await import('./cli/native-host-install.ts')).installNativeHostCommand(argv),
  },
  'uninstall-native-host': {
    summary: 'remove the native-messaging host registration',
    run: async (argv) => (await import('./cli/native-host-install.ts')).uninstallNativeHostCommand(argv),
  },
  doctor: {
    summary: 'check the installation and the running bridge',
    run: async (argv) => (await import('./cli/doctor.ts')).doctorCommand(argv),
  },
  'native-host': {
    summary: '(run by the browser) native-messaging host',
    run: async (argv) => (await import('./cli/native-host.ts')).nativeHostCommand(argv),
  },
};

function usage(all: Record<string, Command>): string {
  const width = Math.max(...Object.keys(all).map((n) => n.length));
  return [
    'usage: aistudio-bridge <command> [options]',
    '',
    ...Object.entries(all).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`),
    '',
    'aistudio-bridge <command> --help for options',
  ].join('\n');
}

/** `extra`: commands the installed package adds (demo, extension-path; scripts/cli.ts). */
export async function main(argv: string[], extra: Record<string, Command> = {}): Promise<number> {
  const all = { ...commands, ...extra };
  const [first, ...rest] = argv;
  if (first === 'help' || first === '--help' || first === '-h') {
    console.log(usage(all));
    return 0;
  }
  const named = first !== undefined && !first.startsWith('-');
  const command = all[named ? first : 'start'];
  if (!command) {
    console.error(`unknown command "${first}"\n\n${usage(all)}`);
    return 2;
  }
  return command.run(named ? rest : argv);
}

/** True when `moduleUrl` is the script node was started with (not an import). */
export function invokedDirectly(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === moduleUrl;
  } catch {
    return false;
  }
}

// `tsx bridge/main.ts …` runs the CLI; importing this module (bin/, tests) does not. In the
// compiled bundle this code shares its URL with scripts/cli.ts, which runs the CLI itself.
if (import.meta.url.endsWith('.ts') && invokedDirectly(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}
