import type { JobEvent } from '../../protocol/job.ts';
import type { TapRecord } from './tap-records.ts';

type ExtraRecord = Extract<TapRecord, { t: 'rpc.image' | 'rpc.code' | 'rpc.code_result' | 'rpc.grounding' }>;

/** Tap records beyond text (extension/page/extras.ts). */
export const isExtraRecord = (r: TapRecord): r is ExtraRecord =>
  r.t === 'rpc.image' || r.t === 'rpc.code' || r.t === 'rpc.code_result' || r.t === 'rpc.grounding';

/** The job event of a tap record beyond text; an image or code counts as answer output. */
export function extraEvent(r: ExtraRecord): { event: JobEvent; output: boolean } {
  switch (r.t) {
    case 'rpc.image':
      return { event: { kind: 'image', mimeType: r.mimeType, data: r.data }, output: true };
    case 'rpc.code':
      return { event: { kind: 'code', language: r.language, code: r.code }, output: true };
    case 'rpc.code_result':
      return { event: { kind: 'code_result', outcome: r.outcome, output: r.output }, output: true };
    case 'rpc.grounding':
      return {
        event: { kind: 'grounding', queries: r.queries, sources: r.sources, supports: r.supports },
        output: false,
      };
  }
}
