import { NATIVE_HOST_NAME, NativeReply } from '../../protocol/native.ts';

/**
 * Pairing through the native-messaging host (`aistudio-bridge install-native-host`): the host
 * hands over the bridge URL and the pairing token, and can start a stopped bridge, so the user
 * pastes nothing. When the host is not installed Chrome reports "Specified native messaging host
 * not found" and this returns null: the worker then falls back to the token pasted in the popup.
 *
 * The host name and message schemas are shared with the host through protocol/native.ts.
 */
export { NATIVE_HOST_NAME, NativeReply };

export interface PairingResult {
  bridgeUrl: string;
  token: string;
  /** true when this request made the host spawn the bridge */
  started: boolean;
}

/** The slice of chrome.runtime used here (injected by tests). */
export interface NativeRuntime {
  connectNative(application: string): chrome.runtime.Port;
  readonly lastError?: { message?: string } | undefined;
}

export interface PairingOptions {
  /** ask the host to start the bridge when it is not running */
  start: boolean;
  /** whole exchange, host start-up included; starting the bridge gets startTimeoutMs on top */
  timeoutMs?: number;
  startTimeoutMs?: number;
  runtime?: NativeRuntime;
  log?: (message: string) => void;
}

// Node + tsx start-up of the host takes ~1 s; the host itself waits up to 15 s for the bridge.
const PAIR_TIMEOUT_MS = 10_000;
const START_TIMEOUT_MS = 20_000;

/**
 * Never throws. Resolves to null when there is no usable answer (no host, bad reply, timeout,
 * host error). If the host paired but then failed to start the bridge, the pairing still stands
 * (the token is right, the bridge is just not up): it resolves with started: false.
 */
export function requestPairing(opts: PairingOptions): Promise<PairingResult | null> {
  const runtime = opts.runtime ?? chrome.runtime;
  const log = opts.log ?? ((message: string) => console.info(`[native] ${message}`));
  return new Promise((resolve) => {
    let port: chrome.runtime.Port;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    /** the host's `paired` answer, kept in case the `start` that follows fails */
    let paired: PairingResult | null = null;
    const finish = (result: PairingResult | null, why?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (why) log(why);
      try {
        port.disconnect();
      } catch {
        // already disconnected
      }
      resolve(result);
    };
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(paired, `no answer from the native host within ${ms} ms`), ms);
    };

    try {
      port = runtime.connectNative(NATIVE_HOST_NAME);
    } catch (error) {
      resolve(null);
      log(`connectNative failed: ${String(error)}`);
      return;
    }
    arm(opts.timeoutMs ?? PAIR_TIMEOUT_MS);
    port.onDisconnect.addListener(() => {
      // Reading lastError here also keeps Chrome from logging it as unchecked.
      finish(paired, `native host unavailable: ${runtime.lastError?.message ?? 'disconnected'}`);
    });
    port.onMessage.addListener((raw: unknown) => {
      const reply = NativeReply.safeParse(raw);
      if (!reply.success) return finish(null, 'native host sent an unreadable reply');
      const message = reply.data;
      if (message.type === 'error')
        return finish(
          paired,
          `native host: ${message.code}: ${message.message}${message.logFile ? ` (see ${message.logFile})` : ''}`,
        );
      if (message.type === 'started')
        return finish({ bridgeUrl: message.bridgeUrl, token: message.token, started: message.spawned });
      paired = { bridgeUrl: message.bridgeUrl, token: message.token, started: false };
      if (message.running || !opts.start) return finish(paired);
      arm(opts.startTimeoutMs ?? START_TIMEOUT_MS);
      try {
        port.postMessage({ type: 'start' });
      } catch (error) {
        // The host went away between its two answers.
        finish(paired, `native host closed before start: ${String(error)}`);
      }
    });
    try {
      port.postMessage({ type: 'pair' });
    } catch (error) {
      finish(null, `native host unreachable: ${String(error)}`);
    }
  });
}
