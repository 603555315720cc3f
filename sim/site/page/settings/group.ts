// A collapsible settings group: the expander button sits in .group-header, and the group (the
// button's grand-parent) carries class `expanded` while open, which is what drivers check.

import { h, icon } from '../dom.ts';

export interface SettingsGroup {
  readonly root: HTMLElement;
  readonly body: HTMLElement;
}

export interface GroupOptions {
  /** keep the body's controls out of the DOM while collapsed (Angular `@if`), not just hidden */
  detach?: boolean;
  /** an Angular Material expansion panel: `mat-expansion-panel-header[role=button][aria-expanded]` */
  expansionPanel?: boolean;
}

export function settingsGroup(
  title: string,
  ariaLabel: string,
  open: boolean,
  onToggle: (open: boolean) => void,
  options: GroupOptions = {},
): SettingsGroup {
  const body = h('div', { class: 'group-body' });
  const content = h('div', { class: 'group-content' });
  body.append(content);
  const titleEl = h('h3', { class: 'group-title' }, title);
  const button = options.expansionPanel
    ? h(
        'mat-expansion-panel-header',
        { class: 'mat-expansion-panel-header', role: 'button', tabindex: '0', 'aria-expanded': String(open) },
        h('span', { class: 'mat-content' }, h('mat-panel-title', {}, title)),
        h('span', { class: 'mat-expansion-indicator' }),
      )
    : h(
        'button',
        { class: 'ms-button-icon expander', type: 'button', 'aria-label': ariaLabel, 'aria-expanded': String(open) },
        icon('expand_more'),
      );
  const header = options.expansionPanel ? button : h('div', { class: 'group-header' }, titleEl, button);
  const root = options.expansionPanel
    ? h('mat-expansion-panel', { class: `mat-expansion-panel settings-group${open ? ' expanded' : ''}` }, header, body)
    : h('div', { class: `settings-group${open ? ' expanded' : ''}` }, header, body);
  const show = (on: boolean): void => {
    body.hidden = !on;
    if (!options.detach) return;
    if (on && !content.isConnected) body.append(content);
    if (!on) content.remove();
  };
  show(open);
  const toggle = (): void => {
    const now = !root.classList.contains('expanded');
    root.classList.toggle('expanded', now);
    button.setAttribute('aria-expanded', String(now));
    show(now);
    onToggle(now);
  };
  button.addEventListener('click', toggle);
  if (!options.expansionPanel) titleEl.addEventListener('click', toggle);
  return { root, body: content };
}

export function settingRow(label: string, ...controls: HTMLElement[]): HTMLElement {
  return h('div', { class: 'setting-row' }, h('div', { class: 'setting-label' }, label), ...controls);
}
