// ms-slider: a range input paired with a number input (input.slider-number-input). Typing a
// value updates the setting on `input`; leaving the field (`change`/`blur`) clamps it into range.
// The 2026 variant (docs/aistudio-page.md#run-settings, observed by others since 2026-02): the number field is
// `input[inputmode=decimal]` without type=number and without max, inside a data-test-id container.

import { h } from '../dom.ts';

export interface MsSlider {
  readonly root: HTMLElement;
  readonly number: HTMLInputElement;
  readonly range: HTMLInputElement;
  set(v: number): void;
  setMax(max: number): void;
}

export interface MsSliderOptions {
  min: number;
  max: number;
  step: number;
  value: number;
  ariaLabel?: string;
  /** 2026 variant: inputmode=decimal, no type/max, wrapped in div[data-test-id=<container>] */
  decimal?: boolean;
  container?: string;
  onChange: (v: number) => void;
}

export function msSlider(o: MsSliderOptions): MsSlider {
  let max = o.max;
  const range = h('input', {
    type: 'range',
    class: 'mdc-slider__input',
    min: o.min,
    max,
    step: o.step,
    value: o.value,
    tabindex: '-1',
  });
  const number = o.decimal
    ? h('input', {
        inputmode: 'decimal',
        class: 'slider-number-input small',
        'aria-valuemin': o.min,
        'aria-valuemax': max,
        'aria-label': o.ariaLabel,
      })
    : h('input', {
        type: 'number',
        class: 'slider-number-input small',
        min: o.min,
        max,
        step: o.step,
        'aria-valuemin': o.min,
        'aria-valuemax': max,
        'aria-label': o.ariaLabel,
      });
  number.value = String(o.value);
  const slider = h(
    'ms-slider',
    { class: 'ms-slider' },
    h('div', { class: 'slider-row' }, h('mat-slider', { class: 'mat-mdc-slider mdc-slider' }, range), number),
  );
  const root = o.decimal && o.container ? h('div', { 'data-test-id': o.container }, slider) : slider;
  const clamp = (v: number): number => Math.min(max, Math.max(o.min, v));
  const s: MsSlider = {
    root,
    number,
    range,
    set(v) {
      number.value = String(v);
      range.value = String(v);
    },
    setMax(m) {
      max = m;
      range.max = String(m);
      if (!o.decimal) number.max = String(m);
      number.setAttribute('aria-valuemax', String(m));
    },
  };
  number.addEventListener('input', () => {
    const v = Number(number.value);
    if (number.value.trim() === '' || !Number.isFinite(v)) return;
    range.value = String(clamp(v));
    o.onChange(clamp(v));
  });
  const commit = (): void => {
    const v = Number(number.value);
    const c = Number.isFinite(v) && number.value.trim() !== '' ? clamp(v) : Number(range.value);
    s.set(c);
    o.onChange(c);
  };
  number.addEventListener('change', commit);
  number.addEventListener('blur', commit);
  range.addEventListener('input', () => {
    number.value = range.value;
    o.onChange(Number(range.value));
  });
  return s;
}
