import type { FinishReason } from '../../protocol/job.ts';
import { newToolCallId, type ToolCallOut } from './tool-calls.ts';
import { StopScanner } from './stop.ts';
import { buildUsage, TokenTally, type ReportedUsage, type Usage } from './usage.ts';

/**
 * Accumulates one job's output (both response modes), enforcing stop sequences on the text.
 * A stream's text is sent as it comes, so only its token estimate is kept (`keepText` false):
 * a long streamed answer costs no memory. A non-stream answer must be held for the final JSON;
 * `size` lets the caller bound it.
 */
export class AnswerBuilder {
  content = '';
  reasoning = '';
  readonly toolCalls: ToolCallOut[] = [];
  /** characters of text, thoughts and tool arguments received so far */
  size = 0;
  private reported: ReportedUsage | null = null;
  private readonly scanner: StopScanner;
  private readonly contentTally = new TokenTally();
  private readonly reasoningTally = new TokenTally();

  constructor(
    stops: readonly string[],
    private readonly promptText: string,
    private readonly keepText = true,
  ) {
    this.scanner = new StopScanner(stops);
  }

  /** true once a stop sequence was seen: the answer is complete, the tab's run can be stopped */
  get stopped(): boolean {
    return this.scanner.hit;
  }

  /** the stop sequence the answer was cut at; null when the page ended it */
  get stopSequence(): string | null {
    return this.scanner.matched;
  }

  /** Returns the text that may be shown now (held back while it could be the start of a stop sequence). */
  text(text: string): string {
    this.size += text.length;
    return this.emit(this.scanner.push(text));
  }

  flush(): string {
    return this.emit(this.scanner.flush());
  }

  thought(text: string): void {
    this.size += text.length;
    this.reasoningTally.add(text);
    if (this.keepText) this.reasoning += text;
  }

  toolCall(name: string, args: string): ToolCallOut {
    this.size += name.length + args.length;
    const call: ToolCallOut = { id: newToolCallId(), type: 'function', function: { name, arguments: args } };
    this.toolCalls.push(call);
    return call;
  }

  usageReported(usage: ReportedUsage): void {
    this.reported = { ...this.reported, ...usage };
  }

  finishReason(fromPage: FinishReason | undefined): FinishReason {
    if (this.stopped) return 'stop';
    if (this.toolCalls.length > 0 && (fromPage === undefined || fromPage === 'stop')) return 'tool_calls';
    return fromPage ?? 'stop';
  }

  /** the page reported the prompt's and the answer's tokens (else usage() estimates what it lacks) */
  get usageFromPage(): boolean {
    return this.reported?.promptTokens !== undefined && this.reported.completionTokens !== undefined;
  }

  usage(): Usage {
    return buildUsage(this.reported, this.promptText, this.contentTally, this.reasoningTally);
  }

  private emit(out: string): string {
    this.contentTally.add(out);
    if (this.keepText) this.content += out;
    return out;
  }
}
