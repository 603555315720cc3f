/**
 * A conservative CSS selector check for `selectors.json`, written here rather than taken from a
 * parser: Node has no `querySelector`, and the parsers in node_modules are other packages'
 * dependencies, not ours. It catches what people actually get wrong when they copy a selector —
 * unbalanced brackets, parentheses or quotes, a trailing or doubled combinator or comma,
 * declarations (`{`, `}`, `;`), Playwright-only syntax (`:has-text()`, `text=`, `>>`, `xpath=`) —
 * and leaves finer points to the browser, whose `querySelectorAll` failure on one override the
 * content script tolerates (the built-in fallbacks still run). Returns the problem, or null.
 */
const PLAYWRIGHT_ONLY: readonly [RegExp, string][] = [
  [/:has-text\(|:text\(|:text-is\(|:text-matches\(|:visible\b|:nth-match\(/, 'Playwright-only pseudo-class (not CSS)'],
  [/>>/, 'Playwright chaining ">>" (not CSS)'],
  [/^(text|xpath|css|id|data-testid|role)=/, 'a Playwright selector engine prefix (not CSS)'],
  [/^\/\/|^\.\.\//, 'XPath (not CSS)'],
];

export function cssProblem(selector: string): string | null {
  const s = selector.trim();
  if (!s) return 'empty selector';
  for (const [pattern, why] of PLAYWRIGHT_ONLY) if (pattern.test(s)) return why;
  const stack: string[] = [];
  const closing: Record<string, string> = { ']': '[', ')': '(' };
  let quote: string | null = null;
  let last = ''; // last significant character outside quotes, for combinator checks
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '\\') {
      i++;
      last = 'x';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '}' || c === ';') return `"${c}" does not belong in a selector`;
    else if (c === '[' || c === '(') stack.push(c);
    else if (c === ']' || c === ')') {
      if (stack.pop() !== closing[c]) return `unbalanced "${c}"`;
    } else if (stack.length === 0 && ',>+~'.includes(c)) {
      if (last === '' || ',>+~'.includes(last)) return `"${c}" without a selector before it`;
    }
    if (c.trim()) last = c;
  }
  if (quote) return `unclosed ${quote} quote`;
  if (stack.length > 0) return `unclosed "${stack[stack.length - 1]}"`;
  if (',>+~'.includes(last)) return `ends with "${last}"`;
  if (/^[^a-zA-Z*.#[:_\\-]/.test(s)) return `cannot start with "${s[0]}"`;
  return null;
}
