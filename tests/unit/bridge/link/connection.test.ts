import { describe, expect, it } from 'vitest';
import { encode } from '../../../../protocol/envelope.ts';
import { PROTOCOL_VERSION, type VersionRefusal } from '../../../../protocol/version.ts';
import { ExtensionConnection, type ConnectionDeps } from '../../../../bridge/link/connection.ts';
import { BRIDGE_VERSION } from '../../../../bridge/version.ts';
import { signProof, verifyProof } from '../../../../protocol/pairing-proof.ts';
import { EXTENSION_NONCE, FakeSocket, hello, linkDeps, TOKEN } from './fakes.ts';

function connect(overrides: Partial<ConnectionDeps> = {}, startAt = 0) {
  const setup = linkDeps(overrides);
  setup.timers.advance(startAt);
  const socket = new FakeSocket();
  const connection = new ExtensionConnection('c7', socket.asWebSocket(), setup.deps);
  return { ...setup, socket, connection };
}

describe('ExtensionConnection before hello', () => {
  it('knows nothing about the extension yet and is not paired', () => {
    const { connection } = connect({}, 1234);
    expect(connection.info).toEqual({
      id: 'c7',
      extensionVersion: null,
      userAgent: null,
      pairedVia: null,
      connectedAt: 1234,
      account: null,
      accountId: null,
    });
    expect(connection.account).toBeUndefined();
    expect(connection.isPaired).toBe(false);
  });

  it('closes with 4003 "no hello" after 10 s without a hello, or after helloTimeoutMs', () => {
    const byDefault = connect();
    byDefault.timers.advance(9_999);
    expect(byDefault.socket.closes).toEqual([]);
    byDefault.timers.advance(1);
    expect(byDefault.socket.closes).toEqual([{ code: 4003, reason: 'no hello' }]);
    const short = connect({ helloTimeoutMs: 50 });
    short.timers.advance(49);
    expect(short.socket.closes).toEqual([]);
    short.timers.advance(1);
    expect(short.socket.closes).toEqual([{ code: 4003, reason: 'no hello' }]);
  });

  it('closes with 4005 when the first frame is not JSON (and logs why), is not a hello, or is binary', () => {
    const garbage = connect();
    garbage.socket.text('hello?');
    expect(garbage.socket.closes).toEqual([{ code: 4005, reason: 'first frame must be a hello' }]);
    expect(garbage.logger.of('warn')).toEqual([
      ['warn', 'bad frame from extension', { connection: 'c7', error: 'frame is not JSON' }],
    ]);
    const ping = connect();
    ping.socket.frame('ping', { t: 1 });
    expect(ping.socket.closes).toEqual([{ code: 4005, reason: 'first frame must be a hello' }]);
    // a binary frame is never read as text, even when its bytes are a valid hello
    const binary = connect();
    binary.socket.text(encode('hello', hello()), true);
    expect(binary.socket.closes).toEqual([{ code: 4005, reason: 'first frame must be a hello' }]);
    expect(binary.connection.isPaired).toBe(false);
  });

  it('closes with 4001 on a wrong token of any length and reports the failed pairing, nothing else', () => {
    for (const token of [TOKEN.replace('0', '1'), TOKEN.slice(1), `${TOKEN}x`, '']) {
      const failures: string[] = [];
      const { socket, connection, logger } = connect({
        onPairingFailed: () => failures.push('failed'),
        onPaired: () => failures.push('paired'),
      });
      socket.pair({}, { token });
      expect(socket.closes, token).toEqual([{ code: 4001, reason: 'bad pairing token' }]);
      expect(failures, token).toEqual(['failed']);
      expect(connection.isPaired).toBe(false);
      expect(logger.of('error'), token).toEqual([]);
      expect(socket.sent.map((f) => f.type)).toEqual(['challenge']);
    }
    // a proof that is not even base64url, and a protocol-1 hello with the wrong token itself
    const garbled = connect();
    garbled.socket.frame('hello', hello());
    garbled.socket.frame('proof', { proof: '' });
    expect(garbled.socket.closes).toEqual([{ code: 4001, reason: 'bad pairing token' }]);
    const legacy = connect();
    legacy.socket.frame('hello', { protocolVersion: 1, token: 'nope', extensionVersion: '0.1.0' });
    expect(legacy.socket.closes).toEqual([{ code: 4001, reason: 'bad pairing token' }]);
    // without a listener the refusal is the same
    const quiet = connect();
    quiet.socket.pair({}, { token: 'nope' });
    expect(quiet.socket.closes).toEqual([{ code: 4001, reason: 'bad pairing token' }]);
    expect(quiet.logger.of('error')).toEqual([]);
  });

  it('with a pinned id (moz-extension origin), pairs only a hello announcing one of the ids', () => {
    const refusedWith = (extensionId: string | undefined) => {
      const { socket, logger } = connect({ announcedIdIn: ['ours@example', 'also-ours@example'] });
      socket.pair(extensionId === undefined ? {} : { extensionId });
      expect(logger.of('warn')).toEqual([
        [
          'warn',
          'refused a Firefox add-on that is not AI Studio Bridge',
          { connection: 'c7', extensionId: extensionId ?? null },
        ],
      ]);
      return socket.closes;
    };
    const reason = 'only the AI Studio Bridge add-on may connect (another build? start with --extension-id <id>)';
    expect(refusedWith(undefined)).toEqual([{ code: 4005, reason }]);
    expect(refusedWith('other@evil.example')).toEqual([{ code: 4005, reason }]);
    const ok = connect({ announcedIdIn: ['ours@example', 'also-ours@example'] });
    ok.socket.pair({ extensionId: 'also-ours@example' });
    expect(ok.connection.isPaired).toBe(true);
    // no pin (a chrome-extension origin, already checked by id): no id needed
    const chrome = connect();
    chrome.socket.pair();
    expect(chrome.connection.isPaired).toBe(true);
  });

  it('closes with 4002 naming the side to update when the versions do not work together', () => {
    const seen: Array<VersionRefusal | 'accepted'> = [];
    const versions = { refused: (r: VersionRefusal) => seen.push(r), accepted: () => seen.push('accepted') };
    const newer = connect({ versions });
    newer.socket.frame('hello', hello({ protocolVersion: PROTOCOL_VERSION + 1 }));
    const refusal: VersionRefusal = {
      update: 'bridge',
      bridge: { protocolVersion: PROTOCOL_VERSION, version: BRIDGE_VERSION },
      extension: { protocolVersion: PROTOCOL_VERSION + 1, version: '1.0.0' },
    };
    expect(seen).toEqual([refusal]);
    expect(newer.socket.closes).toEqual([
      {
        code: 4002,
        reason: `update bridge; bridge ${BRIDGE_VERSION} p${PROTOCOL_VERSION}; extension 1.0.0 p${PROTOCOL_VERSION + 1}`,
      },
    ]);
    expect(newer.logger.of('warn')).toEqual([
      ['warn', expect.stringMatching(/^The bridge .* do not work together: update the bridge/), { connection: 'c7' }],
    ]);
    expect(newer.connection.isPaired).toBe(false);
    // too old an extension, and nobody listening for version outcomes
    const old = connect();
    old.socket.frame('hello', hello({ extensionVersion: '0.0.1' }));
    expect(old.socket.closes).toEqual([
      {
        code: 4002,
        reason: `update extension; bridge ${BRIDGE_VERSION} p${PROTOCOL_VERSION}; extension 0.0.1 p${PROTOCOL_VERSION}`,
      },
    ]);
    const fine = connect({ versions });
    fine.socket.pair();
    expect(seen).toEqual([refusal, 'accepted']);
  });

  it('tells a protocol-1 extension (which sends its token) to update, once its token is right', () => {
    const { socket, connection } = connect();
    socket.frame('hello', { protocolVersion: 1, token: TOKEN, extensionVersion: '0.1.0', account: 'a@gmail.com' });
    expect(socket.closes).toEqual([
      { code: 4002, reason: `update extension; bridge ${BRIDGE_VERSION} p${PROTOCOL_VERSION}; extension 0.1.0 p1` },
    ]);
    expect(socket.raw).toEqual([]);
    expect(connection.isPaired).toBe(false);
    // a token in a hello of this protocol is a protocol error: protocol 2 never sends it
    const sent = connect();
    sent.socket.frame('hello', hello({ token: TOKEN }));
    expect(sent.socket.closes).toEqual([{ code: 4005, reason: 'protocol 2 proves the token, never sends it' }]);
  });

  it('answers a hello with its nonce and a proof the extension checks with WebCrypto, never the token', async () => {
    const { socket, connection } = connect();
    socket.frame('hello', hello());
    const [challenge] = socket.sentOf('challenge');
    expect(challenge!.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const another = connect();
    another.socket.frame('hello', hello());
    expect(another.socket.sentOf('challenge')[0]!.nonce).not.toBe(challenge!.nonce);
    const nonces = [EXTENSION_NONCE, challenge!.nonce];
    expect(await verifyProof(TOKEN, 'bridge', nonces, challenge!.proof)).toBe(true);
    expect(await verifyProof(TOKEN, 'extension', nonces, challenge!.proof)).toBe(false);
    expect(socket.raw.join('')).not.toContain(TOKEN);
    expect(connection.isPaired).toBe(false);
    // the extension's proof, made with WebCrypto, pairs
    socket.frame('proof', { proof: await signProof(TOKEN, 'extension', nonces) });
    expect(connection.isPaired).toBe(true);
  });

  it('closes with 4005 on a hello without a nonce, or a challenge answered with anything but proof', () => {
    const bare = connect();
    bare.socket.frame('hello', { protocolVersion: PROTOCOL_VERSION, extensionVersion: '1.0.0' });
    expect(bare.socket.closes).toEqual([{ code: 4005, reason: 'hello needs a nonce' }]);
    const other = connect();
    other.socket.frame('hello', hello());
    other.socket.frame('tab.busy', { tabId: '1', reason: 'x' });
    expect(other.socket.closes).toEqual([{ code: 4005, reason: 'the answer to challenge is proof' }]);
  });
});

describe('ExtensionConnection pairing', () => {
  it('answers a good hello with welcome then the selector overrides, and joins the pool', () => {
    const paired: string[] = [];
    const overrides = { promptTextarea: ['textarea.custom'] };
    const { socket, connection, pool, logger, timers } = connect(
      { selectorOverrides: overrides, onPaired: () => paired.push('paired'), onPairingFailed: () => paired.push('x') },
      500,
    );
    socket.pair({ userAgent: 'UA/1', pairedVia: 'native', extensionVersion: '2.3.4' }, { account: 'alice@gmail.com' });
    expect(socket.sent.slice(1)).toEqual([
      {
        type: 'welcome',
        data: {
          protocolVersion: PROTOCOL_VERSION,
          bridgeVersion: BRIDGE_VERSION,
          features: ['beyond_text', 'image_pieces'],
        },
      },
      { type: 'selectors', data: { overrides } },
    ]);
    expect(socket.closes).toEqual([]);
    expect(paired).toEqual(['paired']);
    expect(connection.isPaired).toBe(true);
    expect(connection.info).toEqual({
      id: 'c7',
      extensionVersion: '2.3.4',
      userAgent: 'UA/1',
      pairedVia: 'native',
      connectedAt: 500,
      account: 'a…@gmail.com',
      accountId: null,
    });
    expect(connection.account).toBe('a…@gmail.com');
    expect(pool.stats().connections).toBe(1);
    expect(logger.of('info')).toEqual([
      ['info', 'extension connected', { connection: 'c7', version: '2.3.4', account: 'a…@gmail.com' }],
    ]);
    // the hello timeout no longer applies; only the heartbeat is pending
    expect(timers.size).toBe(1);
    timers.advance(10_000);
    expect(socket.closes).toEqual([]);
  });

  it('leaves what the hello did not say null, sends empty overrides, and ignores a blank account', () => {
    const plain = connect();
    plain.socket.pair({}, { account: '   ' });
    expect(plain.connection.info).toMatchObject({ userAgent: null, pairedVia: null, account: null });
    expect(plain.connection.account).toBeUndefined();
    expect(plain.socket.sentOf('selectors')).toEqual([{ overrides: {} }]);
    const none = connect();
    none.socket.pair();
    expect(none.connection.info.account).toBeNull();
  });

  it('takes only one hello: a second one is not a frame an extension sends after pairing', () => {
    const { socket } = connect();
    socket.pair();
    socket.frame('hello', hello({ token: 'nope' }));
    expect(socket.closes).toEqual([]);
    expect(socket.sentOf('error')).toEqual([
      { code: 'protocol', message: '"hello" is not sent by an extension', about: expect.any(String) },
    ]);
  });
});
