import type { JobRequest } from '../../protocol/job.ts';
import { setCodeExecution } from './actions/code-execution.ts';
import { setFunctionDeclarations } from './actions/function-declarations.ts';
import { applyRunSettings } from './actions/run-settings.ts';
import { ensureRunSettingsOpen } from './actions/run-settings-panel.ts';
import { setStopSequences } from './actions/stop-sequences.ts';
import { ensureToolsExpanded, setSwitch } from './actions/switches.ts';
import { setSystemInstructions } from './actions/system-instructions.ts';
import { applyThinking } from './actions/thinking.ts';
import { selectImageSetting } from './actions/image-settings.ts';
import { setStructuredOutput, withoutHint } from './actions/structured-output.ts';
import type { StructuredOutputMode } from '../../protocol/structured-output.ts';
import type { SelectorName } from './selectors.ts';
import type { Detail, StepTrace } from './trace.ts';

/** One traced and logged step: the trace gets a text-free summary, the log the step's own result. */
export type RunStep = <T>(
  action: string,
  key: SelectorName | undefined,
  fn: () => Promise<T> | T,
  summary?: (value: T) => Detail,
) => Promise<T>;

export function stepper(trace: StepTrace, log: (step: string, detail?: unknown) => void): RunStep {
  return async (action, key, fn, summary) => {
    const value = await trace.step(action, key, fn, summary);
    log(action, value);
    return value;
  };
}

/** Stop-chip changes as counts: the sequences themselves are the client's text. */
const changes = (list: string[]): string =>
  `+${list.filter((c) => c.startsWith('+')).length} -${list.filter((c) => c.startsWith('-')).length}`;

/**
 * Everything a job sets before the prompt: system instructions, sampling settings, stop
 * sequences, thinking, tools. Each step only touches controls whose state differs. Returns the
 * prompt to type (with the system instruction folded in when the page has no editor for it).
 */
export async function configureRun(
  request: JobRequest,
  signal: AbortSignal,
  step: RunStep,
  said: { structuredOutput?: StructuredOutputMode } = {},
): Promise<string> {
  let prompt = request.prompt;
  // Idempotent; the 2026 system-instructions card is in the panel too.
  await step('panel', 'runSettingsToggle', () => ensureRunSettingsOpen(signal));
  // Before the system instructions: the page's own setting makes the bridge's JSON hint redundant.
  const wantsJson = request.settings.structuredOutput;
  const structured = await step('structured-output', 'structuredOutputToggle', () =>
    setStructuredOutput(wantsJson, signal),
  );
  if (structured === 'page' || structured === 'hint') said.structuredOutput = structured;
  const instruction = withoutHint(request.systemInstruction, structured, wantsJson);
  const system = await step('system', 'systemInstructionsTextarea', () => setSystemInstructions(instruction, signal));
  if (system === 'unavailable' && instruction) {
    // No editor on this page: fold it into the prompt (docs/aistudio-page.md#system-instructions).
    prompt = `System Instructions:\n${instruction}\n---\n${prompt}`;
  }

  const { settings } = request;
  // One step per control, so a trace names the control (and its matched candidate) that broke.
  const numbers = [
    ['temperatureInput', { temperature: settings.temperature }],
    ['topPInput', { topP: settings.topP }],
    ['maxTokensInput', { maxOutputTokens: settings.maxOutputTokens }],
  ] as const;
  for (const [key, one] of numbers) {
    if (Object.values(one)[0] === undefined) continue;
    await step(
      'settings',
      key,
      () => applyRunSettings(one, signal),
      (changed) => (changed.length > 0 ? 'changed' : 'unchanged'),
    );
  }
  const stops = settings.stopSequences;
  if (stops) await step('stop', 'stopTokenInput', () => setStopSequences(stops, signal), changes);
  if (settings.thinking) {
    const thinking = settings.thinking;
    await step('thinking', undefined, () => applyThinking(thinking, signal));
  }
  const { imageAspectRatio, imageSize } = settings;
  if (imageAspectRatio)
    await step('aspect-ratio', 'imageAspectRatioSelect', () =>
      selectImageSetting('imageAspectRatioSelect', imageAspectRatio, signal),
    );
  if (imageSize)
    await step('image-size', 'imageSizeSelect', () => selectImageSetting('imageSizeSelect', imageSize, signal));

  const wantsTools = (request.tools?.length ?? 0) > 0;
  const switches = [settings.googleSearch, settings.urlContext, settings.codeExecution];
  if (wantsTools || switches.some((on) => on !== undefined)) ensureToolsExpanded();
  // Function calling first: switching it on disables the search toggle on the page.
  await step('tools', 'functionCallingToggle', () => setFunctionDeclarations(request.tools, signal));
  const search = settings.googleSearch;
  if (search !== undefined) await step('search', 'searchToggle', () => setSwitch('searchToggle', search, signal));
  const url = settings.urlContext;
  if (url !== undefined)
    await step('url-context', 'urlContextToggle', () => setSwitch('urlContextToggle', url, signal));
  const code = settings.codeExecution;
  if (code !== undefined) await step('code-execution', 'codeExecutionToggle', () => setCodeExecution(code, signal));
  return prompt;
}
