// Tools › Structured output: a switch and an Edit button that opens the schema editor (a JSON
// code editor like the function declarations dialog). Save refuses a schema with a keyword the
// page does not take, naming it (wire/schema.ts). Handles are our choice (sim/README.md).

import { h, report } from '../dom.ts';
import { openDialog } from '../dialogs.ts';
import type { OverlayManager } from '../overlay.ts';
import { slideToggle } from '../toggle.ts';
import { checkSchema } from '../../wire/schema.ts';
import type { JsonValue } from '../../wire/typed-args.ts';
import type { RunSettingsState } from './state.ts';

function openSchemaDialog(overlays: OverlayManager, s: RunSettingsState): void {
  // The editor's model follows `input` events, as Angular forms do.
  let text = s.schema ? JSON.stringify(s.schema, null, 2) : '';
  const textarea = h('textarea', { class: 'code-editor', spellcheck: 'false', rows: '14', 'aria-label': 'Schema' });
  textarea.value = text;
  textarea.addEventListener('input', () => {
    text = textarea.value;
  });
  const error = h('div', { class: 'schema-error', role: 'alert' });
  openDialog(overlays, {
    title: 'Structured output',
    className: 'structured-output-dialog',
    body: [h('ms-text-editor', {}, textarea), error],
    actions: [
      {
        label: 'Reset',
        attrs: { 'aria-label': 'Reset the schema' },
        onClick: () => {
          text = '';
          textarea.value = '';
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
        attrs: { 'aria-label': 'Save the schema' },
        onClick: () => {
          try {
            const v: unknown = text.trim() ? JSON.parse(text) : null;
            if (v !== null) checkSchema(v);
            s.schema = v as { [key: string]: JsonValue } | null;
          } catch (e) {
            error.textContent = e instanceof Error ? e.message : String(e);
            return false;
          }
          report('schema-saved', s.schema ? Object.keys(s.schema).join(',') : '');
          return true;
        },
      },
    ],
  });
}

export function structuredOutputRow(s: RunSettingsState, overlays: OverlayManager): HTMLElement {
  const edit = h(
    'button',
    { class: 'edit-schema-button ms-button-borderless', type: 'button', 'aria-label': 'Edit structured output schema' },
    'Edit',
  );
  const toggle = slideToggle({
    label: '',
    className: 'structured-output-toggle',
    checked: s.structuredOutput,
    onChange: (on) => {
      s.structuredOutput = on;
      edit.disabled = !on;
    },
  });
  edit.disabled = !s.structuredOutput;
  edit.addEventListener('click', () => openSchemaDialog(overlays, s));
  return h(
    'div',
    { class: 'tool-row', 'data-test-id': 'structuredOutputTooltip' },
    h('span', { class: 'tool-label' }, 'Structured output'),
    edit,
    toggle.root,
  );
}
