// mat-slide-toggle with its MDC switch button (role=switch, aria-checked), as the run-settings
// panel renders every on/off setting.

import { h } from './dom.ts';

export interface SlideToggle {
  readonly root: HTMLElement;
  readonly button: HTMLButtonElement;
  checked: boolean;
  setChecked(on: boolean): void;
  setDisabled(off: boolean): void;
}

export interface SlideToggleOptions {
  label: string;
  ariaLabel?: string;
  dataTestToggle?: string;
  className?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function slideToggle(o: SlideToggleOptions): SlideToggle {
  const button = h(
    'button',
    {
      class: 'mdc-switch',
      role: 'switch',
      type: 'button',
      'aria-label': o.ariaLabel,
    },
    h('span', { class: 'mdc-switch__track' }),
    h('span', { class: 'mdc-switch__handle-track' }, h('span', { class: 'mdc-switch__handle' })),
  );
  const root = h(
    'mat-slide-toggle',
    { class: `mat-mdc-slide-toggle ${o.className ?? ''}`, 'data-test-toggle': o.dataTestToggle },
    h('div', { class: 'mdc-form-field' }, button, h('label', { class: 'mdc-label' }, o.label)),
  );
  const t: SlideToggle = {
    root,
    button,
    checked: o.checked,
    setChecked(on) {
      t.checked = on;
      button.setAttribute('aria-checked', String(on));
      button.classList.toggle('mdc-switch--selected', on);
      button.classList.toggle('mdc-switch--unselected', !on);
      root.classList.toggle('mat-mdc-slide-toggle-checked', on);
    },
    setDisabled(off) {
      button.disabled = off;
      button.classList.toggle('mdc-switch--disabled', off);
      root.classList.toggle('mat-mdc-slide-toggle-disabled', off);
    },
  };
  t.setChecked(o.checked);
  button.addEventListener('click', () => {
    if (button.disabled) return;
    t.setChecked(!t.checked);
    o.onChange(t.checked);
  });
  return t;
}
