/**
 * Low-level DOM input that Angular (AI Studio's framework) accepts. Angular's value accessors
 * listen to `input` (and number inputs commit on `change`/`blur`), never to the `value` setter,
 * so we set the value through the native setter and dispatch the events a user would cause.
 */

type Field = HTMLInputElement | HTMLTextAreaElement;

function nativeValueSetter(el: Field): ((v: string) => void) | undefined {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  return Object.getOwnPropertyDescriptor(proto, 'value')?.set;
}

/** Set a field's value and fire input → change → blur (bubbling where the real ones bubble). */
export function setFieldValue(el: Field, value: string, { blur = true } = {}): void {
  el.focus?.();
  const setter = nativeValueSetter(el);
  if (setter) setter.call(el, value);
  else el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true, cancelable: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  if (blur) {
    el.dispatchEvent(new FocusEvent('blur'));
    el.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
  }
}

export function pressKey(el: HTMLElement, key: string): void {
  const init: KeyboardEventInit = { key, code: key, bubbles: true, cancelable: true };
  if (key === 'Enter') Object.assign(init, { keyCode: 13, which: 13 });
  el.dispatchEvent(new KeyboardEvent('keydown', init));
  el.dispatchEvent(new KeyboardEvent('keypress', init));
  el.dispatchEvent(new KeyboardEvent('keyup', init));
}

/** Escape on whatever has focus: closes menus, selects and CDK overlays. */
export function pressEscape(): void {
  pressKey(document.activeElement instanceof HTMLElement ? document.activeElement : document.body, 'Escape');
}

export function isEnabled(el: Element | null): boolean {
  if (!el) return false;
  if ((el as HTMLButtonElement).disabled) return false;
  if (el.getAttribute('aria-disabled') === 'true') return false;
  return !el.classList.contains('mdc-switch--disabled');
}

/** Toggle state of an AI Studio switch/button: aria-checked, then aria-pressed, then the active class. */
export function isChecked(el: Element): boolean {
  const checked = el.getAttribute('aria-checked') ?? el.getAttribute('aria-pressed');
  if (checked !== null) return checked === 'true';
  return el.classList.contains('ms-button-active') || el.classList.contains('mdc-switch--checked');
}

export function click(el: HTMLElement): void {
  el.click();
}

/** Parse a number shown by an input; NaN when empty or not a number. */
export const numberValue = (el: Field): number => (el.value.trim() === '' ? Number.NaN : Number(el.value));

/** Visible text of an element, whitespace-normalised. */
export const textOf = (el: Element | null): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
