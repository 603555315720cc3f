import { authHeaders, readEvents } from '../api.ts';
import { h, section } from '../dom.ts';
import type { DashboardState } from '../types.ts';
import type { ViewContext } from './context.ts';
import { snippets } from './snippets.ts';

interface Turn {
  role: 'user' | 'assistant';
  content: string;
}

/** Markdown images with data: URLs (what an image model returns) become <img>; the rest stays text. */
function renderAnswer(text: string): Node[] {
  const out: Node[] = [];
  const re = /!\[([^\]]*)\]\((data:image\/[a-z+.-]+;base64,[A-Za-z0-9+/=]+)\)/g;
  let at = 0;
  for (const m of text.matchAll(re)) {
    out.push(document.createTextNode(text.slice(at, m.index)));
    out.push(h('img', { src: m[2] as string, alt: m[1] || 'image', class: 'answer-image' }));
    at = (m.index ?? 0) + m[0].length;
  }
  out.push(document.createTextNode(text.slice(at)));
  return out;
}

/**
 * A chat against this bridge's /v1/chat/completions (streamed, with the key the dashboard holds),
 * and the snippets. Built once; state updates only refresh the model list.
 */
export class Playground {
  readonly element: HTMLElement;
  private readonly turns: Turn[] = [];
  private readonly log: HTMLElement;
  private readonly model: HTMLSelectElement;
  private readonly snippetBox: HTMLElement;
  private running: AbortController | null = null;
  private models: string[] = [];

