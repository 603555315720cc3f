import { randomBytes } from 'node:crypto';
import { argumentFragments, type ToolCallOut } from '../../conversation/tool-calls.ts';
import type { Base64Data } from '../../run/base64-data.ts';

/** Writes one typed stream event; `sequence_number` is added by the writer. */
export type Emit = (type: string, payload: Record<string, unknown>) => void;

const newId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('hex')}`;

type Open = {
  kind: 'reasoning' | 'message';
  item: Record<string, unknown>;
  index: number;
  text: string;
  annotations?: unknown[];
};

/** Responses' flat `url_citation` annotation (chat completions nest it under `url_citation`). */
export interface UrlAnnotation {
  type: 'url_citation';
  url: string;
  title: string;
  start_index: number;
  end_index: number;
}

/**
 * The output items of one response, built in the order the page produced them (thoughts →
 * a `reasoning` item with a summary, text → a `message` item, each call → a `function_call`
 * item), with the typed stream events OpenAI sends for each step. Non-stream responses build
 * the same items with a no-op `emit`.
 */
export class OutputItems {
  readonly items: Array<Record<string, unknown>> = [];
  private open: Open | null = null;
  /** text of the message items already closed: annotations count from the start of their own item */
  private closedText = 0;

  constructor(private readonly emit: Emit) {}

  thought(text: string): void {
    const o = this.ensure('reasoning');
    o.text += text;
    this.emit('response.reasoning_summary_text.delta', {
      item_id: o.item.id,
      output_index: o.index,
      summary_index: 0,
      delta: text,
    });
  }

  text(text: string): void {
    const o = this.ensure('message');
    o.text += text;
    this.emit('response.output_text.delta', {
      item_id: o.item.id,
      output_index: o.index,
      content_index: 0,
      delta: text,
      logprobs: [],
    });
  }

  toolCall(call: ToolCallOut): void {
    this.close();
    const base = { id: newId('fc'), type: 'function_call', call_id: call.id, name: call.function.name };
    const index = this.items.length;
    this.items.push({ ...base, arguments: call.function.arguments, status: 'completed' });
    this.emit('response.output_item.added', {
      output_index: index,
      item: { ...base, arguments: '', status: 'in_progress' },
    });
    for (const delta of argumentFragments(call.function.arguments))
      this.emit('response.function_call_arguments.delta', { item_id: base.id, output_index: index, delta });
    this.emit('response.function_call_arguments.done', {
      item_id: base.id,
      name: base.name,
      output_index: index,
      arguments: call.function.arguments,
    });
    this.emit('response.output_item.done', { output_index: index, item: this.items[index] });
  }

  /** A generated image (image models): one `image_generation_call` item whose `result` is the base64. */
  image(mimeType: string, data: Base64Data): void {
    this.close();
    const base = { id: newId('ig'), type: 'image_generation_call' };
    const index = this.items.length;
    this.items.push({ ...base, status: 'completed', result: data, output_format: mimeType.split('/')[1] ?? 'png' });
    this.emit('response.output_item.added', {
      output_index: index,
      item: { ...base, status: 'in_progress', result: null },
    });
    this.emit('response.image_generation_call.completed', { item_id: base.id, output_index: index });
    this.emit('response.output_item.done', { output_index: index, item: this.items[index] });
  }

  /**
   * The answer's sources on the open message's text (`response.output_text.annotation.added`
   * each), ranges given over the whole answer; call before `close`. Sources of text in an
   * earlier message item (split by a function call) are left out.
   */
  annotate(list: readonly UrlAnnotation[]): void {
    const o = this.open;
    if (o?.kind !== 'message') return;
    o.annotations = [];
    for (const a of list) {
      const start = a.start_index - this.closedText;
      if (start < 0) continue;
      const annotation = { ...a, start_index: start, end_index: a.end_index - this.closedText };
      this.emit('response.output_text.annotation.added', {
        item_id: o.item.id,
        output_index: o.index,
        content_index: 0,
        annotation_index: o.annotations.length,
        annotation,
      });
      o.annotations.push(annotation);
    }
  }

  /** A Google Search the page ran for the answer: one completed `web_search_call` item with its queries and sources. */
  webSearch(queries: readonly string[], sources: readonly string[]): void {
    this.close();
    const base = { id: newId('ws'), type: 'web_search_call' };
    const index = this.items.length;
    const action = {
      type: 'search',
      query: queries[0] ?? '',
      queries: [...queries],
      sources: sources.map((url) => ({ type: 'url', url })),
    };
    this.items.push({ ...base, status: 'completed', action });
    this.emit('response.output_item.added', {
      output_index: index,
      item: { ...base, status: 'in_progress', action: { type: 'search', query: action.query } },
    });
    for (const step of ['in_progress', 'searching', 'completed'])
      this.emit(`response.web_search_call.${step}`, { item_id: base.id, output_index: index });
    this.emit('response.output_item.done', { output_index: index, item: this.items[index] });
  }

  /** Ends the open item (its `.done` events); called before another kind starts and at the end. */
  close(): void {
    const o = this.open;
    if (!o) return;
    this.open = null;
    const id = o.item.id;
    if (o.kind === 'reasoning') {
      const part = { type: 'summary_text', text: o.text };
      this.emit('response.reasoning_summary_text.done', {
        item_id: id,
        output_index: o.index,
        summary_index: 0,
        text: o.text,
      });
      this.emit('response.reasoning_summary_part.done', { item_id: id, output_index: o.index, summary_index: 0, part });
      this.items[o.index] = { ...o.item, summary: [part], status: 'completed' };
    } else {
      const part = { type: 'output_text', text: o.text, annotations: o.annotations ?? [], logprobs: [] };
      this.closedText += o.text.length;
      this.emit('response.output_text.done', {
        item_id: id,
        output_index: o.index,
        content_index: 0,
        text: o.text,
        logprobs: [],
      });
      this.emit('response.content_part.done', { item_id: id, output_index: o.index, content_index: 0, part });
      this.items[o.index] = { ...o.item, content: [part], status: 'completed' };
    }
    this.emit('response.output_item.done', { output_index: o.index, item: this.items[o.index] });
  }

  private ensure(kind: Open['kind']): Open {
    if (this.open?.kind === kind) return this.open;
    this.close();
    const index = this.items.length;
    const item =
      kind === 'reasoning'
        ? { id: newId('rs'), type: 'reasoning', summary: [] }
        : { id: newId('msg'), type: 'message', role: 'assistant', status: 'in_progress', content: [] };
    this.items.push(item);
    this.open = { kind, item, index, text: '' };
    this.emit('response.output_item.added', { output_index: index, item });
    if (kind === 'reasoning')
      this.emit('response.reasoning_summary_part.added', {
        item_id: item.id,
        output_index: index,
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      });
    else
      this.emit('response.content_part.added', {
        item_id: item.id,
        output_index: index,
        content_index: 0,
        part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
      });
    return this.open;
  }
}
