/**
 * AI Studio names a model `models/<id>` on the wire and in its saved preferences, and shows or
 * reports the bare `<id>` elsewhere. Everything in this protocol (JobRequest.model, TabInfo.model,
 * ModelInfo.id) carries the bare id; these two functions convert at the edges.
 */
const PREFIX = 'models/';

/** `models/gemini-2.5-pro` → `gemini-2.5-pro`; a bare id is returned as it is. */
export const bareModelId = (name: string): string => (name.startsWith(PREFIX) ? name.slice(PREFIX.length) : name);

/** `gemini-2.5-pro` → `models/gemini-2.5-pro`, the form AI Studio stores and sends. */
export const modelPath = (id: string): string => `${PREFIX}${bareModelId(id)}`;
