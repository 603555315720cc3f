import type { Base64Data } from './base64-data.ts';
import type { ImageOut } from './extras.ts';

/**
 * `data:<mime>;base64,…`: how every OpenAI-shaped surface hands a generated image to the client;
 * the same held bytes behind a prefix, serialised as a string (run/json-pieces.ts).
 */
export const dataUrl = (img: ImageOut): Base64Data => img.data.withPrefix(`data:${img.mimeType};base64,`);

/** The chat-completions convention several clients read (message.images[] / delta.images[]). */
export const imageUrlPart = (img: ImageOut): { type: 'image_url'; image_url: { url: Base64Data } } => ({
  type: 'image_url',
  image_url: { url: dataUrl(img) },
});
