/**
 * Launch options of Debian's Chromium, shared by the Playwright config and the tests that add
 * a switch of their own. The project's machines cannot download Playwright's browser builds.
 */
export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
];
