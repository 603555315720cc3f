// ms-slider: a range input paired with a number input (input.slider-number-input). Typing a
// value updates the setting on `input`; leaving the field (`change`/`blur`) clamps it into range.

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
  onChange: (v: number) => void;
}

export function msSlider(o: MsSliderOptions): MsSlider {
  let max = o.max;
  const range = h('input', { type: 'range', class: 'mdc-slider__input', min: o.min, max, step: o.step, value: o.value, tabindex: '-1' });
  const number = h('input', {
    type: 'number', class: 'slider-number-input small', min: o.min, max, step: o.step,
    'aria-valuemin': o.min, 'aria-valuemax': max, 'aria-label': o.ariaLabel,
  });
  number.value = String(o.value);
  const root = h('ms-slider', { class: 'ms-slider' }, h('div', { class: 'slider-row' }, h('mat-slider', { class: 'mat-mdc-slider mdc-slider' }, range), number));
  const clamp = (v: number): number => Math.min(max, Math.max(o.min, v));
  const s: MsSlider = {
    root, number, range,
    set(v) {
      number.value = String(v);
      range.value = String(v);
    },
    setMax(m) {
      max = m;
      for (const el of [number, range]) el.max = String(m);
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
