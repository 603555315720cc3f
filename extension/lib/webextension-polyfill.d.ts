// webextension-polyfill ships no types; its default export is the `browser` namespace, which has
// the shape of the promise-returning `chrome` API for everything the extension calls.
declare module 'webextension-polyfill' {
  const browser: typeof chrome;
  export default browser;
}
