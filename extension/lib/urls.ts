/** The AI Studio and Google sign-in addresses the worker, the content script and the popup agree on. */
const AISTUDIO_ORIGIN = 'https://aistudio.google.com';
export const WORKER_TAB_URL = `${AISTUDIO_ORIGIN}/prompts/new_chat`;

export const isAiStudioUrl = (url: string | undefined): boolean =>
  !!url && (url === AISTUDIO_ORIGIN || url.startsWith(`${AISTUDIO_ORIGIN}/`));

/** Google's sign-in page: a signed-out AI Studio sends its tab there and back after sign-in (docs/aistudio-page.md). */
export const isGoogleSignInUrl = (url: string): boolean => url.startsWith('https://accounts.google.com/');
