// Thinking controls per model family (docs/aistudio-page.md#thinking-controls): a Thinking Level mat-select for
// Gemini 3, a budget toggle + value for 2.5 Pro, a main toggle + budget for 2.5 Flash-type models.

import { h } from '../dom.ts';
import { tr } from '../i18n.ts';
import { levelOptions, maxThinkingBudget, type SimModel } from '../../wire/models.ts';
import type { OverlayManager } from '../overlay.ts';
import { slideToggle } from '../toggle.ts';
import { settingRow } from './group.ts';
import { matSelect } from './mat-select.ts';
import { msSlider } from './ms-slider.ts';
import type { RunSettingsState } from './state.ts';

function levelSelect(overlays: OverlayManager, options: string[], s: RunSettingsState): HTMLElement {
  return matSelect(
    overlays,
    'Thinking Level',
    options,
    () => s.level,
    (v) => (s.level = v),
    tr,
  );
}

function budgetControls(
  m: SimModel,
  s: RunSettingsState,
  decimal: boolean,
): { manual: HTMLElement; slider: HTMLElement; sync: () => void } {
  const sliderWrap = h('div', { 'data-test-slider': '' });
  const slider = msSlider({
    min: m.thinking === 'budget-always' ? 128 : 0,
    max: maxThinkingBudget(m),
    step: 1,
    value: s.budget,
    onChange: (v) => {
      s.budget = v;
    },
    decimal,
  });
  sliderWrap.append(
    h('div', { 'data-test-id': 'user-setting-budget-animation-wrapper' }, settingRow('Thinking budget', slider.root)),
  );
  const manual = slideToggle({
    label: 'Set thinking budget',
    ariaLabel: 'Toggle thinking budget between auto and manual',
    dataTestToggle: 'manual-budget',
    checked: s.manualBudget,
    onChange: (on) => {
      s.manualBudget = on;
      sync();
    },
  });
  const sync = (): void => {
    sliderWrap.hidden = !s.manualBudget;
  };
  sync();
  return { manual: manual.root, slider: sliderWrap, sync };
}

/** `decimal`: the 2026 budget field has no type (docs/aistudio-page.md). */
export function thinkingSection(
  m: SimModel,
  s: RunSettingsState,
  overlays: OverlayManager,
  decimal = false,
): HTMLElement | null {
  const box = h('div', { class: 'thinking-settings' });
  if (m.thinking === 'level-pro' || m.thinking === 'level-flash') {
    box.append(settingRow('Thinking level', levelSelect(overlays, levelOptions(m), s)));
    return box;
  }
  if (m.thinking === 'budget-always') {
    const b = budgetControls(m, s, decimal);
    box.append(
      settingRow('Thinking mode', h('span', { class: 'setting-note' }, 'Always on for this model')),
      b.manual,
      b.slider,
    );
    return box;
  }
  if (m.thinking === 'budget-toggle') {
    const b = budgetControls(m, s, decimal);
    const dependent = h('div', { class: 'thinking-dependent' }, b.manual, b.slider);
    const main = slideToggle({
      label: 'Thinking mode',
      ariaLabel: 'Toggle thinking mode',
      dataTestToggle: 'enable-thinking',
      checked: s.thinkingOn,
      onChange: (on) => {
        s.thinkingOn = on;
        dependent.hidden = !on;
      },
    });
    dependent.hidden = !s.thinkingOn;
    box.append(main.root, dependent);
    return box;
  }
  return null;
}
