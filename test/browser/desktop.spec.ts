/**
 * The desktop app's console as its window would run it. The built renderer loads from a file URL,
 * and the built preload bundle provides `window.scimdesk`. The built main process runs under Node
 * with the stand-in electron module of test/desktop, and handles IPC calls and sends sync events.
 * Only Electron itself is replaced: its ipcRenderer and contextBridge are bridged to the main
 * process through the test.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

import { CONSOLE_URL, desktopBuilt, PRELOAD_BUNDLE, startDesktopHost, type DesktopHost } from '../desktop/host.ts';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './chromium.ts';
import { REPO_ROOT } from './fixtures.ts';

const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

test.use({
  launchOptions: {
    executablePath: CHROMIUM_EXECUTABLE,
    // Electron lets a file: page load its own module scripts. Chromium needs this switch for that.
    args: [...CHROMIUM_ARGS, '--allow-file-access-from-files'],
  },
});

/**
 * Stands in for Electron's preload environment: `require('electron')` gives a contextBridge that
 * sets a window property and an ipcRenderer whose calls go to the test. The preload bundle runs
 * after this, as it would before the page's own scripts.
 */
function electronPreloadEnvironment(): void {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const page = window as unknown as Record<string, unknown>;
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => {
        page[key] = api;
      },
    },
    ipcRenderer: {
      invoke: (channel: string, input: unknown) => (page.desktopInvoke as (channel: string, input: unknown) => Promise<unknown>)(channel, input),
      on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
        listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
      },
      off: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
        listeners.get(channel)?.delete(listener);
      },
    },
  };
  page.desktopDeliver = (channel: string, args: unknown[]) => {
    for (const listener of listeners.get(channel) ?? []) {
      listener({}, ...args);
    }
  };
  page.require = (name: string) => {
    if (name !== 'electron') {
      throw new Error(`The preload may not require ${name}.`);
    }
    return electron;
  };
}

let host: DesktopHost | undefined;

test.afterEach(() => {
  host?.dispose();
  host = undefined;
});

test('desktop console works over IPC with the main process', async ({ page }) => {
  test.skip(!desktopBuilt, 'The desktop app is not built (run npm run build).');
  const desktop = await startDesktopHost();
  host = desktop;
  // The frame's real URL goes with each call, so the main process's check of the caller applies.
  await page.exposeBinding('desktopInvoke', ({ frame }, channel: string, input: unknown) => desktop.invoke(channel, input, frame.url()));
  desktop.onWindowMessage((channel, args) => {
    void page.evaluate(([windowChannel, windowArgs]) => (window as unknown as { desktopDeliver: (c: string, a: unknown[]) => void }).desktopDeliver(windowChannel, windowArgs), [channel, args] as const);
  });
  await page.addInitScript(electronPreloadEnvironment);
  await page.addInitScript({ content: readFileSync(PRELOAD_BUNDLE, 'utf8') });

  await page.goto(CONSOLE_URL);
  // The sidebar's host line and base URL come from getSetupInfo, the first call over IPC.
  await expect(page.getByText('Engine 0.0.0-test, desktop app')).toBeVisible();
  await expect(page.getByRole('complementary').getByText(desktop.scimBaseUrl)).toBeVisible();

  let token = '';
  await test.step('set up a connection in the wizard', async () => {
    await page.getByTestId('nav-setup').click();
    await page.getByTestId('provider-entra').click();
    await page.getByTestId('wizard-connection-name').fill('Entra desktop');
    await page.getByTestId('wizard-start').click();
    await expect(page.getByTestId('wizard-base-url')).toHaveText(desktop.scimBaseUrl);
    await page.getByTestId('wizard-continue').click();
    await page.getByTestId('create-token').click();
    token = (await page.getByTestId('wizard-token').textContent()) ?? '';
    expect(token).toMatch(/^scd_/);
  });

  await test.step('see a pushed user arrive in Live events without a reload', async () => {
    await page.getByTestId('nav-events').click();
    await expect(page.getByRole('heading', { name: 'Live events' })).toBeVisible();
    const created = await fetch(`${desktop.scimBaseUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'mei.chen@example.com', displayName: '陈美' }),
    });
    expect(created.status).toBe(201);
    await expect(page.getByTestId('event-row').filter({ hasText: 'Created user mei.chen@example.com' })).toHaveCount(1);
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'desktop-01-events.png'), fullPage: true });
  });

  await test.step('see the connection on the Connections screen', async () => {
    await page.getByTestId('nav-connections').click();
    await expect(page.getByTestId('connection-row').filter({ hasText: 'Entra desktop' })).toHaveCount(1);
  });

  await test.step('get the error code of a rejected call across the bridge', async () => {
    const code = await page.evaluate(async () => {
      const result = await window.scimdesk!.queryEvents({ filter: { since: 'last-tuesday' } });
      return result.ok ? 'ok' : result.error.code;
    });
    expect(code).toBe('invalid');

    await page.goto(`${CONSOLE_URL}#events?since=last-tuesday`);
    const problem = page.getByTestId('problem');
    await expect(problem).toContainText('Loading the sync events failed. Invalid input: filter.since');
    await expect(problem.locator('.notice-next-step')).toHaveText('Correct the filter value that the message names, or clear the filters.');
  });
});
