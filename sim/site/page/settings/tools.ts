// Tools: function calling (with the "Function declarations" dialog), Grounding with Google
// Search (disabled while function calling is on) and URL context
// (docs/aistudio-page.md#run-settings, #function-calling).

import { h, report } from '../dom.ts';
import { openDialog } from '../dialogs.ts';
import type { OverlayManager } from '../overlay.ts';
import { slideToggle, type SlideToggle } from '../toggle.ts';
import type { SimModel } from '../../wire/models.ts';
import type { FunctionDeclaration } from '../../wire/request.ts';
import type { RunSettingsState } from './state.ts';
import { structuredOutputRow } from './structured-output.ts';

function parseDeclarations(text: string): FunctionDeclaration[] {
  const v: unknown = JSON.parse(text.trim() || '[]');
  if (!Array.isArray(v)) throw new Error('Function declarations must be a JSON array.');
  return v.map((d: unknown, i) => {
    const o = d as { name?: unknown; description?: unknown; parameters?: unknown };
    if (!o || typeof o !== 'object' || typeof o.name !== 'string' || !o.name)
      throw new Error(`Declaration ${i + 1} needs a "name".`);
    const decl: FunctionDeclaration = { name: o.name };
    if (typeof o.description === 'string') decl.description = o.description;
    if (o.parameters !== undefined) decl.parameters = o.parameters as FunctionDeclaration['parameters'];
    return decl;
  });
}

function openDeclarationsDialog(overlays: OverlayManager, s: RunSettingsState): void {
  // Like the Angular form: the model follows `input` events, not a silently set value.
  let text = JSON.stringify(s.declarations, null, 2);
  const textarea = h('textarea', {
    class: 'code-editor',
    placeholder: 'Tab to indent, Shift+Tab to outdent',
    spellcheck: 'false',
    rows: '14',
  });
  textarea.value = text;
  textarea.addEventListener('input', () => {
    text = textarea.value;
  });
  const error = h('div', { class: 'declarations-error', role: 'alert' });
  const tab = (label: string, selected: boolean): HTMLElement =>
    h(
      'button',
      {
        role: 'tab',
        type: 'button',
        class: `mdc-tab${selected ? ' mdc-tab--active' : ''}`,
        'aria-selected': String(selected),
      },
      label,
    );
  const tabs = h(
    'ms-tab-group',
    {},
    h('div', { role: 'tablist', class: 'mat-mdc-tab-header' }, tab('Code Editor', true), tab('Visual Editor', false)),
  );
  openDialog(overlays, {
    title: 'Function declarations',
    className: 'function-declarations-dialog',
    body: [tabs, h('ms-text-editor', {}, textarea), error],
    actions: [
      {
        label: 'Reset',
        attrs: { 'aria-label': 'Reset the function declarations' },
        onClick: () => {
          text = '[]';
          textarea.value = '[]';
          return false;
        },
      },
      {
        label: 'Cancel',
        attrs: { 'aria-label': 'Close', class: 'mdc-button mat-mdc-button ms-button-borderless close-button' },
      },
      {
        label: 'Save',
        primary: true,
        attrs: { 'aria-label': 'Save the current function declarations' },
        onClick: () => {
          try {
            s.declarations = parseDeclarations(text);
          } catch (e) {
            error.textContent = e instanceof Error ? e.message : String(e);
            return false;
          }
          report('declarations-saved', String(s.declarations.length));
          return true;
        },
      },
    ],
  });
}

function toolRow(testId: string, label: string, ...controls: HTMLElement[]): HTMLElement {
  return h(
    'div',
    { class: 'tool-row', 'data-test-id': testId },
    h('span', { class: 'tool-label' }, label),
    ...controls,
  );
}

export function toolsSection(m: SimModel, s: RunSettingsState, overlays: OverlayManager): HTMLElement {
  const box = h('div', { class: 'tools-settings' });
  let search: SlideToggle | null = null;
  if (m.functionCalling) {
    const edit = h(
      'button',
      {
        class: 'edit-function-declarations-button ms-button-borderless',
        type: 'button',
        'aria-label': 'Edit function declarations',
      },
      'Edit',
    );
    const fc = slideToggle({
      label: '',
      className: 'function-calling-toggle',
      checked: s.functionCalling,
      onChange: (on) => {
        s.functionCalling = on;
        edit.disabled = !on;
        if (on && search) {
          s.googleSearch = false;
          search.setChecked(false);
        }
        search?.setDisabled(on);
      },
    });
    edit.disabled = !s.functionCalling;
    edit.addEventListener('click', () => openDeclarationsDialog(overlays, s));
    box.append(toolRow('functionCallingTooltip', 'Function calling', edit, fc.root));
  }
  if (m.googleSearch) {
    search = slideToggle({
      label: '',
      checked: s.googleSearch,
      onChange: (on) => {
        s.googleSearch = on;
      },
    });
    search.setDisabled(s.functionCalling);
    box.append(toolRow('searchAsAToolTooltip', 'Grounding with Google Search', search.root));
  }
  if (m.urlContext) {
    const url = slideToggle({
      label: '',
      ariaLabel: 'Browse the url context',
      checked: s.urlContext,
      onChange: (on) => {
        s.urlContext = on;
      },
    });
    box.append(toolRow('browseAsAToolTooltip', 'URL context', url.root));
  }
  if (m.codeExecution) {
    const code = slideToggle({
      label: '',
      ariaLabel: 'Code execution',
      checked: s.codeExecution,
      onChange: (on) => {
        s.codeExecution = on;
      },
    });
    box.append(toolRow('codeExecutionTooltip', 'Code execution', code.root));
  }
  if (m.structuredOutput) box.append(structuredOutputRow(s, overlays));
  return box;
}
