/**
 * The extension's ID, fixed by the public `key` in manifest.json (first 32 hex digits of the
 * SHA-256 of the key, mapped 0-f → a-p). The bridge may pin its WebSocket Origin to it and the
 * native-messaging host manifest lists it in allowed_origins.
 */
export const EXTENSION_ID = 'kfpimojligboioadliockbjbjmdfjjcp';
