import { z } from 'zod';
import { proofMatches } from '../link/proof.ts';
import { PROOF_HEADER } from '../surfaces/system/health-proof.ts';
import { HealthFailures } from './health-failures.ts';

/**
 * Is a bridge listening, and what does it report? Reads `GET /health` (bridge/surfaces/system/health.ts).
 * Only the fields the native host and `doctor` use are named; a field of an unexpected shape is
 * dropped rather than failing the probe, so an older or newer bridge still counts as a bridge.
 */
const HealthBody = z.looseObject({
  status: z.string(),
  /** the answer to PROOF_HEADER: HMAC(token, health role, nonce) (bridge/http/health-proof.ts) */
  pairing_proof: z.string().optional().catch(undefined),
  /** why no tab serves (waiting_for_tab) */
  reason: z.string().optional().catch(undefined),
  version: z.string().optional().catch(undefined),
  extensions: z
    .array(z.looseObject({ version: z.string().nullish(), paired_via: z.string().nullish() }))
    .optional()
    .catch(undefined),
  tabs: z.looseObject({ total: z.number(), ready: z.number() }).optional().catch(undefined),
  accounts: z
    .array(
      z.looseObject({
        account: z.string(),
        tabs: z.number(),
        ready: z.number(),
        busy: z.number(),
        exhausted: z.array(z.looseObject({ model: z.string(), retry_after_s: z.number() })),
      }),
    )
    .optional()
    .catch(undefined),
  /** the last failed jobs with their step traces (bridge/pool/failures.ts) */
  failures: HealthFailures.optional().catch(undefined),
});
type HealthBody = z.infer<typeof HealthBody>;

export type HealthProbe =
  | { reachable: false; error: string }
  /** something answered; `body` is null when it was not the bridge's JSON */
  | { reachable: true; httpStatus: number; body: HealthBody | null };

export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; headers?: Record<string, string> },
) => Promise<{ status: number; json(): Promise<unknown> }>;

/** `nonce`: ask the bridge to prove it knows the pairing token (answered in `pairing_proof`). */
export async function probeHealth(
  baseUrl: string,
  fetchImpl: FetchLike = fetch,
  timeoutMs = 1500,
  nonce?: string,
): Promise<HealthProbe> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchImpl(`${baseUrl}/health`, {
      signal,
      ...(nonce ? { headers: { [PROOF_HEADER]: nonce } } : {}),
    });
    let body: HealthBody | null = null;
    try {
      const parsed = HealthBody.safeParse(await response.json());
      body = parsed.success ? parsed.data : null;
    } catch {
      body = null;
    }
    return { reachable: true, httpStatus: response.status, body };
  } catch (error) {
    return {
      reachable: false,
      error:
        error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error),
    };
  }
}

/** True when the answer is the bridge's own health document (not some other server on the port). */
export function isBridge(probe: HealthProbe): boolean {
  return probe.reachable && probe.body !== null;
}

/**
 * True only when the answer proves the pairing token for `nonce`: a process that took the port
 * can copy the health document, not the proof. The native host hands over the token, or says
 * the bridge runs, only then.
 */
export function isProvenBridge(probe: HealthProbe, token: string, nonce: string): boolean {
  return (
    probe.reachable && probe.body !== null && proofMatches(token, 'health', [nonce], probe.body.pairing_proof ?? '')
  );
}

export interface PollOptions {
  timeoutMs: number;
  intervalMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** stop early (e.g. the spawned bridge exited) */
  gaveUp?: () => boolean;
}

/** Polls /health until the bridge answers or the deadline passes; bounded by timeoutMs. */
export async function waitForBridge(
  baseUrl: string,
  options: PollOptions,
  fetchImpl: FetchLike = fetch,
): Promise<boolean> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  while (now() < deadline) {
    if (isBridge(await probeHealth(baseUrl, fetchImpl, Math.min(1500, options.intervalMs * 4)))) return true;
    if (options.gaveUp?.()) return false;
    await sleep(options.intervalMs);
  }
  return false;
}
