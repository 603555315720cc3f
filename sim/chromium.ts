// How every test (and the demo) starts Chromium here: Debian's /usr/bin/chromium unless
// CHROMIUM_PATH says otherwise (`npx playwright install` cannot download browsers on these
// machines), with the flags that keep it off the closed network.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Flags that load one unpacked extension and nothing else. */
export const extensionFlags = (dir: string): string[] => [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`];
