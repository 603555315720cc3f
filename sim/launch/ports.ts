import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A loopback port for a server some other process binds later (a bridge the native host spawns,
 * nginx, the packaged CLI). Asking the kernel for port 0 and closing it is not enough: the kernel
 * hands the same number to the next `listen(0)` (the simulator, the CONNECT proxy, the browser's
 * own debugging port) and the spawned server then finds its port taken. So the port comes from
 * below the kernel's ephemeral range, where `listen(0)` never looks, and above 10080, the highest
 * port Chrome refuses to connect to.
 */
const LOWEST = 10_081;

function ephemeralLow(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const value = Number(low);
    return Number.isInteger(value) && value > LOWEST + 1000 ? value : 32_768;
  } catch {
    return 32_768; // Linux's default; macOS starts at 49152, so this stays clear there too
  }
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function sparePort(): Promise<number> {
  const high = ephemeralLow();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (high - LOWEST));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free loopback port between ${LOWEST} and ${high}`);
}
