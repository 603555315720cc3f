import type { RunSettings } from '../../protocol/job.ts';
import { BadRequestError } from '../errors.ts';
import type { ModelRegistry } from '../models/registry.ts';

/** The page's tool switches a request can turn on: Google Search, URL context, Code execution. */
export type SwitchName = 'googleSearch' | 'urlContext' | 'codeExecution';

/** For each switch the request turned on, the request field that asked (named in a 400). */
export type SwitchAsks = Partial<Record<SwitchName, string>>;

const NAMES: readonly SwitchName[] = ['googleSearch', 'urlContext', 'codeExecution'];

/** The ListModels capability (protocol/model-capabilities.ts) behind each switch, and how a person would name it. */
const NEEDS: Record<SwitchName, { capability: string; label: string }> = {
  googleSearch: { capability: 'google_search', label: 'Grounding with Google Search' },
  urlContext: { capability: 'url_context', label: 'URL context' },
  codeExecution: { capability: 'code_execution', label: 'Code execution' },
};

/**
 * Every switch, on when the request asked for it and off otherwise: the page keeps a switch's
 * state from one run to the next (and into a kept chat), so a request that does not ask must turn
 * it off again, or it would inherit the previous request's Search or Code execution.
 */
export function switchSettings(asks: SwitchAsks): Pick<RunSettings, SwitchName> {
  return Object.fromEntries(NAMES.map((n) => [n, asks[n] !== undefined])) as Pick<RunSettings, SwitchName>;
}

/**
 * A switch the model's page does not have is a 400 naming the field that asked, as the images
 * surface refuses settings a model lacks: never a silently ungrounded answer. Only a model the
 * page described (ListModels capabilities) is checked; before that the page has the last word.
 */
export function checkSwitches(models: ModelRegistry, model: string | null, asks: SwitchAsks): void {
  if (model === null) return;
  const caps = models.get(model)?.capabilities;
  if (!caps) return;
  for (const name of NAMES) {
    const field = asks[name];
    const { capability, label } = NEEDS[name];
    if (field === undefined || caps.includes(capability)) continue;
    const offering = models
      .list()
      .filter((m) => m.capabilities?.includes(capability))
      .map((m) => m.id);
    throw new BadRequestError(
      `'${field}': the model '${model}' has no ${label} on the AI Studio page (models that have it: ${offering.join(', ') || 'none listed'}).`,
      field,
      'unsupported_value',
    );
  }
}
