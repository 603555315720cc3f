import type { JobRequest } from '../../protocol/job.ts';
import { setFunctionDeclarations } from './actions/function-declarations.ts';
import { applyRunSettings } from './actions/run-settings.ts';
import { ensureRunSettingsOpen } from './actions/run-settings-panel.ts';
import { setStopSequences } from './actions/stop-sequences.ts';
import { ensureToolsExpanded, setSwitch } from './actions/switches.ts';
import { setSystemInstructions } from './actions/system-instructions.ts';
import { applyThinking } from './actions/thinking.ts';
import { selectImageSetting } from './actions/image-settings.ts';

/**
 * Everything a job sets before the prompt: system instructions, sampling settings, stop
 * sequences, thinking, tools. Each step only touches controls whose state differs. Returns the
 * prompt to type (with the system instruction folded in when the page has no editor for it).
 */
export async function configureRun(
  request: JobRequest,
  signal: AbortSignal,
  log: (step: string, detail?: unknown) => void,
): Promise<string> {
  let prompt = request.prompt;
  // Idempotent; the 2026 system-instructions card is in the panel too.
  log('panel', await ensureRunSettingsOpen(signal));
  const system = await setSystemInstructions(request.systemInstruction, signal);
  if (system === 'unavailable' && request.systemInstruction) {
    // No editor on this page: fold it into the prompt (docs/aistudio-page.md#system-instructions).
    prompt = `System Instructions:\n${request.systemInstruction}\n---\n${prompt}`;
  }
  log('system', system);

  const { settings } = request;
  log('settings', applyRunSettings(settings, signal));
  if (settings.stopSequences) log('stop', await setStopSequences(settings.stopSequences, signal));
  if (settings.thinking) log('thinking', await applyThinking(settings.thinking, signal));
  if (settings.imageAspectRatio)
    log('aspect-ratio', await selectImageSetting('imageAspectRatioSelect', settings.imageAspectRatio, signal));
  if (settings.imageSize) log('image-size', await selectImageSetting('imageSizeSelect', settings.imageSize, signal));

  const wantsTools = (request.tools?.length ?? 0) > 0;
  if (wantsTools || settings.googleSearch !== undefined || settings.urlContext !== undefined) ensureToolsExpanded();
  // Function calling first: switching it on disables the search toggle on the page.
  log('tools', await setFunctionDeclarations(request.tools, signal));
  if (settings.googleSearch !== undefined)
    log('search', await setSwitch('searchToggle', settings.googleSearch, signal));
  if (settings.urlContext !== undefined)
    log('url-context', await setSwitch('urlContextToggle', settings.urlContext, signal));
  return prompt;
}
