// What a model turn shows beyond text: generated images (ms-image-chunk img, drafts inside the
// thoughts are not shown), code and its result (ms-code-block / ms-code-execution-result) and
// the sources of a grounded answer (ms-grounding-sources with links). Handles are our choice.

import { decodeGrounding } from '../wire/grounding.ts';
import type { DecodedPart } from '../wire/response.ts';
import { h, icon } from './dom.ts';

export type MediaPart = Extract<DecodedPart, { kind: 'image' | 'code' | 'code-result' }>;

export function mediaElement(p: MediaPart): HTMLElement | null {
  if (p.kind === 'image') {
    if (p.draft) return null;
    return h(
      'ms-image-chunk',
      {},
      h('img', { src: `data:${p.mimeType};base64,${p.data}`, alt: 'Generated image', class: 'generated-image' }),
    );
  }
  if (p.kind === 'code')
    return h(
      'ms-code-block',
      { icon: 'code', class: 'executable-code' },
      h('pre', {}, h('code', { class: p.language === 1 ? 'language-python' : '' }, p.code)),
    );
  return h(
    'ms-code-execution-result',
    { class: p.outcome === 1 ? 'outcome-ok' : 'outcome-failed', 'aria-label': 'Code execution result' },
    h('pre', {}, h('code', {}, p.output)),
  );
}

export function sourcesElement(raw: unknown): HTMLElement | null {
  const g = decodeGrounding(raw);
  if (!g || g.sources.length === 0) return null;
  return h(
    'ms-grounding-sources',
    {},
    h('div', { class: 'sources-title' }, icon('link'), h('span', {}, 'Sources')),
    h(
      'ol',
      { class: 'sources-list' },
      ...g.sources.map((s) => h('li', {}, h('a', { href: s.uri, target: '_blank', rel: 'noopener' }, s.title))),
    ),
  );
}
