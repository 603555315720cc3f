import { parseArgs } from 'node:util';
import { defaultConfigDir, loadOrCreateToken, tokenPath } from '../pairing.ts';

/** `aistudio-bridge pairing`: prints the token the extension needs (creating it on first use). */
export async function pairingCommand(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = console.log,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { 'config-dir': { type: 'string' }, quiet: { type: 'boolean', short: 'q' } },
  });
  const dir = values['config-dir'] ?? defaultConfigDir(env);
  const token = loadOrCreateToken(dir);
  if (values.quiet) {
    print(token);
    return 0;
  }
  print(`Pairing token: ${token}`);
  print(`(stored in ${tokenPath(dir)}; paste it in the extension popup if it asks for it)`);
  return 0;
}
