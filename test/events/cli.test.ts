import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../src/shared/api.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { evaluateAlerts } from '../../src/main/engine/health/alerts.ts';
import { sendScim } from './in-process.ts';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'scimdesk.js');
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

interface CliResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], dataDir: string): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args, '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (exitCode) => resolvePromise({ exitCode, stdout, stderr }));
  });
}

function parseLines(stdout: string): SyncEvent[] {
  return stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as SyncEvent);
}

describe('scimdesk events', () => {
  let dataDir: string;
  let engine: Engine;
  let token: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-cli-events-'));
    engine = Engine.open(dataDir);
    token = engine.createConnection('okta', 'Okta', 'test').token;
    engine.createConnection('entra', 'Entra ID', 'test');
    sendScim(engine, token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'ada@example.com', active: true });
    sendScim(engine, token, 'POST', '/Users', '{broken');
    sendScim(engine, token, 'GET', '/Users/missing-user');
  });

  afterEach(async () => {
    engine.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints matching events oldest first as JSON lines', async () => {
    const result = await runCli(['events', '--json', '--connection', 'Okta', '--status', 'error'], dataDir);

    expect(result.exitCode, result.stderr).toBe(0);
    const events = parseLines(result.stdout);
    expect(events.map((event) => [event.method, event.path, event.status])).toEqual([
      ['POST', '/Users', 400],
      ['GET', '/Users/missing-user', 404],
    ]);
  });

  it('filters by type and user in text form', async () => {
    const result = await runCli(['events', '--type', 'user.created', '--user', 'ADA@example.com'], dataDir);

    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Okta +201 {2}POST \/Users +Created user ada@example\.com/);
  });

  it('shows the actor of an admin change', async () => {
    engine.createWorkspace('Data Science', 'cli (root)');

    const text = await runCli(['events', '--type', 'admin.change'], dataDir);
    const json = await runCli(['events', '--type', 'admin.change', '--json'], dataDir);

    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/ admin\.change by cli \(root\) +\S/);
    // Summaries start in one column whatever the length of the request and actor.
    const lines = text.stdout.trim().split('\n');
    const summaryColumns = lines.map((line) => line.search(/ {2}(Created|Mapped|Started|Renamed)/));
    expect(summaryColumns).toHaveLength(3);
    expect(summaryColumns.every((column) => column > 0)).toBe(true);
    expect(new Set(summaryColumns).size).toBe(1);
    expect(parseLines(json.stdout).map((event) => event.actor)).toEqual(['test', 'test', 'cli (root)']);
  });

  it('shows no actor for a SCIM request', async () => {
    const result = await runCli(['events', '--type', 'scim.request', '--json'], dataDir);

    expect(parseLines(result.stdout).map((event) => event.actor)).toEqual([null, null, null]);
  });

  it('says so when nothing matches', async () => {
    const result = await runCli(['events', '--connection', 'Entra ID', '--type', 'scim.request'], dataDir);

    expect(result.stdout.trim()).toBe('No events match.');
  });

  it('notes a workspace and type that name nothing', async () => {
    const result = await runCli(['events', '--workspace', 'No such', '--type', 'bogus'], dataDir);

    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('No events match.');
    expect(result.stderr).toContain('scimdesk: note: No workspace is named "No such" or has that id. There are no workspaces yet.');
    expect(result.stderr).toContain('scimdesk: note: No event in the log has the type "bogus".');
  });

  it('names the existing connections for an unknown one', async () => {
    const result = await runCli(['events', '--connection', 'Nope'], dataDir);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^scimdesk: No connection is named "Nope"\. Existing connections: /);
    expect(result.stderr).toContain('Okta');
    expect(result.stderr).toContain('Entra ID');
  });

  it('rejects a time that is neither ISO 8601 nor an age', async () => {
    const result = await runCli(['events', '--since', 'yesterday'], dataDir);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('The --since time "yesterday" is not valid.');
  });

  it('accepts an age for --since', async () => {
    const result = await runCli(['events', '--json', '--since', '1h', '--limit', '2'], dataDir);

    expect(parseLines(result.stdout).map((event) => event.path)).toEqual(['/Users', '/Users/missing-user']);
  });

  it('streams new events with --follow until interrupted', async () => {
    const child = spawn(process.execPath, [CLI, 'events', '--follow', '--json', '--type', 'scim.request', '--limit', '1', '--data', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = createInterface({ input: child.stdout });
    const received: SyncEvent[] = [];
    const exited = new Promise<number | null>((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));
    const nextLine = (): Promise<void> =>
      new Promise((resolvePromise) => lines.once('line', (line) => {
        received.push(JSON.parse(line) as SyncEvent);
        resolvePromise();
      }));

    await nextLine();
    sendScim(engine, token, 'GET', '/Groups');
    await nextLine();
    child.kill('SIGINT');

    expect(await exited).toBe(0);
    expect(received.map((event) => event.path)).toEqual(['/Users/missing-user', '/Groups']);
  }, 30_000);
});

describe('scimdesk health', () => {
  it('prints each connection and the open alerts as JSON', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-cli-health-'));
    const engine = Engine.open(dataDir);
    try {
      const { token } = engine.createConnection('okta', 'Okta', 'test');
      engine.createConnection('entra', 'Entra ID', 'test');
      for (let attempt = 0; attempt < 5; attempt += 1) {
        sendScim(engine, token, 'POST', '/Users', '{broken');
      }

      const result = await runCli(['health', '--json'], dataDir);

      expect(result.exitCode, result.stderr).toBe(0);
      const output = JSON.parse(result.stdout) as { connections: { connectionName: string; state: string }[]; alerts: { rule: string }[] };
      const states = Object.fromEntries(output.connections.map((entry) => [entry.connectionName, entry.state]));
      expect(states).toEqual({ Okta: 'failing', 'Entra ID': 'waiting' });
      expect(output.alerts.map((alert) => alert.rule)).toEqual(['connection-failing']);
    } finally {
      engine.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('labels health as the console does', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-cli-health-'));
    const engine = Engine.open(dataDir);
    try {
      const okta = engine.createConnection('okta', 'Okta', 'test');
      const google = engine.createConnection('google', 'Google', 'test');
      for (let attempt = 0; attempt < 5; attempt += 1) {
        sendScim(engine, okta.token, 'POST', '/Users', '{broken');
      }
      evaluateAlerts(engine, engine.clock.now());
      sendScim(engine, okta.token, 'GET', '/Users');
      sendScim(engine, google.token, 'GET', '/Users');
      sendScim(engine, google.token, 'GET', '/Users/missing-user');

      const result = await runCli(['health'], dataDir);

      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Google\s+google\s+recent failures\s/m);
      expect(result.stdout).toMatch(/^Okta\s+okta\s+healthy\s/m);
      expect(result.stdout).toContain('clearing: its cause is gone, and it closes after 10 minutes without it');
    } finally {
      engine.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
