import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** Hop-by-hop upgrade headers dropped when a request is answered as plain HTTP. */
const UPGRADE_ONLY = new Set(['upgrade', 'http2-settings']);

export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return /^websocket$/i.test(String(req.headers.upgrade ?? '').trim());
}

/**
 * An `Upgrade:` the bridge does not speak (e.g. `h2c` from `curl --http2`) is a request for a
 * plain HTTP answer (RFC 9110 §7.8: a server may ignore it). Node hands every request that
 * carries one to the 'upgrade' event, with its parser already detached; so the request is put
 * back on the socket without the upgrade headers, body bytes included, and the server parses it
 * again as an ordinary request (keep-alive and chunked bodies work as usual).
 */
export function answerAsPlainHttp(server: Server, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const lines: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    let value = req.rawHeaders[i + 1] as string;
    const lower = name.toLowerCase();
    if (UPGRADE_ONLY.has(lower)) continue;
    if (lower === 'connection') {
      value = value
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t && !UPGRADE_ONLY.has(t.toLowerCase()))
        .join(', ');
      if (!value) continue;
    }
    lines.push(`${name}: ${value}`);
  }
  const text = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n${lines.join('\r\n')}\r\n\r\n`;
  socket.unshift(Buffer.concat([Buffer.from(text, 'latin1'), head]));
  server.emit('connection', socket);
}
