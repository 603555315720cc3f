// The simulated chat page: lays out toolbar, chat column and run-settings panel, and runs a
// prompt: user turn, request built from what the UI shows now, streamed model turn, Stop.

import { encodeRequest, type GenerateRequest, type Turn } from '../wire/request.ts';
import { stripCtrlMarkers } from '../wire/response.ts';
import type { SimModel } from '../wire/models.ts';
import { TurnView, type TurnData } from './chat.ts';
import type { PageConfig } from './config.ts';
import {
  confirmDiscard,
  openConsentDialog,
  refuseTooLarge,
  showPreferenceVote,
  showRunEnd,
  showWelcome,
} from './notices.ts';
import { h, icon, report } from './dom.ts';
import type { OverlayManager } from './overlay.ts';
import { PromptBox } from './prompt-box.ts';
import { countTokens, generate, listModels } from './rpc.ts';
import { runSettingsPanel } from './settings/panel.ts';
import { PanelHost } from './settings/panel-host.ts';
import { defaultSettings, outputFor, thinkingFor, toolsFor } from './settings/state.ts';
import { SystemInstructions } from './system-instructions.ts';
import { Toolbar } from './toolbar.ts';
import { MAX_PROMPT_CHARS } from './variant.ts';

/** New chat under the account prefix the page was opened with (`/u/<n>` on multi-account paths). */
const accountPrefix = (): string => /^\/u\/\d+/.exec(location.pathname)?.[0] ?? '';
const newChatPath = (): string => `${accountPrefix()}/prompts/new_chat`;
const COUNT_TOKENS_DEBOUNCE_MS = 400;

export class App {
  private readonly settings;
  private readonly turns: TurnView[] = [];
  private readonly session = h('div', { class: 'chat-session-content' });
  private readonly toasts = h('div', { class: 'toast-container' });
  private readonly toolbar: Toolbar;
  private readonly prompt: PromptBox;
  private readonly system: SystemInstructions;
  private readonly incognito = h(
    'ms-incognito-mode-indicator',
    { hidden: true },
    icon('visibility_off'),
    h('span', { class: 'main-text', 'data-test-id': 'main-text' }, 'Temporary chat'),
    h('span', { class: 'sub-text' }, "This chat won't be saved to your library"),
  );
  private readonly empty = h(
    'div',
    { class: 'empty-state' },
    h('h2', {}, 'Welcome to AI Studio'),
    h('p', {}, 'Type a prompt below and press Run.'),
  );
  private temporary = false;
  private running: AbortController | null = null;
  private dialogShownForKeyword = false;
  private countTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly body = h('div', { class: 'app-body' });
  private readonly panel: PanelHost;
  private scroller: HTMLElement | null = null;
  private tooLarge: HTMLElement | null = null;
  private voted = false;

  /** Identifies this page load to the simulator (RunRecord.pageId, ui event page-ready). */
  readonly pageId = crypto.randomUUID();

  constructor(
    private readonly config: PageConfig,
    private readonly model: SimModel,
    private readonly overlays: OverlayManager,
  ) {
    this.settings = defaultSettings(model);
    const v = config.variant;
    this.toolbar = new Toolbar(
      overlays,
      {
        onNewChat: () => this.newChat(),
        onToggleTemporary: () => this.toggleTemporary(),
        onToggleSettings: () => this.toggleSettings(),
      },
      { menuOnlyTemporary: v.menuTemporary === true, account: config.account ?? null },
    );
    this.prompt = new PromptBox(
      overlays,
      { onRun: () => void this.run(), onStop: () => this.running?.abort(), onText: (t) => this.onText(t) },
      { stopButton: v.stopButton === true, uploadFiles: v.uploadFiles === true, spinnerRun: v.spinnerRun === true },
    );
    this.system = new SystemInstructions(
      (t) => {
        this.settings.systemInstruction = t;
      },
      v.systemDialog ? overlays : null,
    );
    this.panel = new PanelHost(this.body, () =>
      runSettingsPanel(model, this.settings, overlays, v, this.system.card()),
    );
  }

  private toggleSettings(): void {
    this.panel.toggle();
  }

  mount(root: HTMLElement): void {
    if (this.system.root) this.session.append(this.system.root);
    this.session.append(this.incognito, this.empty);
    const chat = h(
      'main',
      { class: 'chat-column' },
      h('ms-chunk-editor', {}, h('ms-autoscroll-container', {}, this.session), this.prompt.root),
    );
    this.scroller = this.session.parentElement;
    this.body.append(chat);
    root.append(this.toolbar.root, this.body, this.toasts);
    // Narrow/collapsed layouts: the panel (and the model name in it) is absent until toggled.
    if (!this.config.variant.narrow) this.toggleSettings();
    this.refresh();
    report('page-ready', this.pageId);
    void listModels(this.config.rpcBase).then((list) => {
      const mine = list.find((m) => m.id === this.model.id);
      if (mine) this.panel.setDisplayName(mine.displayName);
    });
    if (this.config.dialog) setTimeout(() => openConsentDialog(this.overlays), this.config.dialog.delayMs);
    if (this.config.variant.firstVisit) showWelcome(this.overlays);
  }

  private refresh(): void {
    // The spinner-run layout leaves New chat enabled during a run (a click then does nothing).
    const busy = this.running !== null && this.config.variant.spinnerRun !== true;
    this.toolbar.setNewChatEnabled(!busy && (this.turns.length > 0 || location.pathname !== newChatPath()));
    this.empty.hidden = this.turns.length > 0;
  }

