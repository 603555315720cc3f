import { h } from '../dom.ts';
import type { OverlayManager } from '../overlay.ts';

/**
 * An Angular Material select as the page renders one (combobox trigger, listbox panel in an
 * overlay, mat-option rows): the Thinking Level and the image settings use it.
 */
export function matSelect(
  overlays: OverlayManager,
  label: string,
  options: readonly string[],
  get: () => string,
  set: (v: string) => void,
  /** the text shown once an option is picked (the Chinese page translates level names) */
  shown: (v: string) => string = (v) => v,
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
        value.textContent = shown(opt);
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
