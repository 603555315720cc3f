import {
  CHROME_ID_PATTERN,
  EXTENSION_ID,
  FIREFOX_EXTENSION_ID,
  GECKO_ID_PATTERN,
} from '../../protocol/extension-id.ts';

export { NATIVE_HOST_NAME } from '../../protocol/native.ts';

export const NATIVE_HOST_DESCRIPTION =
  'AI Studio Bridge: hands the pairing token to the extension and starts the local bridge';

/**
 * allowed_origins for the host manifest: the pinned id (manifest `key`) first, then any extra ids
 * of differently-keyed builds the user loaded. Chrome accepts no wildcards, so each id is listed.
 */
export function allowedOrigins(extraIds: readonly string[] = []): string[] {
  const ids = [EXTENSION_ID, ...splitIds(extraIds).chrome];
  return [...new Set(ids)].map((id) => `chrome-extension://${id}/`);
}

/** allowed_extensions for Firefox's host manifest: the gecko id of our build, then extra gecko ids. */
export function allowedExtensions(extraIds: readonly string[] = []): string[] {
  return [...new Set([FIREFOX_EXTENSION_ID, ...splitIds(extraIds).gecko])];
}

/** --extension-id values sorted into Chrome ids and Firefox (gecko) ids; anything else is an error. */
function splitIds(extraIds: readonly string[]): { chrome: string[]; gecko: string[] } {
  const chrome: string[] = [];
  const gecko: string[] = [];
  for (const raw of extraIds) {
    const id = raw.trim();
    if (CHROME_ID_PATTERN.test(id.toLowerCase())) chrome.push(id.toLowerCase());
    else if (GECKO_ID_PATTERN.test(id)) gecko.push(id);
    else
      throw new Error(
        `not a Chrome extension id (32 letters a-p) nor a Firefox add-on id (name@domain or {uuid}): "${id}"`,
      );
  }
  return { chrome, gecko };
}

/**
 * Host → browser messages above 1 MiB make Chrome close the port (kMaximumNativeMessageSize).
 * Browser → host may be larger, but our requests are a few bytes: anything over 1 MiB is refused
 * rather than buffered.
 */
export const MAX_HOST_TO_BROWSER_BYTES = 1024 * 1024;
export const MAX_BROWSER_TO_HOST_BYTES = 1024 * 1024;
