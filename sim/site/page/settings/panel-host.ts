// Where the run-settings panel lives. Narrow/collapsed layouts (docs/aistudio-page.md#layouts) leave it out of the
// DOM until its toggle is clicked; it is rebuilt on each open from the page's settings state, so
// a driver holding an element of a closed panel holds a detached node, as on an Angular page.

import type { PanelHandle } from './panel.ts';

export class PanelHost {
  private panel: PanelHandle | null = null;
  private displayName: string | null = null;
  private tokens: [number, number] | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly build: () => PanelHandle,
  ) {}

  toggle(): void {
    if (this.panel) {
      this.panel.root.remove();
      this.panel = null;
      return;
    }
    const panel = this.build();
    if (this.displayName) panel.setDisplayName(this.displayName);
    if (this.tokens) panel.setTokenCount(...this.tokens);
    this.panel = panel;
    this.container.append(panel.root);
  }

  setDisplayName(name: string): void {
    this.displayName = name;
    this.panel?.setDisplayName(name);
  }

  setTokenCount(tokens: number, limit: number): void {
    this.tokens = [tokens, limit];
    this.panel?.setTokenCount(tokens, limit);
  }
}
