// The "renamed run button" variant: as if Google renamed the Run button's custom element
// (`ms-run-button` → `ms-send-button`) and its aria-label ("Run" → "Send"). Every structural and
// label handle for it then misses, which a `selectors.json` override must be able to fix. Applied
// to the finished page so the prompt box itself stays the one real layout.

const RENAMED_TAG = 'ms-send-button';
const RENAMED_LABEL = 'Send';

export function renameRunButton(root: ParentNode): void {
  const host = root.querySelector('ms-run-button');
  const button = host?.querySelector('button');
  if (!host || !button) return;
  const renamed = document.createElement(RENAMED_TAG);
  renamed.append(...Array.from(host.childNodes));
  host.replaceWith(renamed);
  button.classList.remove('run-button');
  const relabel = (): void => {
    if (button.getAttribute('aria-label') === 'Run') button.setAttribute('aria-label', RENAMED_LABEL);
  };
  relabel();
  // The prompt box sets "Run" again whenever it redraws the button.
  new MutationObserver(relabel).observe(button, { attributes: true, attributeFilter: ['aria-label'] });
}
