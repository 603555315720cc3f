/**
 * The popup's words come from `_locales/<lang>/messages.json` through the browser's i18n API, so the popup
 * speaks the browser's language (English when there is no translation). View code takes a
 * `Translate` so unit tests can render with the real message files and no browser.
 */
type MessageKey = keyof typeof import('../_locales/en/messages.json');
export type Translate = (key: MessageKey, ...substitutions: Array<string | number>) => string;

export type MessageFile = Record<string, { message: string }>;

/** The i18n API's substitution rules: `$1`…`$9` are the arguments, `$$` is a dollar sign. */
export function translatorFrom(messages: MessageFile): Translate {
  return (key, ...subs) =>
    (messages[key]?.message ?? key).replace(/\$(\$|[1-9])/g, (_m, n: string) =>
      n === '$' ? '$' : String(subs[Number(n) - 1] ?? ''),
    );
}

/** The browser's own lookup (ext.i18n, synchronous in both browsers); the key itself when missing. */
export function browserTranslate(i18n: Pick<typeof chrome.i18n, 'getMessage'>): Translate {
  return (key, ...subs) => i18n.getMessage(key, subs.map(String)) || key;
}

/**
 * Fills the static HTML: `data-i18n` sets the text, `data-i18n-<attribute>` sets that attribute
 * (placeholder, title, aria-label).
 */
export function translateDocument(root: ParentNode, t: Translate): void {
  for (const node of root.querySelectorAll<HTMLElement>('*')) {
    for (const [name, key] of Object.entries(node.dataset)) {
      if (!key || !name.startsWith('i18n')) continue;
      const text = t(key as MessageKey);
      if (name === 'i18n') node.textContent = text;
      else
        node.setAttribute(
          name
            .slice(4)
            .replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
            .replace(/^-/, ''),
          text,
        );
    }
  }
}
