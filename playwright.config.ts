import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './test/browser/chromium.ts';

/**
 * End-to-end tests of the console. The browser project drives the console that
 * `scimdesk serve` hosts, with Debian's Chromium, and each test starts its own
 * server (see test/browser/fixtures.ts), so there is no webServer block. The
 * electron project launches the built desktop app and skips itself when the
 * Electron binary is not installed.
 *
 * Both need the build in out/ (`npx electron-vite build`). The timeouts are
 * estimates with headroom for a 2-core machine, where a full run takes about 10 s.
 */
export default defineConfig({
  outputDir: 'test-results/output',
  reporter: 'list',
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  globalTimeout: 5 * 60_000,
  expect: { timeout: 10_000 },
  use: {
    headless: true,
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'browser',
      testDir: 'test/browser',
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 860 },
        launchOptions: { executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS },
      },
    },
    {
      name: 'electron',
      testDir: 'test/electron',
    },
  ],
});
