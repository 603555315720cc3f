import type { FinishReason } from '../../protocol/job.ts';
import { newToolCallId, type ToolCallOut } from './response.ts';
import { StopScanner } from './stop.ts';
import { buildUsage, type ReportedUsage, type Usage } from './usage.ts';

/** Accumulates one job's output (both response modes), enforcing stop sequences on the text. */
export class AnswerBuilder {
  content = '';
  reasoning = '';
  readonly toolCalls: ToolCallOut[] = [];
  private reported: ReportedUsage | null = null;
  private readonly scanner: StopScanner;

  constructor(
    stops: readonly string[],
    private readonly promptText: string,
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
    const out = this.scanner.push(text);
    this.content += out;
    return out;
  }

  flush(): string {
    const out = this.scanner.flush();
    this.content += out;
    return out;
  }

  thought(text: string): void {
    this.reasoning += text;
  }

  toolCall(name: string, args: string): ToolCallOut {
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

  usage(): Usage {
    return buildUsage(this.reported, this.promptText, this.content, this.reasoning);
  }
}
