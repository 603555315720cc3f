import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EXTENSION_ID } from '../../../../protocol/extension-id.ts';
import { ExtensionLinkServer } from '../../../../bridge/link/server.ts';
import { linkDeps } from './fakes.ts';

/**
 * Upgrade requests refused before the WebSocket handshake, handed to handleUpgrade directly: the
 * raw HTTP answer written to the socket is the whole observable result.
 */
function refusal(
  request: { url?: string; host?: string; origin?: string; address?: string },
  options: { allowRemote?: boolean; extraHosts?: string[] } = {},
) {
  const setup = linkDeps();
  const link = new ExtensionLinkServer({
    ...setup.deps,
    extraHosts: options.extraHosts ?? [],
    extensionIds: [EXTENSION_ID],
    allowRemote: options.allowRemote,
  });
  const peer = new Socket();
  Object.defineProperty(peer, 'remoteAddress', { value: request.address ?? '127.0.0.1' });
  const req = new IncomingMessage(peer);
  req.url = request.url as string;
  req.headers = {
    ...(request.host === undefined ? {} : { host: request.host }),
    ...(request.origin === undefined ? {} : { origin: request.origin }),
  };
  const socket = new PassThrough();
  link.handleUpgrade(req, socket, Buffer.alloc(0));
  const answer = (socket.read() as Buffer | null)?.toString() ?? null;
  return { answer, warnings: setup.logger.of('warn') };
}

const response = (status: string, body: string): string =>
  `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

const ours = `chrome-extension://${EXTENSION_ID}`;
const originRefused = response(
  '403 Forbidden: only the AI Studio Bridge extension may connect (another build? start with --extension-id <id>)',
  'Forbidden: only the AI Studio Bridge extension may connect (another build? start with --extension-id <id>)',
);

describe('ExtensionLinkServer refuses an upgrade with a complete HTTP answer', () => {
  it('404 for any path but /extension', () => {
    for (const url of ['/', '/extensionx', '/v1/extension', '/extension/', undefined]) {
      expect(refusal({ url, host: '127.0.0.1', origin: ours }).answer, String(url)).toBe(
        response('404 Not Found', 'Not Found'),
      );
    }
  });

  it('403 for a Host that is not a loopback name (nor an allowed one)', () => {
    const forbidden = response('403 Forbidden: Host is not a loopback name', 'Forbidden: Host is not a loopback name');
    for (const host of ['evil.example:2048', '127.0.0.1.nip.io', undefined])
      expect(refusal({ url: '/extension', host, origin: ours }).answer, String(host)).toBe(forbidden);
    expect(
      refusal(
        { url: '/extension', host: 'bridge.lan:2048', origin: 'https://evil.example' },
        { extraHosts: ['bridge.lan'] },
      ).answer,
    ).toBe(originRefused);
  });

  it('403 for a peer on another machine unless remote extensions are allowed, and logs its address', () => {
    const text =
      'Forbidden: the extension must run on this machine (start the bridge with --allow-remote-extensions to accept others)';
    for (const address of ['192.168.1.5', '::ffff:10.0.0.2', '::2']) {
      const { answer, warnings } = refusal({ url: '/extension', host: '127.0.0.1', origin: ours, address });
      expect(answer, address).toBe(response(`403 ${text}`, text));
      expect(warnings).toEqual([
        ['warn', 'refused a WebSocket from another machine', { address: address.replace('::ffff:', '') }],
      ]);
    }
    // allowed: the next check (the Origin) decides
    const remote = { url: '/extension', host: '127.0.0.1', origin: 'https://evil.example', address: '192.168.1.5' };
    expect(refusal(remote, { allowRemote: true }).answer).toBe(originRefused);
    for (const address of ['::1', '::ffff:127.0.0.1', '127.8.9.10'])
      expect(refusal({ ...remote, address }).answer, address).toBe(originRefused);
  });

  it('403 for every Origin but our extension’s chrome-extension:// id or a well-formed moz-extension:// uuid', () => {
    const uuid = '09af09af-09af-09af-09af-09af09af09af';
    for (const origin of [
      'https://evil.example',
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      `${ours}/`,
      `x${ours}`,
      `chrome-extension://${EXTENSION_ID.slice(1)}`,
      `moz-extension://${uuid}/`,
      `xmoz-extension://${uuid}`,
      `moz-extension://${uuid.toUpperCase()}`,
      `moz-extension://${uuid.slice(1)}`,
      'moz-extension://not-a-uuid',
      'null',
    ]) {
      const { answer, warnings } = refusal({ url: '/extension', host: 'localhost', origin });
      expect(answer, origin).toBe(originRefused);
      expect(warnings).toEqual([
        ['warn', 'refused a WebSocket from an origin that is not the AI Studio Bridge extension', { origin }],
      ]);
    }
    const missing = refusal({ url: '/extension', host: 'localhost' });
    expect(missing.answer).toBe(originRefused);
    expect(missing.warnings).toEqual([
      ['warn', 'refused a WebSocket from an origin that is not the AI Studio Bridge extension', { origin: '' }],
    ]);
  });
});