  constructor(private readonly ctx: ViewContext) {
    const { t } = ctx;
    this.model = h('select', { id: 'pg-model' }) as HTMLSelectElement;
    this.model.append(h('option', { value: '' }, t('defaultModel')));
    this.model.addEventListener('change', () => this.renderSnippets());
    const system = h('textarea', { id: 'pg-system', rows: 2 }) as HTMLTextAreaElement;
    const temperature = h('input', {
      id: 'pg-temperature',
      type: 'number',
      min: 0,
      max: 2,
      step: 0.1,
      value: 1,
    }) as HTMLInputElement;
    const topP = h('input', {
      id: 'pg-top-p',
      type: 'number',
      min: 0,
      max: 1,
      step: 0.05,
      value: 0.95,
    }) as HTMLInputElement;
    const maxTokens = h('input', {
      id: 'pg-max-tokens',
      type: 'number',
      min: 1,
      step: 1,
      placeholder: '—',
    }) as HTMLInputElement;
    const message = h('textarea', { id: 'pg-message', rows: 3, required: true }) as HTMLTextAreaElement;
    const send = h('button', { type: 'submit', id: 'pg-send', class: 'primary' }, t('send')) as HTMLButtonElement;
    const stop = h('button', { type: 'button', id: 'pg-stop', disabled: true }, t('stop')) as HTMLButtonElement;
    const clear = h('button', { type: 'button', id: 'pg-clear' }, t('clear'));
    const error = h('p', { class: 'error', role: 'alert', id: 'pg-error' });
    this.log = h('ol', { class: 'chat-log', id: 'pg-log', 'aria-live': 'polite', 'aria-label': t('chat') });
    const field = (id: string, label: string, input: HTMLElement): HTMLElement =>
      h('div', { class: 'field' }, h('label', { for: id }, label), input);

    const form = h(
      'form',
      { class: 'playground', id: 'pg-form' },
      h(
        'div',
        { class: 'params' },
        field('pg-model', t('model'), this.model),
        field('pg-temperature', t('temperature'), temperature),
        field('pg-top-p', t('topP'), topP),
        field('pg-max-tokens', t('maxTokens'), maxTokens),
      ),
      field('pg-system', t('system'), system),
      this.log,
      field('pg-message', t('message'), message),
      h('div', { class: 'toolbar' }, send, stop, clear),
      error,
    );
    message.addEventListener('keydown', (e) => {
      // Ctrl/Cmd+Enter sends, as in most chat UIs; Enter alone keeps newlines.
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) (form as HTMLFormElement).requestSubmit();
    });
    clear.addEventListener('click', () => {
      this.running?.abort();
      this.turns.length = 0;
      this.log.replaceChildren();
    });
    stop.addEventListener('click', () => this.running?.abort());
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = message.value.trim();
      if (!text || this.running) return;
      message.value = '';
      error.textContent = '';
      const params: Record<string, unknown> = {
        temperature: Number(temperature.value),
        top_p: Number(topP.value),
        ...(maxTokens.value ? { max_tokens: Number(maxTokens.value) } : {}),
      };
      send.disabled = true;
      stop.disabled = false;
      void this.ask(text, system.value.trim(), params)
        .catch((err: unknown) => {
          if (!(err instanceof DOMException && err.name === 'AbortError'))
            error.textContent = t('requestFailed', err instanceof Error ? err.message : String(err));
        })
        .finally(() => {
          send.disabled = false;
          stop.disabled = true;
          this.running = null;
        });
    });

    this.snippetBox = h('div', { class: 'snippets' });
    this.element = h(
      'div',
      {},
      section('pg-title', t('viewPlayground'), form),
      section('snippets-title', t('snippets'), this.snippetBox),
    );
    this.renderSnippets();
  }

  update(s: DashboardState): void {
    if (s.models.join() === this.models.join() && this.authOn === (s.bridge.auth === 'api_key')) return;
    this.models = s.models;
    this.authOn = s.bridge.auth === 'api_key';
    const chosen = this.model.value;
    this.model.replaceChildren(
      h('option', { value: '' }, this.ctx.t('defaultModel')),
      ...s.models.map((m) => h('option', { value: m, selected: m === chosen }, m)),
    );
    this.renderSnippets();
  }

  private authOn = false;

  private renderSnippets(): void {
    const { t } = this.ctx;
    const root = this.ctx.baseUrl.replace(/\/v1$/, '');
    const key = this.authOn ? 'YOUR_BRIDGE_KEY' : 'anything';
    const model = this.model.value || this.models[0] || 'gemini-2.5-flash';
    this.snippetBox.replaceChildren(
      h('p', {}, t('snippetsHint', this.ctx.baseUrl, this.authOn ? t('keyYours') : t('keyAnything'))),
      ...snippets(root, key, model).map(({ name, code }, i) => {
        const copy = h('button', { type: 'button', class: 'copy', 'aria-label': t('copyLabel', name) }, t('copy'));
        copy.addEventListener('click', () => {
          void navigator.clipboard?.writeText(code).then(() => {
            copy.textContent = t('copied');
            setTimeout(() => (copy.textContent = t('copy')), 1500);
          });
        });
        return h(
          'div',
          { class: 'snippet' },
          h('div', { class: 'snippet-head' }, h('h3', { id: `snippet-${i}` }, name), copy),
          h('pre', { tabindex: 0, 'aria-labelledby': `snippet-${i}` }, h('code', {}, code)),
        );
      }),
    );
  }

  private async ask(text: string, system: string, params: Record<string, unknown>): Promise<void> {
    const { t } = this.ctx;
    this.turns.push({ role: 'user', content: text });
    this.log.append(h('li', { class: 'turn user' }, h('strong', {}, t('you')), h('div', { class: 'text' }, text)));
    const answer = h('div', { class: 'text', id: `pg-answer-${this.turns.length}` });
    this.log.append(h('li', { class: 'turn assistant' }, h('strong', {}, t('assistant')), answer));
    this.running = new AbortController();
    const messages = [...(system ? [{ role: 'system', content: system }] : []), ...this.turns];
    const res = await fetch('/v1/chat/completions', {
      method: 'POST',
      signal: this.running.signal,
      headers: { ...authHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify({ model: this.model.value || undefined, messages, stream: true, ...params }),
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      this.turns.pop();
      throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
    }
    let content = '';
    await readEvents(
      res,
      (_event, data) => {
        if (data === '[DONE]') return;
        const chunk = JSON.parse(data) as {
          choices?: Array<{ delta?: { content?: string | null } }>;
          error?: { message?: string };
        };
        if (chunk.error) throw new Error(chunk.error.message ?? 'error');
        const delta = chunk.choices?.[0]?.delta?.content;
        if (delta) {
          content += delta;
          answer.replaceChildren(...renderAnswer(content));
        }
      },
      this.running.signal,
    );
    this.turns.push({ role: 'assistant', content });
  }
}
