import { waitFor } from '../lib/dom-wait.ts';
import { click, textOf } from './dom.ts';
import { find, findAll, findVisible } from './find.ts';

/**
 * Reading the page's own verdicts: quota and rate-limit callouts, "Request is too large", error
 * toasts (docs/aistudio-page.md#errors-and-quota; 2026 texts
 * observed 2026-02…07), the last model turn's answer (DOM
 * fallback when no network records arrive).
 */
export type PageProblem = { kind: 'quota' | 'too_large' | 'error'; message: string };

/** The page's latest verdict: the last callout or toast shown (older toasts linger for seconds). */
export function readPageProblem(): PageProblem | null {
  const tooLarge = findVisible('tooLargeCallout').at(-1);
  if (tooLarge) return { kind: 'too_large', message: textOf(tooLarge) };
  const quota = findVisible('quotaCallout').at(-1) ?? find('quotaCallout');
  if (quota) return { kind: 'quota', message: textOf(quota) };
  const toast = findVisible('errorToast').at(-1);
  if (toast) {
    const message = textOf(toast);
    // Classified like the callouts, so a toast left from a known problem is not a new one.
    const kind = /request is too large|请求过大/i.test(message)
      ? 'too_large'
      : /quota|rate limit|exhausted|配额|速率限制/i.test(message)
        ? 'quota'
        : 'error';
    return { kind, message };
  }
  const callout = findVisible('errorCallout').at(-1);
  if (callout) return { kind: 'error', message: textOf(callout) };
  return null;
}

/** Existing problems are remembered so a stale toast from an earlier run is not blamed on this one. */
export function problemKey(problem: PageProblem | null): string {
  return problem ? `${problem.kind}:${problem.message}` : '';
}

function lastModelTurn(): HTMLElement | null {
  const turns = findAll('modelTurn');
  return turns[turns.length - 1] ?? null;
}

export const modelTurnCount = (): number => findAll('modelTurn').length;

/** The answer text of the last model turn, thoughts excluded. */
export function readDomAnswer(): string {
  const turn = lastModelTurn();
  if (!turn) return '';
  const nodes = findAll('answerNode', turn);
  // Nested markdown nodes repeat their children's text: keep only the outermost ones.
  const outer = nodes.filter((n) => !nodes.some((other) => other !== n && other.contains(n)));
  return outer
    .map((n) => (n.innerText ?? n.textContent ?? '').trim())
    .filter(Boolean)
    .join('\n\n');
}

/**
 * The last answer as raw Markdown through the turn's Edit button (the older driver's primary DOM
 * extraction, 2026-04): Edit shows the source in a textarea, "Stop editing" puts the turn back.
 * Falls back to the rendered text.
 */
export async function readDomMarkdown(signal: AbortSignal): Promise<string> {
  const rendered = readDomAnswer();
  const turn = lastModelTurn();
  const edit = turn ? find('editButton', turn) : null;
  if (!turn || !edit) return rendered;
  click(edit);
  try {
    const area = await waitFor(() => find('turnEditor', turn), { signal, timeoutMs: 2_000, what: 'the turn editor' });
    const source = area instanceof HTMLTextAreaElement ? area.value : '';
    return source.trim() ? source : rendered;
  } catch (err) {
    if (signal.aborted) throw err;
    return rendered;
  } finally {
    const stop = find('editButton', turn);
    if (stop && /stop editing|停止修改/i.test(stop.getAttribute('aria-label') ?? '')) click(stop);
  }
}
