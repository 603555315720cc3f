import type { Attachment } from '../../../protocol/job.ts';
import { unlessAborted } from '../../lib/abort.ts';
import { waitFor } from '../../lib/dom-wait.ts';
import { click, pressEscape } from '../dom.ts';
import { JobError } from '../errors.ts';
import { find, findAll } from '../find.ts';
import { dismissOverlays } from './dismiss-overlays.ts';

/**
 * Attach files the way a person does (docs/aistudio-page.md#attachments, 2026-04): "Insert assets" → "Upload a file",
 * whose menu item holds a hidden `input[type=file]`. Instead of a file chooser we hand the input
 * a DataTransfer's FileList and fire `change`, which is what the page listens to. A copyright
 * acknowledgement dialog may follow; dismissOverlays accepts it.
 */
export async function attachFiles(attachments: Attachment[] | undefined, signal: AbortSignal): Promise<string[]> {
  if (!attachments || attachments.length === 0) return [];
  const trigger = find('uploadButton');
  if (!trigger) throw new JobError('page_not_ready', 'AI Studio page element "uploadButton" not found');
  click(trigger);
  const item = await waitFor(() => find('uploadMenuItem'), {
    signal,
    timeoutMs: 3_000,
    what: 'the "Upload a file" menu item',
  }).catch((err: unknown) => {
    if (signal.aborted) throw err;
    throw new JobError('page_not_ready', 'AI Studio page element "uploadMenuItem" not found');
  });
  // Prefer the input inside the menu item; otherwise the page's last file input.
  const input = find('fileInput', item) ?? findAll('fileInput').at(-1) ?? null;
  if (!(input instanceof HTMLInputElement))
    throw new JobError('page_not_ready', 'AI Studio page element "fileInput" not found');

  const before = findAll('attachmentChip').length;
  const transfer = new DataTransfer();
  for (const a of attachments) transfer.items.add(new File([decodeBase64(a.data)], a.name, { type: a.mimeType }));
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  // Close the menu if the page left it open, then accept a copyright/consent dialog if one shows.
  if (find('uploadMenuItem')) pressEscape();
  // The page reads the files asynchronously, then shows them or first asks for consent. A missing
  // confirmation is not fatal (the chip selector is a guess).
  const attached = (): boolean => findAll('attachmentChip').length >= before + attachments.length;
  await waitFor(() => attached() || find('consentButton'), {
    signal,
    timeoutMs: 3_000,
    what: 'the files to attach',
  }).catch(unlessAborted(signal, null));
  const dismissed = await dismissOverlays(signal);
  await waitFor(attached, { signal, timeoutMs: 3_000, what: 'the attachment chips' }).catch(
    unlessAborted(signal, null),
  );
  return [...attachments.map((a) => a.name), ...dismissed, attached() ? 'attached' : 'unconfirmed'];
}

function decodeBase64(data: string): Uint8Array<ArrayBuffer> {
  const binary = atob(data);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
