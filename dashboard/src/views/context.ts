import type { Lang, Translate } from '../i18n.ts';

/** What every view gets besides the state. */
export interface ViewContext {
  t: Translate;
  lang: Lang;
  /** the OpenAI base URL of this bridge, e.g. http://127.0.0.1:2048/v1 */
  baseUrl: string;
}
