// The dark top bar: title, New chat (data-test-clear="outside"), the temporary-chat toggle
// (shown directly on wide windows only) and "View more actions", whose menu always has it, and the
// run-settings panel toggle (`button.runsettings-toggle-button`, docs/aistudio-page.md#layouts). In the menuTemporary
// variant the toggle lives only in the menu, as `ms-incognito-mode-toggle > button`.

import { h, icon } from './dom.ts';
import { tr } from './i18n.ts';
import { openMenu, type MenuItem, type OverlayHandle, type OverlayManager } from './overlay.ts';

export interface ToolbarEvents {
  onNewChat(): void;
  onToggleTemporary(): void;
  onToggleSettings(): void;
}

export interface ToolbarOptions {
  menuOnlyTemporary: boolean;
  /** the profile's signed-in account, shown on Google's account button; null = none */
  account: string | null;
}

const WIDE = '(min-width: 700px)';

export class Toolbar {
  readonly root: HTMLElement;
  private readonly newChat: HTMLButtonElement;
  private readonly temporary: HTMLButtonElement;
  private readonly title: HTMLElement;
  private temporaryOn = false;
  private menu: OverlayHandle | null = null;

  constructor(
    private readonly overlays: OverlayManager,
    private readonly events: ToolbarEvents,
    private readonly options: ToolbarOptions,
  ) {
    this.newChat = h(
      'button',
      { class: 'ms-button-icon', type: 'button', 'aria-label': 'New chat', 'data-test-clear': 'outside' },
      icon('add'),
    );
    this.newChat.addEventListener('click', () => events.onNewChat());
    this.temporary = this.temporaryButton('ms-button-icon incognito-toggle');
    const more = h(
      'button',
      {
        class: 'ms-button-icon',
        type: 'button',
        'aria-label': 'View more actions',
        'aria-haspopup': 'menu',
        'aria-expanded': 'false',
      },
      icon('more_vert'),
    );
    more.addEventListener('click', () => this.openMore(more));
    this.title = h('h1', { class: 'page-title' }, 'Untitled prompt');
    // Google's shared top bar: the account button names the signed-in account in its aria-label.
    const name = options.account?.split('@')[0] ?? '';
    const accountButton = options.account
      ? [
          h(
            'a',
            {
              class: 'account-button',
              href: 'https://accounts.google.com/SignOutOptions?hl=en',
              'aria-label': `Google Account: ${name} (${options.account})`,
            },
            h('span', { class: 'avatar' }, name.slice(0, 1).toUpperCase()),
          ),
        ]
      : [];
    const settings = h(
      'button',
      {
        class: 'ms-button-icon runsettings-toggle-button',
        type: 'button',
        iconname: 'tune',
        'aria-label': 'Toggle run settings panel',
      },
      icon('tune'),
    );
    settings.addEventListener('click', () => events.onToggleSettings());
    const actions = h(
      'div',
      { class: 'toolbar-actions' },
      this.newChat,
      !options.menuOnlyTemporary && this.temporary,
      more,
      settings,
      ...accountButton,
    );
    this.root = h(
      'ms-toolbar',
      { class: 'toolbar' },
      h(
        'div',
        { class: 'brand' },
        h('span', { class: 'logo' }, icon('spark')),
        h('span', { class: 'brand-text' }, 'Google AI Studio'),
      ),
      this.title,
      actions,
    );
    // Narrow windows have no room for the toggle: it is only in the "View more actions" menu then.
    const wide = window.matchMedia(WIDE);
    const place = (): void => {
      this.temporary.hidden = options.menuOnlyTemporary || !wide.matches;
    };
    wide.addEventListener('change', place);
    place();
  }

  private temporaryButton(cls: string): HTMLButtonElement {
    const b = h(
      'button',
      { class: cls, type: 'button', 'aria-label': 'Temporary chat toggle', 'data-test-incognito-toggle': '' },
      icon('visibility_off'),
    );
    b.addEventListener('click', () => this.events.onToggleTemporary());
    return b;
  }

  private openMore(anchor: HTMLElement): void {
    anchor.setAttribute('aria-expanded', 'true');
    const check = this.temporaryOn
      ? [h('span', { class: 'checkmark', 'data-test-incognito-checkmark': '' }, icon('check'))]
      : [];
    const temporary: MenuItem = this.options.menuOnlyTemporary
      ? {
          label: 'Temporary chat',
          ariaLabel: 'Temporary chat toggle',
          wrap: 'ms-incognito-mode-toggle',
          attrs: { class: `mat-mdc-menu-item mat-focus-indicator${this.temporaryOn ? ' ms-button-active' : ''}` },
          onClick: () => this.events.onToggleTemporary(),
        }
      : {
          label: 'Temporary chat',
          ariaLabel: 'Temporary chat toggle',
          attrs: { 'data-test-incognito-toggle': '', 'aria-pressed': String(this.temporaryOn) },
          extra: check,
          onClick: () => this.events.onToggleTemporary(),
        };
    this.menu = openMenu(
      this.overlays,
      anchor,
      [temporary, { label: 'Get code', disabled: true }, { label: 'Compare mode', disabled: true }],
      () => {
        anchor.setAttribute('aria-expanded', 'false');
        this.menu = null;
      },
    );
  }

  setNewChatEnabled(on: boolean): void {
    this.newChat.disabled = !on;
  }

  setTitle(t: string): void {
    this.title.textContent = tr(t);
  }

  setTemporary(on: boolean): void {
    this.temporaryOn = on;
    this.temporary.setAttribute('aria-pressed', String(on));
    this.temporary.classList.toggle('ms-button-active', on);
  }
}
