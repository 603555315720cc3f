import { BEYOND_TEXT_FEATURE, BEYOND_TEXT_KINDS } from '../../protocol/job-extras.ts';

/**
 * Version skew inside protocol 1 (protocol/PROTOCOL.md "Beyond text"): a bridge that does not list
 * `beyond_text` in `welcome.features` would refuse image, code and grounding job events, so they
 * are not sent to it; the text of the answer still is.
 */
export function bridgeTakes(features: ReadonlySet<string>, type: string, data: unknown): boolean {
  if (type !== 'job.event' || features.has(BEYOND_TEXT_FEATURE)) return true;
  const kind = (data as { event?: { kind?: unknown } }).event?.kind;
  return typeof kind !== 'string' || !BEYOND_TEXT_KINDS.has(kind);
}