  private onText(text: string): void {
    clearTimeout(this.countTimer);
    this.countTimer = setTimeout(() => {
      const contents = [...this.contents(), { role: 'user' as const, text, attachments: [], functionCalls: [] }];
      void countTokens(this.config.rpcBase, [
        `models/${this.model.id}`,
        encodeRequest({ ...this.requestSettings(), contents })[1],
      ]).then((n) => {
        if (n !== null) this.panel.setTokenCount(n, this.model.inputTokenLimit);
      });
    }, COUNT_TOKENS_DEBOUNCE_MS);
    if (text.includes('[[sim:dialog') && !this.dialogShownForKeyword) {
      this.dialogShownForKeyword = true;
      openConsentDialog(this.overlays);
    }
  }

  private addTurn(data: TurnData): TurnView {
    const view = new TurnView(data, this.overlays, (t) => {
      this.turns.splice(this.turns.indexOf(t), 1);
      t.el.remove();
      this.refresh();
    });
    this.turns.push(view);
    this.session.append(view.el);
    this.refresh();
    return view;
  }

  private contents(): Turn[] {
    return this.turns
      .filter((t) => t.data.role === 'user' || t.data.text || t.data.calls.length)
      .map((t) => ({
        role: t.data.role,
        text: t.data.text,
        attachments: t.data.attachments,
        functionCalls: t.data.calls,
      }));
  }

  /** Everything but the turns, read from what the panel shows right now. */
  private requestSettings(): Omit<GenerateRequest, 'contents'> {
    const s = this.settings;
    return {
      model: this.model.id,
      systemInstruction: s.systemInstruction.trim() ? s.systemInstruction : null,
      temperature: s.temperature,
      topP: s.topP,
      topK: 64,
      maxOutputTokens: s.maxOutputTokens,
      stopSequences: [...s.stopSequences],
      thinking: thinkingFor(this.model, s),
      tools: toolsFor(this.model, s),
      temporaryChat: this.temporary,
      ...outputFor(this.model, s),
    };
  }

  private async run(): Promise<void> {
    if (this.running) return;
    // A script's el.click() skips hit-testing, so the backdrop alone would not stop it: while a
    // modal dialog is open the page refuses to start a run, as a person could not press Run then.
    if (this.overlays.hasModal) {
      report('run-blocked');
      return;
    }
    this.tooLarge?.remove();
    this.tooLarge = null;
    if (this.prompt.text.length > (this.config.variant.maxPromptChars ?? MAX_PROMPT_CHARS)) {
      this.tooLarge = refuseTooLarge(this.session, this.toasts);
      return;
    }
    const files = this.prompt.files;
    this.addTurn({
      role: 'user',
      text: this.prompt.text,
      thoughts: '',
      calls: [],
      attachments: files.map(({ mimeType, data }) => ({ mimeType, data })),
      fileNames: files.map((f) => f.name),
    });
    this.prompt.clear();
    const body = encodeRequest({ ...this.requestSettings(), contents: this.contents() });
    const turn = this.addTurn({ role: 'model', text: '', thoughts: '', calls: [], attachments: [], fileNames: [] });
    turn.setBusy(true);
    this.running = new AbortController();
    this.prompt.setGenerating(true);
    this.refresh();
    const end = await generate(
      this.config.rpcBase,
      body,
      (chunk) => {
        for (const p of chunk.parts) {
          if (p.kind === 'text') turn.appendText(stripCtrlMarkers(p.text));
          else if (p.kind === 'thought') turn.appendThought(stripCtrlMarkers(p.text));
          else if (p.kind === 'call') turn.addCall({ name: p.name, args: p.args });
          else if (p.kind !== 'other') turn.addMedia(p);
        }
        if (chunk.grounding) turn.setSources(chunk.grounding);
        // Follow the answer inside the chat's own scroller only, never the window: scrolling the
        // window would move controls a driver is about to click in the narrow layout.
        if (this.scroller) this.scroller.scrollTop = this.scroller.scrollHeight;
      },
      this.running.signal,
      this.pageId,
    );
    showRunEnd(turn, this.toasts, end, this.config.variant.rateLimitText === true);
    this.running = null;
    turn.setBusy(false);
    this.prompt.setGenerating(false);
    if (!this.temporary && location.pathname === newChatPath()) {
      // A saved chat gets its own URL after the first run (autosave), a temporary one does not.
      history.replaceState(
        null,
        '',
        `${accountPrefix()}/prompts/${crypto.randomUUID().replace(/-/g, '').slice(0, 28)}`,
      );
      this.toolbar.setTitle('Chat prompt');
    }
    this.refresh();
    // First-visit variant: the page asks for a preference vote once, after the first answer.
    if (this.config.variant.firstVisit && end.kind === 'done' && !this.voted) {
      this.voted = true;
      showPreferenceVote(this.overlays);
    }
  }

  private newChat(): void {
    if (this.running) return;
    if (this.turns.length === 0) {
      this.reset();
      return;
    }
    confirmDiscard(this.overlays, () => this.reset());
  }

  private reset(): void {
    for (const t of this.turns) t.el.remove();
    this.turns.length = 0;
    this.system.set('');
    this.tooLarge?.remove();
    this.tooLarge = null;
    // A new chat starts as a normal chat: drivers must switch temporary chat on again.
    this.setTemporary(false);
    history.pushState(null, '', newChatPath());
    this.toolbar.setTitle('Untitled prompt');
    report('new-chat');
    this.refresh();
  }

  private toggleTemporary(): void {
    this.setTemporary(!this.temporary);
    report(this.temporary ? 'temporary-chat-on' : 'temporary-chat-off');
  }

  private setTemporary(on: boolean): void {
    this.temporary = on;
    this.toolbar.setTemporary(on);
    this.incognito.hidden = !on;
  }
}
