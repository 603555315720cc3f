import { describe, expect, it } from 'vitest';
import { endExplained, runEndEvents, type RunEnd } from '../../../../extension/content/run-end.ts';
import { JobError } from '../../../../extension/content/errors.ts';

const end = (over: Partial<RunEnd>): RunEnd => ({
  finishCode: 1,
  blocked: null,
  usage: null,
  sawOutput: true,
  calls: 0,
  ...over,
});
const usage = { kind: 'usage' as const, promptTokens: 5, completionTokens: 8, reasoningTokens: 153 };

describe('how a completed run ends', () => {
  it('passes the page usage and maps STOP / MAX_TOKENS / calls', () => {
    expect(runEndEvents(end({ usage }))).toEqual([usage, { kind: 'done', finishReason: 'stop' }]);
    expect(runEndEvents(end({ finishCode: 2 })).at(-1)).toEqual({ kind: 'done', finishReason: 'length' });
    expect(runEndEvents(end({ calls: 2 })).at(-1)).toEqual({ kind: 'done', finishReason: 'tool_calls' });
    expect(runEndEvents(end({ finishCode: undefined })).at(-1)).toEqual({ kind: 'done', finishReason: 'stop' });
  });

  it('keeps text produced before a filter, and states a filter that left nothing (not counted as output)', () => {
    expect(runEndEvents(end({ finishCode: 3, usage }))).toEqual([
      usage,
      { kind: 'done', finishReason: 'content_filter' },
    ]);
    const none = runEndEvents(end({ finishCode: 19, sawOutput: false }));
    expect(none[0]).toEqual({ kind: 'text', text: expect.stringContaining('CONTENT_BLOCKED') as string });
    expect(none[1]).toEqual({ kind: 'usage', completionTokens: 0 });
    expect(none[2]).toEqual({ kind: 'done', finishReason: 'content_filter' });
  });

  it('answers a blocked prompt with a statement, zero output tokens and content_filter', () => {
    const events = runEndEvents(
      end({
        blocked: { t: 'rpc.blocked', rpc: 1, reason: 4, message: 'Prohibited' },
        usage: { kind: 'usage', promptTokens: 12 },
      }),
    );
    expect(events).toEqual([
      {
        kind: 'text',
        text: '[AI Studio blocked this prompt (PROHIBITED_CONTENT): Prohibited. No answer was generated.]',
      },
      { kind: 'usage', promptTokens: 12, completionTokens: 0, reasoningTokens: 0 },
      { kind: 'done', finishReason: 'content_filter' },
    ]);
  });

  it('turns function-call failures into a page_error naming the reason', () => {
    for (const [code, name] of [
      [9, 'MALFORMED_FUNCTION_CALL'],
      [11, 'UNEXPECTED_TOOL_CALL'],
      [12, 'TOO_MANY_TOOL_CALLS'],
    ] as const) {
      const thrown = (() => {
        try {
          runEndEvents(end({ finishCode: code }));
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(thrown).toBeInstanceOf(JobError);
      expect((thrown as JobError).code).toBe('page_error');
      expect((thrown as JobError).message).toContain(name);
    }
  });

  it('needs no DOM answer when the network explained the end', () => {
    expect(endExplained({ blocked: null, finishCode: 1 })).toBe(false);
    expect(endExplained({ blocked: null, finishCode: undefined })).toBe(false);
    expect(endExplained({ blocked: null, finishCode: 2 })).toBe(true);
    expect(endExplained({ blocked: { t: 'rpc.blocked', rpc: 1, reason: 1 }, finishCode: undefined })).toBe(true);
  });
});
