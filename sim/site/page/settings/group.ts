// A collapsible settings group: the expander button sits in .group-header, and the group (the
// button's grand-parent) carries class `expanded` while open, which is what drivers check.

import { h, icon } from '../dom.ts';

export interface SettingsGroup {
  readonly root: HTMLElement;
  readonly body: HTMLElement;
}

export function settingsGroup(
  title: string,
  ariaLabel: string,
  open: boolean,
  onToggle: (open: boolean) => void,
): SettingsGroup {
  const button = h(
    'button',
    { class: 'ms-button-icon expander', type: 'button', 'aria-label': ariaLabel, 'aria-expanded': String(open) },
    icon('expand_more'),
  );
  const header = h('div', { class: 'group-header' }, h('h3', { class: 'group-title' }, title), button);
  const body = h('div', { class: 'group-body' });
  const root = h('div', { class: `settings-group${open ? ' expanded' : ''}` }, header, body);
  body.hidden = !open;
  const toggle = (): void => {
    const now = !root.classList.contains('expanded');
    root.classList.toggle('expanded', now);
    button.setAttribute('aria-expanded', String(now));
    body.hidden = !now;
    onToggle(now);
  };
  button.addEventListener('click', toggle);
  header.querySelector('h3')?.addEventListener('click', toggle);
  return { root, body };
}

export function settingRow(label: string, ...controls: HTMLElement[]): HTMLElement {
  return h('div', { class: 'setting-row' }, h('div', { class: 'setting-label' }, label), ...controls);
}
