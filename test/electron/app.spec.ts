import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const ELECTRON_PACKAGE_DIR = join(REPO_ROOT, 'node_modules', 'electron');
const MAIN_BUNDLE = join(REPO_ROOT, 'out', 'main', 'index.js');

type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/**
 * Finds the Electron binary the way the electron package's index.js does, from
 * path.txt and ELECTRON_OVERRIDE_DIST_PATH. It does not call require('electron'),
 * because electron 45.6.1's index.js downloads the binary when it is missing.
 */
function findElectronBinary(): ElectronBinary {
  const pathFile = join(ELECTRON_PACKAGE_DIR, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      found: false,
      reason: `the Electron binary is not installed (${pathFile} is missing: Electron 45 downloads it at its first start, or with npx install-electron)`,
    };
  }
  const relativePath = readFileSync(pathFile, 'utf8').trim();
  const overrideDir = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = overrideDir ? join(overrideDir, relativePath) : join(ELECTRON_PACKAGE_DIR, 'dist', relativePath);
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    return { found: false, reason: `the Electron binary ${binary} is missing or not executable` };
  }
  return { found: true, path: binary };
}

test('desktop app serves console over IPC', async () => {
  const binary = findElectronBinary();
  if (!binary.found) {
    const reason = `Skipped the Electron test: ${binary.reason}. Where downloads are allowed, install it with \`node node_modules/electron/install.js\`.`;
    console.log(reason);
    test.skip(true, reason);
    return;
  }
  expect(existsSync(MAIN_BUNDLE), `${MAIN_BUNDLE} is missing: run \`npx electron-vite build\``).toBe(true);

  const dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-electron-'));
  // NOTE: the lines below have not run against a real Electron binary. better-sqlite3 13.2
  // loads a prebuilt Node-API addon, which should load in Electron without a rebuild for
  // Electron's ABI. A better-sqlite3 compiled against V8 directly would need that rebuild.
  const app = await electron.launch({
    executablePath: binary.path,
    args: [MAIN_BUNDLE],
    cwd: REPO_ROOT,
    env: { ...process.env, SCIMDESK_DATA: dataDir, SCIMDESK_LOG_LEVEL: 'warn' },
  });
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle('ScimDesk');

    const baseUrl = page.getByTestId('scim-base-url');
    await expect(baseUrl).toHaveText(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    await expect(page.getByTestId('server-info')).toContainText('desktop app');

    const globals = await page.evaluate(() => ({
      scimdesk: typeof window.scimdesk,
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(globals.scimdesk, 'the preload exposes window.scimdesk').toBe('object');
    expect(globals.require, 'the renderer has no Node require').toBe('undefined');
    expect(globals.process, 'the renderer has no Node process').toBe('undefined');

    await page.getByTestId('nav-mappings').click();
    const form = page.getByRole('form', { name: 'Create workspace' });
    await form.getByLabel('Workspace name').fill('Data Science');
    await form.getByRole('button', { name: 'Create workspace' }).click();
    await expect(page.locator('[data-testid="workspace-item"][data-workspace-name="Data Science"]')).toBeVisible();
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
