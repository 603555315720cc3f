import type { ImageOut } from './extras.ts';

/** `data:<mime>;base64,…`: how every OpenAI-shaped surface hands a generated image to the client. */
export const dataUrl = (img: ImageOut): string => `data:${img.mimeType};base64,${img.data}`;

/** The chat-completions convention several clients read (message.images[] / delta.images[]). */
export const imageUrlPart = (img: ImageOut): { type: 'image_url'; image_url: { url: string } } => ({
  type: 'image_url',
  image_url: { url: dataUrl(img) },
});
