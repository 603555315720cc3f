import type WebSocket from 'ws';
import { CloseCode } from '../../protocol/close-codes.ts';
import { encode, parseEnvelope } from '../../protocol/envelope.ts';
import { newNonce, signProof, verifyProof } from '../../protocol/pairing-proof.ts';
import { PROTOCOL_VERSION } from '../../protocol/version.ts';

/**
 * The extension's side of the pairing handshake for Node peers (fake extensions, security tests):
 * hello with a nonce, then the proof once the bridge's challenge checked out. The real extension
 * does the same in extension/background/link.ts.
 */
export interface HandshakeOptions {
  token: string;
  protocolVersion?: number;
  extensionVersion?: string;
  pairedVia?: 'native' | 'manual' | 'unknown';
  extensionId?: string;
  /** sent in `proof`, never before the bridge proved itself */
  account?: string;
  /** the account's identity (`acct-` + 16 hex digits, as the page computes it), sent with the label */
  accountId?: string;
  /** announced in hello (e.g. `count_tokens`): what this peer does beyond its protocol's first release */
  features?: string[];
  /** false: answer the challenge without checking it (a hostile peer guessing the token) */
  verifyBridge?: boolean;
}

/** Sends hello on an open socket and answers the challenge; watch the socket for welcome or close. */
export function startHandshake(ws: WebSocket, opts: HandshakeOptions): void {
  const nonce = newNonce();
  const onMessage = (raw: WebSocket.RawData): void => {
    const parsed = parseEnvelope(String(raw));
    if (!parsed.ok || parsed.message.type !== 'challenge') return;
    ws.off('message', onMessage);
    const challenge = parsed.message.data;
    void (async () => {
      const nonces = [nonce, challenge.nonce];
      if (opts.verifyBridge !== false && !(await verifyProof(opts.token, 'bridge', nonces, challenge.proof)))
        return ws.close(CloseCode.unprovenBridge, 'the listener did not prove it knows the pairing token');
      const proof = await signProof(opts.token, 'extension', nonces);
      ws.send(
        encode('proof', {
          proof,
          ...(opts.account ? { account: opts.account } : {}),
          ...(opts.accountId ? { accountId: opts.accountId } : {}),
        }),
      );
    })();
  };
  ws.on('message', onMessage);
  ws.send(
    encode('hello', {
      protocolVersion: opts.protocolVersion ?? PROTOCOL_VERSION,
      nonce,
      extensionVersion: opts.extensionVersion ?? 'fake-1.0',
      pairedVia: opts.pairedVia ?? 'manual',
      ...(opts.extensionId === undefined ? {} : { extensionId: opts.extensionId }),
      ...(opts.features ? { features: opts.features } : {}),
    }),
  );
}
