/**
 * The desktop app's built main process, run under Node with a stand-in for the electron
 * module (electron-stand-in/electron.mjs), because the Electron binary is not always available.
 * It checks what the window cannot show here: that the bundle starts the engine, the SCIM
 * listener and the console handlers, serves SCIM, exports a PDF report, and closes its
 * store when the app quits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { DEFAULT_LISTENER_SETTINGS, writeListenerSettings } from '../../src/main/engine/tls/listener-settings.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import type { ConsoleMethod } from '../../src/shared/api.ts';
import { apiChannel, type IpcResult } from '../../src/shared/ipc.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const MAIN_BUNDLE = join(REPO_ROOT, 'out', 'main', 'index.js');
const REGISTER_HOOKS = join(import.meta.dirname, 'electron-stand-in', 'register.mjs');
const CONSOLE_URL = `file://${join(REPO_ROOT, 'out', 'renderer', 'index.html')}`;
const STARTUP_TIMEOUT_MS = 20_000;

const built = existsSync(MAIN_BUNDLE);
if (!built) {
  console.log(`The desktop app is not built (run npm run build), so its main process test is skipped: ${MAIN_BUNDLE} is missing.`);
}

let host: ChildProcess | undefined;
let dataDir: string | undefined;

afterEach(() => {
  host?.kill();
  host = undefined;
  if (dataDir !== undefined) {
    rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  }
});

/** Starts the main bundle on a new data directory whose stored listener takes a free loopback port. */
async function startDesktopHost(): Promise<{ process: ChildProcess; scimBaseUrl: string }> {
  dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-desktop-'));
  const setup = Engine.open(dataDir);
  writeListenerSettings(setup.db, { ...DEFAULT_LISTENER_SETTINGS, port: 0 });
  setup.close();

  const child = spawn(process.execPath, ['--import', REGISTER_HOOKS, MAIN_BUNDLE], {
    env: { ...process.env, SCIMDESK_DATA: dataDir, SCIMDESK_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  host = child;
  const scimBaseUrl = await new Promise<string>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`The desktop host did not start within ${STARTUP_TIMEOUT_MS} ms. Its log:\n${log}`)), STARTUP_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      const started = log.split('\n').find((line) => line.includes('desktop app started'));
      if (started !== undefined) {
        clearTimeout(timer);
        resolve((JSON.parse(started) as { scimBaseUrl: string }).scimBaseUrl);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The desktop host exited with code ${code} before it started. Its log:\n${log}`));
    });
  });
  return { process: child, scimBaseUrl };
}

let nextCallId = 1;

/** Calls a console method through the stand-in's IPC handlers, as the console window (or the page at `frameUrl`) would. */
function callConsole(child: ChildProcess, method: ConsoleMethod, input: unknown, frameUrl = CONSOLE_URL): Promise<unknown> {
  const id = nextCallId++;
  return new Promise((resolve, reject) => {
    const onMessage = (message: { id: number; result: IpcResult }): void => {
      if (message.id !== id) {
        return;
      }
      child.off('message', onMessage);
      if (message.result.ok) {
        resolve(message.result.output);
      } else {
        reject(new Error(`${method} failed: ${message.result.error.message}`));
      }
    };
    child.on('message', onMessage);
    child.send({ id, channel: apiChannel(method), frameUrl, input });
  });
}

describe.skipIf(!built)('desktop main process', () => {
  it('serves SCIM and the console, then closes on quit', async () => {
    const { process: child, scimBaseUrl } = await startDesktopHost();

    await expect(callConsole(child, 'listConnections', {}, 'https://example.com/')).rejects.toThrow('Only the ScimDesk console may call the engine.');
    const { token } = (await callConsole(child, 'createConnection', { provider: 'okta', name: 'Okta' })) as { token: string };
    const created = await fetch(`${scimBaseUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'olga@example.com', displayName: 'Ольга Łukasiewicz' }),
    });
    expect(created.status).toBe(201);

    let report = (await callConsole(child, 'exportReport', { kind: 'access', format: 'pdf' })) as { id: string; state: string; filePath: string };
    for (let attempt = 0; report.state === 'running' && attempt < 100; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      report = (await callConsole(child, 'getReportExport', { id: report.id })) as typeof report;
    }
    expect(report.state).toBe('done');
    expect(readFileSync(report.filePath).subarray(0, 5).toString()).toBe('%PDF-');

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.send({ quit: true });
    expect(await exited).toBe(0);
    const reopened = Engine.open(dataDir!);
    const userNames = reopened.db.prepare('SELECT user_name FROM users').pluck().all();
    reopened.close();
    expect(userNames).toEqual(['olga@example.com']);
  }, 60_000);
});
