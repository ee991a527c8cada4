/**
 * Runs the real `scimdesk` command as a child process, the way a user runs it:
 * `node bin/scimdesk.js …` from the repository root, with the Node that runs
 * the tests first on PATH.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, where `bin/scimdesk.js` lives. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const ENTRY_POINT = join(REPOSITORY_ROOT, 'bin', 'scimdesk.js');

/** Maximum time one CLI command may run before the test fails, in milliseconds. */
const COMMAND_TIMEOUT_MS = 30_000;

/** Output and exit code of one finished command. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `scimdesk serve` with the URLs it printed. */
export interface ServeProcess {
  child: ChildProcess;
  scimBaseUrl: string;
  consoleUrl: string;
  /** Sends SIGTERM and waits for the process to exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Environment of every command: PATH starts with the directory of this Node,
 * HOME is `home` so that nothing touches the real home directory, and
 * SCIMDESK_DATA is unset so that only --data chooses the store.
 */
function commandEnvironment(home: string): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: home,
  };
  delete environment.SCIMDESK_DATA;
  return environment;
}

function spawnCli(args: string[], home: string): ChildProcess {
  return spawn(process.execPath, [ENTRY_POINT, ...args], {
    cwd: REPOSITORY_ROOT,
    env: commandEnvironment(home),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs one command to its end and returns its output; rejects after COMMAND_TIMEOUT_MS. */
export function runCli(args: string[], home: string): Promise<CliResult> {
  const child = spawnCli(args, home);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`scimdesk ${args.join(' ')} timed out after ${COMMAND_TIMEOUT_MS} ms. stderr: ${stderr}`));
    }, COMMAND_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Starts `scimdesk serve --json` on free ports and resolves once it printed its
 * one JSON line; rejects when the process exits or stays silent first.
 */
export function startServe(dataDir: string, home: string): Promise<ServeProcess> {
  const child = spawnCli(['serve', '--data', dataDir, '--scim-port', '0', '--console-port', '0', '--json'], home);
  let stdout = '';
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`scimdesk serve printed no JSON line within ${COMMAND_TIMEOUT_MS} ms. stderr: ${stderr}`));
    }, COMMAND_TIMEOUT_MS);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`scimdesk serve exited with code ${code} (signal ${signal}) before it was ready. stderr: ${stderr}`));
    });

    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) {
        return;
      }
      clearTimeout(timer);
      const announced = JSON.parse(stdout.slice(0, newline)) as { scimBaseUrl: string; consoleUrl: string };
      resolve({
        child,
        scimBaseUrl: announced.scimBaseUrl,
        consoleUrl: announced.consoleUrl,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}

/** Exit status and output of a command run with `runCliSync`. */
export interface SyncCliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one command on `dataDir` (none for null) to its end, blocking, with warnings and errors as
 * the only log lines.
 */
export function runCliSync(args: string[], dataDir: string | null): SyncCliResult {
  const result = spawnSync(process.execPath, [ENTRY_POINT, ...args, ...(dataDir === null ? [] : ['--data', dataDir])], {
    encoding: 'utf8',
    env: { ...process.env, SCIMDESK_LOG_LEVEL: 'warn' },
    timeout: COMMAND_TIMEOUT_MS * 2,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
