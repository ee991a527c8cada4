/** `scimdesk serve` stopped with Ctrl+C, as a user runs it from a terminal. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { REPOSITORY_ROOT } from '../helpers/cli.ts';

const CLI = join(REPOSITORY_ROOT, 'bin', 'scimdesk.js');

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-serve-stop-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('scimdesk serve', () => {
  it('closes the store on SIGINT', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--scim-port', '0', '--console-port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SCIMDESK_LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('Press Ctrl+C to stop.')) {
          resolve();
        }
      });
    });

    child.kill('SIGINT');

    expect(await exited, stderr).toBe(0);
    expect(stdout).toContain('ScimDesk stopped; the store is closed.\n');
    expect(existsSync(join(dataDir, 'scimdesk.db-wal'))).toBe(false);
  }, 30_000);
});
