// The CDK overlay container: menus, select panels and dialogs live here, behind backdrops that
// intercept clicks on the rest of the page until the overlay is closed (Escape closes the top one).

import { h } from './dom.ts';

type BackdropKind = 'dark' | 'transparent' | 'none';

export interface OverlayOptions {
  content: HTMLElement;
  backdrop: BackdropKind;
  /** Close when the backdrop is clicked (menus); dialogs that demand an answer say false. */
  closeOnBackdrop: boolean;
  closeOnEscape: boolean;
  /** Anchor element for menus/select panels; absent = centred dialog. */
  anchor?: HTMLElement;
  onClose?: () => void;
}

export interface OverlayHandle {
  readonly pane: HTMLElement;
  close(): void;
  readonly closed: boolean;
}

export class OverlayManager {
  private readonly stack: OverlayHandle[] = [];

  constructor(private readonly container: HTMLElement) {
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      const top = this.stack.at(-1);
      if (top && this.options.get(top)?.closeOnEscape) {
        e.preventDefault();
        top.close();
      }
    });
  }

  private readonly options = new WeakMap<OverlayHandle, OverlayOptions>();

  /** A dialog behind a dark backdrop is open (menus and select panels do not count). */
  get hasModal(): boolean {
    return this.stack.some((h) => this.options.get(h)?.backdrop === 'dark');
  }

  open(opts: OverlayOptions): OverlayHandle {
    const nodes: HTMLElement[] = [];
    let backdrop: HTMLElement | null = null;
    if (opts.backdrop !== 'none') {
      const kind = opts.backdrop === 'dark' ? 'cdk-overlay-dark-backdrop' : 'cdk-overlay-transparent-backdrop';
      backdrop = h('div', { class: `cdk-overlay-backdrop ${kind} cdk-overlay-backdrop-showing` });
      nodes.push(backdrop);
    }
    const pane = h('div', { class: 'cdk-overlay-pane' }, opts.content);
    let wrapper: HTMLElement;
    if (opts.anchor) {
      wrapper = h('div', { class: 'cdk-overlay-connected-position-bounding-box' }, pane);
      this.position(pane, opts.anchor);
    } else {
      wrapper = h('div', { class: 'cdk-global-overlay-wrapper', dir: 'ltr' }, pane);
    }
    nodes.push(wrapper);
    this.container.append(...nodes);

    let closed = false;
    const handle: OverlayHandle = {
      pane,
      get closed() {
        return closed;
      },
      close: () => {
        if (closed) return;
        closed = true;
        for (const n of nodes) n.remove();
        const i = this.stack.indexOf(handle);
        if (i >= 0) this.stack.splice(i, 1);
        opts.onClose?.();
      },
    };
    if (backdrop && opts.closeOnBackdrop) backdrop.addEventListener('click', () => handle.close());
    this.options.set(handle, opts);
    this.stack.push(handle);
    return handle;
  }

  private position(pane: HTMLElement, anchor: HTMLElement): void {
    const r = anchor.getBoundingClientRect();
    const width = 240;
    const left = Math.max(8, Math.min(r.left, window.innerWidth - width - 8));
    const below = r.bottom + 4;
    pane.style.left = `${left}px`;
    if (below + 200 > window.innerHeight && r.top > 220) pane.style.bottom = `${window.innerHeight - r.top + 4}px`;
    else pane.style.top = `${below}px`;
    pane.style.minWidth = `${Math.max(r.width, 160)}px`;
  }
}

export interface MenuItem {
  label: string;
  ariaLabel?: string;
  attrs?: Record<string, string>;
  disabled?: boolean;
  /** Wrap the item in this element (e.g. ms-incognito-mode-toggle > button). */
  wrap?: string;
  /** Extra nodes inside the item (a hidden file input, a checkmark). */
  extra?: HTMLElement[];
  onClick?: (item: HTMLButtonElement) => void;
}

/** A mat-menu: div[role=menu] with button[role=menuitem] items; closes on item click, backdrop or Escape. */
export function openMenu(
  overlays: OverlayManager,
  anchor: HTMLElement,
  items: MenuItem[],
  onClose?: () => void,
): OverlayHandle {
  const content = h('div', { class: 'mat-mdc-menu-content' });
  const panel = h('div', { class: 'mat-mdc-menu-panel mat-menu-panel', role: 'menu', tabindex: '-1' }, content);
  const handle = overlays.open({
    content: panel,
    backdrop: 'transparent',
    closeOnBackdrop: true,
    closeOnEscape: true,
    anchor,
    onClose,
  });
  for (const item of items) {
    const button = h(
      'button',
      {
        class: 'mat-mdc-menu-item mat-focus-indicator',
        role: 'menuitem',
        type: 'button',
        'aria-label': item.ariaLabel,
        disabled: item.disabled ?? false,
        ...item.attrs,
      },
      h('span', { class: 'mat-mdc-menu-item-text' }, item.label),
      ...(item.extra ?? []),
    );
    button.addEventListener('click', (e) => {
      // Clicks on a nested file input bubble here too; only the item itself acts.
      if (e.target instanceof HTMLInputElement) return;
      item.onClick?.(button);
      handle.close();
    });
    content.append(item.wrap ? h(item.wrap, {}, button) : button);
  }
  return handle;
}
