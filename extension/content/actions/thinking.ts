import type { ThinkingSetting } from '../../../protocol/job.ts';
import { unlessAborted } from '../../lib/abort.ts';
import { waitFor } from '../../lib/dom-wait.ts';
import { click, numberValue, pressEscape, setFieldValue, textOf } from '../dom.ts';
import { find, findVisible } from '../find.ts';
import { setSwitch } from './switches.ts';

/**
 * Thinking controls (docs/aistudio-page.md#thinking-controls, 2026-04). The page decides which exist for the model:
 * a level dropdown (Gemini 3), a main thinking toggle plus manual-budget toggle and budget
 * input (2.5 Flash), or only the budget toggle (2.5 Pro, always thinking). We operate whatever
 * is present and leave the rest; nothing here fails a job (the model's own default remains).
 */
export async function applyThinking(setting: ThinkingSetting | undefined, signal: AbortSignal): Promise<string[]> {
  if (!setting) return [];
  const done: string[] = [];
  if (find('thinkingLevelSelect')) {
    if (setting.mode === 'level') done.push(`level:${await selectLevel(setting.level, signal)}`);
    return done; // level models have no off switch and no budget
  }
  const hasMain = find('thinkingModeToggle') !== null;
  if (setting.mode === 'off') {
    if (hasMain) done.push(`main:${await setSwitch('thinkingModeToggle', false, signal)}`);
    else done.push(`budget:${await setSwitch('thinkingBudgetToggle', false, signal)}`);
    return done;
  }
  if (hasMain) done.push(`main:${await setSwitch('thinkingModeToggle', true, signal)}`);
  const manual = setting.mode === 'budget';
  done.push(
    `budget:${await setSwitch('thinkingBudgetToggle', manual, signal).catch(unlessAborted(signal, 'unavailable'))}`,
  );
  if (setting.mode === 'budget') {
    const input = await waitFor(() => findVisible('thinkingBudgetInput')[0] ?? null, {
      signal,
      timeoutMs: 2_000,
      what: 'the thinking budget input',
    }).catch(unlessAborted(signal, null));
    if (input instanceof HTMLInputElement && numberValue(input) !== setting.budget) {
      const max = Number(input.max);
      setFieldValue(input, String(Number.isFinite(max) && max > 0 ? Math.min(setting.budget, max) : setting.budget));
      done.push(`value:${input.value}`);
    }
  }
  return done;
}

/** Level names as the page shows them, English and Simplified Chinese. */
const LEVEL_NAMES: Record<string, readonly string[]> = {
  minimal: ['minimal', '最低'],
  low: ['low', '低'],
  medium: ['medium', '中'],
  high: ['high', '高'],
};
const showsLevel = (el: Element, level: string): boolean =>
  (LEVEL_NAMES[level] ?? [level]).includes(textOf(el).toLowerCase());

async function selectLevel(level: string, signal: AbortSignal): Promise<string> {
  const select = find('thinkingLevelSelect');
  if (!select) return 'unavailable';
  if (showsLevel(select, level)) return 'unchanged';
  click(select);
  const option = await waitFor(() => findVisible('thinkingLevelOption').find((o) => showsLevel(o, level)) ?? null, {
    signal,
    timeoutMs: 2_000,
    what: `the "${level}" thinking level option`,
  }).catch(unlessAborted(signal, null));
  if (!option) {
    pressEscape();
    return 'unavailable';
  }
  click(option);
  await waitFor(() => findVisible('thinkingLevelOption').length === 0, {
    signal,
    timeoutMs: 2_000,
    what: 'the level list to close',
  }).catch(unlessAborted(signal, undefined));
  return 'changed';
}
