import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';

/**
 * A loopback HTTP CONNECT proxy that tunnels only the named hosts (port 443) to one local port,
 * and refuses everything else with 403. Firefox has no --host-resolver-rules: its proxy prefs send
 * every HTTPS request here instead, including its own background traffic (updates, telemetry,
 * safe browsing), which must never leave the machine.
 */
export interface ConnectProxy {
  readonly port: number;
  /** CONNECT targets refused so far (host:port) */
  readonly refused: readonly string[];
  close(): Promise<void>;
}

export async function startConnectProxy(hosts: readonly string[], targetPort: number): Promise<ConnectProxy> {
  const refused: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(405, { 'content-type': 'text/plain' }).end('CONNECT only');
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    const [host, port] = target.split(':');
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (!host || port !== '443' || !hosts.includes(host.toLowerCase())) {
      refused.push(target);
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy did not bind');
  return {
    port: address.port,
    refused,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
