/**
 * Runs the desktop app's built main process under Node, with the stand-in for the electron
 * module in electron-stand-in/, because the Electron binary is not always available. The
 * vitest test and the browser test of the desktop console share it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_LISTENER_SETTINGS, writeListenerSettings } from '../../src/main/engine/tls/listener-settings.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import type { IpcResult } from '../../src/shared/ipc.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const MAIN_BUNDLE = join(REPO_ROOT, 'out', 'main', 'index.js');
export const PRELOAD_BUNDLE = join(REPO_ROOT, 'out', 'preload', 'index.cjs');
/** The page the main process accepts console calls from. */
export const CONSOLE_URL = `file://${join(REPO_ROOT, 'out', 'renderer', 'index.html')}`;
const REGISTER_HOOKS = join(import.meta.dirname, 'electron-stand-in', 'register.mjs');
const STARTUP_TIMEOUT_MS = 20_000;

/** True when `npm run build` has written the main and preload bundles. */
export const desktopBuilt = existsSync(MAIN_BUNDLE) && existsSync(PRELOAD_BUNDLE);

/** One running main process on its own data directory. */
export interface DesktopHost {
  process: ChildProcess;
  dataDir: string;
  scimBaseUrl: string;
  /** Invokes an IPC channel as the page at `frameUrl` would, and resolves with the handler's result. */
  invoke(channel: string, input: unknown, frameUrl?: string): Promise<IpcResult>;
  /** Calls `listener` with each message the main process sends to the window (webContents.send). */
  onWindowMessage(listener: (channel: string, args: unknown[]) => void): void;
  /** Quits the app as closing its window would, and resolves with the exit code. */
  quit(): Promise<number | null>;
  /** Kills the process if it still runs and deletes the data directory. */
  dispose(): void;
}

/** Starts the main bundle on a new data directory whose stored listener takes a free loopback port. */
export async function startDesktopHost(): Promise<DesktopHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-desktop-'));
  const setup = Engine.open(dataDir);
  writeListenerSettings(setup.db, { ...DEFAULT_LISTENER_SETTINGS, port: 0 });
  setup.close();

  const child = spawn(process.execPath, ['--import', REGISTER_HOOKS, MAIN_BUNDLE], {
    env: { ...process.env, SCIMDESK_DATA: dataDir, SCIMDESK_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const dispose = (): void => {
    child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  };
  let scimBaseUrl: string;
  try {
    scimBaseUrl = await waitForStart(child);
  } catch (error) {
    dispose();
    throw error;
  }

  let nextCallId = 1;
  return {
    process: child,
    dataDir,
    scimBaseUrl,
    invoke(channel, input, frameUrl = CONSOLE_URL) {
      const id = nextCallId++;
      return new Promise((resolve) => {
        const onMessage = (message: { id?: number; result?: IpcResult }): void => {
          if (message.id === id) {
            child.off('message', onMessage);
            resolve(message.result!);
          }
        };
        child.on('message', onMessage);
        child.send({ id, channel, frameUrl, input });
      });
    },
    onWindowMessage(listener) {
      child.on('message', (message: { windowChannel?: string; args?: unknown[] }) => {
        if (message.windowChannel !== undefined) {
          listener(message.windowChannel, message.args ?? []);
        }
      });
    },
    quit() {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.send({ quit: true });
      return exited;
    },
    dispose,
  };
}

/** Resolves with the SCIM base URL the main process logs once it has started. */
function waitForStart(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
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
}
