/**
 * The extension's ID, fixed by the public `key` in manifest.json (first 32 hex digits of the
 * SHA-256 of the key, mapped 0-f → a-p). The bridge may pin its WebSocket Origin to it and the
 * native-messaging host manifest lists it in allowed_origins.
 */
export const EXTENSION_ID = 'kfpimojligboioadliockbjbjmdfjjcp';

/**
 * The Firefox build's add-on id (manifest `browser_specific_settings.gecko.id`). Firefox's
 * extension Origin is `moz-extension://<uuid>` with a uuid random per install, so the bridge pins
 * this id (announced in `hello`) instead, and the native host manifest lists it in
 * allowed_extensions.
 */
export const FIREFOX_EXTENSION_ID = 'aistudio-bridge@aistudio-bridge.dev';

/** A Chrome extension id: 32 letters a-p. */
export const CHROME_ID_PATTERN = /^[a-p]{32}$/;
/** A gecko id: an email-like `name@domain` or a `{uuid}` (Firefox's two accepted forms). */
export const GECKO_ID_PATTERN =
  /^(?:[\w.+-]+@[\w.-]+|\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\})$/i;
