// Advanced settings: stop sequences as mat-chips ("Add stop token" + Enter, "Remove X" buttons),
// output length ("Maximum output tokens") and top-P (an ms-slider with max 1). The chip-input
// variant is the 2026 `ms-stop-sequence-input` (docs/aistudio-page.md): `input#chip-input` (placeholder
// "Add stop...", label "Add stop sequence"), chips `mat-chip-set mat-chip-row` with "Remove X".

import { h, icon } from '../dom.ts';
import type { SimModel } from '../../wire/models.ts';
import { settingRow } from './group.ts';
import { msSlider } from './ms-slider.ts';
import type { RunSettingsState } from './state.ts';
import type { PageVariant } from '../variant.ts';

const MAX_STOP_SEQUENCES = 5;

function stopTokens(s: RunSettingsState, chipInput: boolean): HTMLElement {
  const grid = chipInput
    ? h('mat-chip-set', { class: 'mat-mdc-chip-set', role: 'grid' })
    : h('mat-chip-grid', { class: 'mat-mdc-chip-grid', role: 'grid' });
  const input = chipInput
    ? h('input', {
        id: 'chip-input',
        class: 'mat-mdc-chip-input',
        type: 'text',
        'aria-label': 'Add stop sequence',
        placeholder: 'Add stop...',
      })
    : h('input', {
        class: 'mat-mdc-chip-input',
        type: 'text',
        'aria-label': 'Add stop token',
        placeholder: 'Add stop...',
      });
  const render = (): void => {
    grid.replaceChildren(
      ...s.stopSequences.map((seq) => {
        const remove = h(
          'button',
          { class: 'remove-button mdc-evolution-chip__action', type: 'button', 'aria-label': `Remove ${seq}` },
          icon('close'),
        );
        remove.addEventListener('click', () => {
          s.stopSequences = s.stopSequences.filter((x) => x !== seq);
          render();
        });
        return h(
          chipInput ? 'mat-chip-row' : 'mat-chip',
          { class: 'mat-mdc-chip mat-mdc-standard-chip', role: 'row' },
          h('span', { class: 'mdc-evolution-chip__text-label' }, seq),
          remove,
        );
      }),
      ...(chipInput ? [] : [input]),
    );
  };
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const seq = input.value;
    if (seq.trim() && !s.stopSequences.includes(seq) && s.stopSequences.length < MAX_STOP_SEQUENCES) {
      s.stopSequences = [...s.stopSequences, seq];
    }
    input.value = '';
    render();
    input.focus();
  });
  render();
  const field = h('mat-form-field', { class: 'mat-mdc-form-field chips-field' }, grid, chipInput && input);
  return h(
    'div',
    { class: 'stop-sequences' },
    h('div', { class: 'setting-label' }, 'Stop sequence'),
    chipInput ? h('ms-stop-sequence-input', {}, field) : field,
  );
}

function maxTokens(m: SimModel, s: RunSettingsState): HTMLElement {
  const input = h('input', {
    type: 'number',
    class: 'max-tokens-input',
    min: 1,
    max: m.outputTokenLimit,
    step: 1,
    'aria-label': 'Maximum output tokens',
  });
  input.value = String(s.maxOutputTokens);
  const read = (commit: boolean): void => {
    const v = Math.round(Number(input.value));
    if (!Number.isFinite(v) || input.value.trim() === '') {
      if (commit) input.value = String(s.maxOutputTokens);
      return;
    }
    s.maxOutputTokens = Math.min(m.outputTokenLimit, Math.max(1, v));
    if (commit) input.value = String(s.maxOutputTokens);
  };
  input.addEventListener('input', () => read(false));
  input.addEventListener('change', () => read(true));
  return settingRow('Output length', input);
}

export function advancedSection(m: SimModel, s: RunSettingsState, v: PageVariant): HTMLElement {
  const topP = msSlider({
    min: 0,
    max: 1,
    step: 0.05,
    value: s.topP,
    onChange: (x) => {
      s.topP = x;
    },
    decimal: v.decimalInputs === true,
    container: 'topPSliderContainer',
  });
  return h(
    'div',
    { class: 'advanced-settings' },
    stopTokens(s, v.chipInput === true),
    maxTokens(m, s),
    settingRow('Top P', topP.root),
  );
}
