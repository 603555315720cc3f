import { BadRequestError } from '../../errors.ts';

export interface FormPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

/** At most this many parts: a form is a handful of fields and a few images. */
const MAX_PARTS = 64;

/** Parses a `multipart/form-data` body (RFC 7578) already read whole (and size-bounded) by the server. */
export function parseMultipart(body: Buffer, contentType: string | undefined): FormPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!/^multipart\/form-data/i.test(contentType ?? '') || !boundary)
    throw new BadRequestError(
      'Send the image edit as multipart/form-data (fields image, prompt, …), as the OpenAI SDK does.',
      null,
      'invalid_body',
    );
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0 && parts.length < MAX_PARTS) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const head = part.subarray(0, split).toString('utf8');
      const disposition = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
      if (name !== undefined)
        parts.push({
          name,
          filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null,
          contentType: /content-type:\s*([^\r\n;]+)/i.exec(head)?.[1]?.trim() ?? null,
          data: part.subarray(split + 4),
        });
    }
    at = next;
  }
  return parts;
}
