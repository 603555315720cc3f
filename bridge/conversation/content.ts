import type { Attachment } from '../../protocol/job.ts';
import { BadRequestError } from '../errors.ts';
import type { MessageContent } from './messages.ts';

/** Collects files across the whole conversation so each gets a unique, stable name. */
export class AttachmentSink {
  readonly items: Attachment[] = [];

  add(mimeType: string, data: string, name?: string): string {
    const ext = mimeType.split('/')[1]?.split(/[+;]/)[0] ?? 'bin';
    const fileName = name ?? `attachment-${this.items.length + 1}.${ext}`;
    this.items.push({ name: fileName, mimeType, data });
    return fileName;
  }
}

const DATA_URL = /^data:([^;,]+)?(?:;[^,]*)?;base64,(.*)$/s;

/**
 * Content (string or parts) → the text typed into the page. Inline files (data: URLs, base64
 * file_data, input_audio) become attachments and leave a short marker in the text so the model
 * knows where they were; remote image URLs cannot be fetched by the page, so they are named in
 * the text instead.
 */
export function contentToText(content: MessageContent, files: AttachmentSink, where: string): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  const pieces: string[] = [];
  content.forEach((part, i) => {
    const at = `${where}[${i}]`;
    switch (part.type) {
      case 'text':
      case 'input_text':
        if (typeof part.text !== 'string')
          throw new BadRequestError(`Missing 'text' in a text content part`, `${at}.text`, 'invalid_value');
        pieces.push(part.text);
        return;
      case 'image_url': {
        const url = typeof part.image_url === 'string' ? part.image_url : part.image_url?.url;
        if (!url) throw new BadRequestError(`Missing 'image_url.url'`, `${at}.image_url`, 'invalid_value');
        const data = DATA_URL.exec(url);
        if (data) pieces.push(`[image: ${files.add(data[1] ?? 'image/png', data[2] ?? '')}]`);
        else pieces.push(`[image at ${url}]`);
        return;
      }
      case 'file': {
        const raw = part.file?.file_data;
        if (!raw) {
          pieces.push(
            `[file ${part.file?.filename ?? part.file?.file_id ?? ''} not included: only inline file_data is supported]`,
          );
          return;
        }
        const data = DATA_URL.exec(raw);
        const mime = data?.[1] ?? 'application/pdf';
        pieces.push(`[file: ${files.add(mime, data ? (data[2] ?? '') : raw, part.file?.filename)}]`);
        return;
      }
      case 'input_audio':
        if (part.input_audio)
          pieces.push(`[audio: ${files.add(`audio/${part.input_audio.format}`, part.input_audio.data)}]`);
        return;
      case 'refusal':
        if (part.refusal) pieces.push(part.refusal);
        return;
      default:
        // Unknown part types (new OpenAI features) are skipped rather than failing the request.
        if (typeof part.text === 'string') pieces.push(part.text);
    }
  });
  return pieces.join('\n');
}
