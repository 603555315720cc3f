// Image models: "Aspect ratio" and "Output resolution" selects in the run-settings panel (the
// request's image config; Gemini 2.5 Flash Image has no resolution setting). Handles are our
// choice, shaped like the Thinking Level mat-select (sim/README.md).

import { h } from '../dom.ts';
import type { SimModel } from '../../wire/models.ts';
import type { OverlayManager } from '../overlay.ts';
import { settingRow } from './group.ts';
import type { RunSettingsState } from './state.ts';

function matSelect(
  overlays: OverlayManager,
  label: string,
  options: readonly string[],
  get: () => string,
  set: (v: string) => void,
): HTMLElement {
  const value = h('span', { class: 'mat-mdc-select-min-line' }, get());
  const select = h(
    'mat-select',
    {
      class: 'mat-mdc-select',
      role: 'combobox',
      'aria-label': label,
      'aria-haspopup': 'listbox',
      'aria-expanded': 'false',
      tabindex: '0',
    },
    h(
      'div',
      { class: 'mat-mdc-select-trigger' },
      h('div', { class: 'mat-mdc-select-value' }, h('span', { class: 'mat-mdc-select-value-text' }, value)),
      h('div', { class: 'mat-mdc-select-arrow-wrapper' }, h('div', { class: 'mat-mdc-select-arrow' })),
    ),
  );
  select.addEventListener('click', () => {
    const panel = h('div', { class: 'mat-mdc-select-panel mdc-menu-surface', role: 'listbox', 'aria-label': label });
    select.setAttribute('aria-expanded', 'true');
    const handle = overlays.open({
      content: panel,
      backdrop: 'transparent',
      closeOnBackdrop: true,
      closeOnEscape: true,
      anchor: select,
      onClose: () => select.setAttribute('aria-expanded', 'false'),
    });
    for (const opt of options) {
      const o = h(
        'mat-option',
        {
          class: 'mat-mdc-option mdc-list-item',
          role: 'option',
          'aria-selected': String(opt === get()),
          tabindex: '0',
        },
        h('span', { class: 'mdc-list-item__primary-text' }, opt),
      );
      o.addEventListener('click', () => {
        set(opt);
        value.textContent = opt;
        handle.close();
      });
      panel.append(o);
    }
  });
  return h(
    'mat-form-field',
    { class: 'mat-mdc-form-field' },
    h('div', { class: 'mat-mdc-text-field-wrapper' }, select),
  );
}

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
