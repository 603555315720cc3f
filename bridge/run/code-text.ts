import type { ExtraEvent } from './extras.ts';

type CodeEvent = Extract<ExtraEvent, { kind: 'code' | 'code_result' }>;

/** A fence longer than any run of backticks inside, so code holding ``` cannot close it early. */
function fence(body: string): string {
  // A loop, not Math.max(...runs): output with 100k+ backtick runs would overflow the call stack.
  let longest = 0;
  for (const m of body.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/**
 * The page's code execution as Markdown for surfaces that carry only text (OpenAI, Anthropic,
 * Ollama; docs/surfaces.md "Code execution"): the code in a ```python block, its output in an
 * ```output block (info `output failed` / `output deadline_exceeded` when it did not run to the
 * end), each starting on a line of its own after `before` (the last character already written).
 */
export function codeText(e: CodeEvent, before: string): string {
  const body = e.kind === 'code' ? e.code : e.output;
  const info =
    e.kind === 'code'
      ? e.language === 'python'
        ? 'python'
        : ''
      : e.outcome === 'ok' || e.outcome === 'unspecified'
        ? 'output'
        : `output ${e.outcome}`;
  const f = fence(body);
  const nl = body.endsWith('\n') || body === '' ? '' : '\n';
  const lead = before === '' ? '' : before === '\n' ? '\n' : '\n\n';
  return `${lead}${f}${info}\n${body}${nl}${f}\n`;
}
