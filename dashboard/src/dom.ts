type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** One element: `on*` attributes are listeners, `false`/`null` attributes are left out. No innerHTML anywhere. */
export function h(tag: string, attrs: Attrs = {}, ...children: Array<Child | Child[]>): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el: HTMLElement, children: Array<Child | Child[]>): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

/** Text with `backticked` parts as <code>. */
export function withCode(text: string): Node[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? h('code', {}, part) : document.createTextNode(part)));
}

/** A table with a caption (screen readers announce it) and header cells with scope. */
export function table(caption: string, head: string[], rows: Child[][], className = ''): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: 0 },
    h(
      'table',
      { class: className },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
    ),
  );
}

export function section(titleId: string, title: string, ...children: Array<Child | Child[]>): HTMLElement {
  return h('section', { class: 'card', 'aria-labelledby': titleId }, h('h2', { id: titleId }, title), ...children);
}

export function dl(pairs: Array<[string, Child]>): HTMLElement {
  return h('dl', { class: 'facts' }, ...pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}
