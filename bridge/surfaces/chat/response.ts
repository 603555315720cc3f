import { randomBytes } from 'node:crypto';
import type { FinishReason } from '../../../protocol/job.ts';
import { argumentFragments, type ToolCallOut } from '../../conversation/tool-calls.ts';
import type { Usage } from '../../conversation/usage.ts';
import type { ImageOut } from '../../run/extras.ts';
import { dataUrl, imageUrlPart } from '../../run/images.ts';
import { jsonPieces, type Pieces } from '../../run/json-pieces.ts';
import type { urlCitation } from '../../run/citations.ts';

export const newCompletionId = (): string => `chatcmpl-${randomBytes(12).toString('base64url')}`;

/** One answer of a completion (`n` > 1 gives several). */
interface ChoiceParts {
  content: string;
  reasoning: string;
  toolCalls: ToolCallOut[];
  finishReason: FinishReason;
  /** generated images (image models), as `{type:"image_url", image_url:{url:"data:…"}}` */
  images?: ReturnType<typeof imageUrlPart>[];
  /** the answer's sources (Search / URL context), as `url_citation` annotations */
  annotations?: ReturnType<typeof urlCitation>[];
}

export interface CompletionParts {
  id: string;
  created: number;
  model: string;
  choices: ChoiceParts[];
  usage: Usage;
}

/** `chat.completion`, with every key the official schema requires (logprobs, refusal: null). */
export function completionBody(p: CompletionParts): Record<string, unknown> {
  const choices = p.choices.map((c, index) => {
    const message: Record<string, unknown> = {
      role: 'assistant',
      content: c.content.length > 0 || c.toolCalls.length === 0 ? c.content : null,
      refusal: null,
    };
    if (c.reasoning) message.reasoning_content = c.reasoning;
    if (c.toolCalls.length > 0) message.tool_calls = c.toolCalls;
    if (c.images?.length) message.images = c.images;
    if (c.annotations?.length) message.annotations = c.annotations;
    return { index, message, logprobs: null, finish_reason: c.finishReason };
  });
  return { id: p.id, object: 'chat.completion', created: p.created, model: p.model, choices, usage: p.usage };
}

/**
 * Serialises `chat.completion.chunk` objects. Content deltas are the hot path, so the constant
 * part of the JSON is built once per stream and only the text is stringified per chunk.
 */
export class ChunkEncoder {
  private readonly head: string;

  constructor(
    private readonly id: string,
    private readonly created: number,
    private readonly model: string,
  ) {
    this.head = `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":[{"index":`;
  }

  private chunk(index: number, delta: string, finish: FinishReason | null = null): string {
    return `${this.head}${index},"delta":${delta},"logprobs":null,"finish_reason":${finish === null ? 'null' : JSON.stringify(finish)}}]}`;
  }

  role(index = 0): string {
    return this.chunk(index, '{"role":"assistant","content":""}');
  }

  content(text: string, index = 0): string {
    return this.chunk(index, `{"content":${JSON.stringify(text)}}`);
  }

  /**
   * One generated image per chunk: `delta.images` as the non-stream message carries them, as
   * pieces around the base64 (it needs no JSON escaping: A–Z a–z 0–9 + / =), so it is not copied.
   */
  image(img: ImageOut, index = 0): Pieces {
    const [before, after] = this.chunk(index, '{"images":[{"type":"image_url","image_url":{"url":\u0000}}]}').split(
      '\u0000',
    );
    return [before ?? '', ...jsonPieces(dataUrl(img)), after ?? ''];
  }

  /** The answer's sources in one delta, after its text (their ranges are only known once it is complete). */
  annotations(list: ReturnType<typeof urlCitation>[], index = 0): string {
    return this.chunk(index, JSON.stringify({ annotations: list }));
  }

  reasoning(text: string, index = 0): string {
    return this.chunk(index, `{"reasoning_content":${JSON.stringify(text)}}`);
  }

  /**
   * One tool call as OpenAI streams it: the first fragment of a call carries id, type, name and
   * empty arguments; the following ones only the call's index and the next piece of arguments.
   */
  toolCall(callIndex: number, call: ToolCallOut, choiceIndex = 0): string[] {
    const first = {
      tool_calls: [
        { index: callIndex, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } },
      ],
    };
    const rest = argumentFragments(call.function.arguments).map((piece) => ({
      tool_calls: [{ index: callIndex, function: { arguments: piece } }],
    }));
    return [first, ...rest].map((delta) => this.chunk(choiceIndex, JSON.stringify(delta)));
  }

  finish(reason: FinishReason, index = 0): string {
    return this.chunk(index, '{}', reason);
  }

  /** The include_usage chunk: empty choices, totals in usage. */
  usage(usage: Usage): string {
    return JSON.stringify({
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [],
      usage,
    });
  }
}
