// Image models: "Aspect ratio" and "Output resolution" selects in the run-settings panel (the
// request's image config; Gemini 2.5 Flash Image has no resolution setting). Handles are our
// choice, shaped like the Thinking Level mat-select (sim/README.md).

import { h } from '../dom.ts';
import type { SimModel } from '../../wire/models.ts';
import type { OverlayManager } from '../overlay.ts';
import { settingRow } from './group.ts';
import { matSelect } from './mat-select.ts';
import type { RunSettingsState } from './state.ts';

export function imageSettings(m: SimModel, s: RunSettingsState, overlays: OverlayManager): HTMLElement | null {
  if (!m.image) return null;
  const box = h('ms-image-settings', { class: 'image-settings' });
  if (m.image.aspectRatios.length)
    box.append(
      settingRow(
        'Aspect ratio',
        matSelect(
          overlays,
          'Aspect ratio',
          m.image.aspectRatios,
          () => s.aspectRatio,
          (v) => (s.aspectRatio = v),
        ),
      ),
    );
  if (m.image.sizes.length)
    box.append(
      settingRow(
        'Output resolution',
        matSelect(
          overlays,
          'Output resolution',
          m.image.sizes,
          () => s.imageSize,
          (v) => (s.imageSize = v),
        ),
      ),
    );
  return box;
}
