import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base } from '@playwright/test';

/** Root of the repository, where bin/scimdesk.js and the build in out/ live. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

const CLI_PATH = join(REPO_ROOT, 'bin', 'scimdesk.js');
const RENDERER_INDEX = join(REPO_ROOT, 'out', 'renderer', 'index.html');

/** Time for `serve` to print its JSON line. It is long because Node strips the TypeScript types of the CLI on each start. */
const SERVE_START_TIMEOUT_MS = 20_000;
/** Time for `serve` to exit after SIGTERM before the fixture sends SIGKILL. */
const SERVE_STOP_TIMEOUT_MS = 5_000;
const CLI_TIMEOUT_MS = 30_000;

export interface CliResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** One running `scimdesk serve` on a fresh data directory. */
export interface ScimDeskServer {
  /** SCIM base URL, e.g. http://127.0.0.1:40123/scim/v2. */
  scimBaseUrl: string;
  /** Console URL with the `?session=` secret. Opening it sets the session cookie. */
  consoleUrl: string;
  /** Origin of the console without the secret, e.g. http://127.0.0.1:40124. */
  consoleOrigin: string;
  dataDir: string;
  /** Runs `node bin/scimdesk.js ARGS --data DIR` against this server's data directory. */
  cli(args: string[]): Promise<CliResult>;
}

interface ServeLine {
  scimBaseUrl: string;
  consoleUrl: string;
  dataDir: string;
}

/**
 * Environment of the server and CLI processes, with the Node that runs
 * Playwright first on PATH because bin/scimdesk.js needs Node 22.18 or newer.
 */
function childEnvironment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter),
    SCIMDESK_LOG_LEVEL: 'warn',
  };
}

function runCli(args: string[], dataDir: string): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args, '--data', dataDir], {
      cwd: REPO_ROOT,
      env: childEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: CLI_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (exitCode) => resolvePromise({ exitCode, stdout, stderr }));
  });
}

/** Resolves with the first line that `serve --json` prints, or rejects when the process exits or times out first. */
function readServeLine(child: ChildProcess, stderr: () => string): Promise<ServeLine> {
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`scimdesk serve printed no JSON line within ${SERVE_START_TIMEOUT_MS} ms. stderr: ${stderr()}`));
    }, SERVE_START_TIMEOUT_MS);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      finish();
      reject(new Error(`scimdesk serve exited (code ${code}, signal ${signal}) before it printed its JSON line. stderr: ${stderr()}`));
    };
    const onLine = (line: string): void => {
      finish();
      try {
        resolvePromise(JSON.parse(line) as ServeLine);
      } catch {
        reject(new Error(`scimdesk serve printed a first line that is not JSON: ${line}`));
      }
    };
    function finish(): void {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.off('line', onLine);
      lines.close();
    }
    child.once('exit', onExit);
    lines.once('line', onLine);
  });
}

/** Sends SIGTERM and waits for the exit. Sends SIGKILL and throws when the server does not stop in time. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));
  child.kill('SIGTERM');
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolvePromise) => setTimeout(() => resolvePromise(true), SERVE_STOP_TIMEOUT_MS)),
  ]);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`scimdesk serve (pid ${child.pid}) did not exit within ${SERVE_STOP_TIMEOUT_MS} ms of SIGTERM and was killed.`);
  }
}

/**
 * Adds the `scimdesk` fixture: a `scimdesk serve` on a temporary data
 * directory with both ports on 127.0.0.1, started for each test and stopped
 * with SIGTERM after it. The fixture removes the data directory afterwards.
 */
export const test = base.extend<{ scimdesk: ScimDeskServer }>({
  scimdesk: async ({}, use) => {
    if (!existsSync(RENDERER_INDEX)) {
      throw new Error(`The console is not built: ${RENDERER_INDEX} is missing. Run \`npx electron-vite build\` first.`);
    }
    const dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-e2e-'));
    let stderr = '';
    const child = spawn(
      process.execPath,
      [CLI_PATH, 'serve', '--data', dataDir, '--scim-port', '0', '--console-port', '0', '--host', '127.0.0.1', '--json'],
      { cwd: REPO_ROOT, env: childEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

    try {
      const line = await readServeLine(child, () => stderr);
      await use({
        scimBaseUrl: line.scimBaseUrl,
        consoleUrl: line.consoleUrl,
        consoleOrigin: new URL(line.consoleUrl).origin,
        dataDir,
        cli: (args) => runCli(args, dataDir),
      });
    } finally {
      try {
        await stopServer(child);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    }
  },
});

export { expect } from '@playwright/test';
