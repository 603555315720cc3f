// The run-settings panel on the right: model card (with the bare model id in
// [data-test-id="model-name"]), temperature, thinking, tools and advanced settings. The 2026
// variants add the system-instructions card here and decimal inputs in data-test-id containers.

import { h, icon } from '../dom.ts';
import { MODELS, type SimModel } from '../../wire/models.ts';
import { openMenu, type OverlayManager } from '../overlay.ts';
import { readPrefs, writePrefs } from '../prefs.ts';
import { advancedSection } from './advanced.ts';
import { settingRow, settingsGroup } from './group.ts';
import { msSlider } from './ms-slider.ts';
import type { RunSettingsState } from './state.ts';
import type { PageVariant } from '../variant.ts';
import { thinkingSection } from './thinking.ts';
import { toolsSection } from './tools.ts';
import { imageSettings } from './image-settings.ts';

export interface PanelHandle {
  readonly root: HTMLElement;
  setDisplayName(name: string): void;
  setTokenCount(tokens: number, limit: number): void;
}

function modelCard(m: SimModel, overlays: OverlayManager): { root: HTMLElement; title: HTMLElement } {
  const title = h('span', { class: 'title' }, m.displayName);
  const card = h(
    'button',
    { class: 'model-selector-card', type: 'button', 'aria-label': 'Select a model' },
    title,
    h('span', { class: 'subtitle', 'data-test-id': 'model-name' }, m.id),
    h('span', { class: 'description' }, m.description),
  );
  // Picking a model does what drivers do by hand: write promptModel and reload new_chat.
  card.addEventListener('click', () =>
    openMenu(
      overlays,
      card,
      MODELS.map((x) => ({
        label: `${x.displayName} (${x.id})`,
        onClick: () => {
          writePrefs({ promptModel: `models/${x.id}` });
          location.assign('/prompts/new_chat');
        },
      })),
    ),
  );
  return { root: h('ms-model-selector', { class: 'model-selector' }, card), title };
}

export function runSettingsPanel(
  m: SimModel,
  s: RunSettingsState,
  overlays: OverlayManager,
  variant: PageVariant,
  systemCard: HTMLElement | null,
): PanelHandle {
  const prefs = readPrefs();
  const card = modelCard(m, overlays);
  const temperature = msSlider({
    min: 0,
    max: 2,
    step: 0.05,
    value: s.temperature,
    onChange: (v) => {
      s.temperature = v;
    },
    decimal: variant.decimalInputs === true,
    container: 'temperatureSliderContainer',
  });
  const tokenCount = h('span', { class: 'token-count-value' }, `0 / ${m.inputTokenLimit.toLocaleString('en-US')}`);
  const body = h(
    'div',
    { class: 'settings-body' },
    card.root,
    systemCard,
    h('div', { class: 'token-count' }, h('span', { class: 'setting-label' }, 'Token count'), tokenCount),
    settingRow('Temperature', temperature.root),
    imageSettings(m, s, overlays),
  );

  const thinking = thinkingSection(m, s, overlays, variant.decimalInputs === true);
  if (thinking)
    body.append(
      h(
        'div',
        { class: 'settings-group thinking-group expanded' },
        h('div', { class: 'group-header' }, h('h3', { class: 'group-title' }, 'Thinking')),
        thinking,
      ),
    );

  // The collapsed-sections layout starts both groups closed whatever the stored preference says.
  const collapsed = variant.collapsedSections === true;
  const tools = settingsGroup(
    'Tools',
    'Expand or collapse tools',
    !collapsed && prefs.areToolsOpen === true,
    (open) => writePrefs({ areToolsOpen: open }),
    { detach: collapsed },
  );
  tools.body.append(toolsSection(m, s, overlays));
  const advanced = settingsGroup(
    'Advanced settings',
    'Expand or collapse advanced settings',
    !collapsed && prefs.isAdvancedOpen === true,
    (open) => writePrefs({ isAdvancedOpen: open }),
    { detach: collapsed, expansionPanel: collapsed },
  );
  advanced.body.append(advancedSection(m, s, variant));
  body.append(tools.root, advanced.root);

  const root = h(
    'ms-run-settings',
    { class: 'run-settings' },
    h(
      'div',
      { class: 'settings-header' },
      h('h2', {}, 'Run settings'),
      h('button', { class: 'ms-button-icon', type: 'button', 'aria-label': 'Close run settings panel' }, icon('tune')),
    ),
    body,
  );
  return {
    root,
    setDisplayName: (name) => {
      card.title.textContent = name;
    },
    setTokenCount: (n, limit) => {
      tokenCount.textContent = `${n.toLocaleString('en-US')} / ${limit.toLocaleString('en-US')}`;
    },
  };
}
