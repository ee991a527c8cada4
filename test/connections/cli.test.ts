/** `scimdesk connection …`, `scimdesk simulate` and `scimdesk serve --tls-cert`, run as a user runs them. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startConnectionSetup } from '../../src/main/engine/connections/lifecycle.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { makeCertificates, type CertificateFiles } from './certificates.ts';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'scimdesk.js');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dataDir: string;

function runCli(args: string[], directory = dataDir): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args, '--data', directory], { env: { ...process.env, SCIMDESK_LOG_LEVEL: 'warn' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

async function runJson(args: string[]): Promise<any> {
  const result = await runCli([...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

/** Starts `serve --json` with the given extra arguments and resolves with its first line and the process. */
function startServe(args: string[]): Promise<{ child: ChildProcess; line: { scimBaseUrl: string } }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--scim-port', '0', '--console-port', '0', '--json', ...args], {
      env: { ...process.env, SCIMDESK_LOG_LEVEL: 'warn' },
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => done({ child, line: JSON.parse(line) }));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.removeAllListeners('exit');
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-cli-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('scimdesk connection', () => {
  it('names the provider when it creates a connection', async () => {
    const created = await runCli(['connection', 'create', '--provider', 'pingfederate', '--name', 'Ping']);

    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.split('\n')[0]).toBe('Created the PingFederate / PingOne connection "Ping".');
  });

  it('rotates, lists and revokes tokens', async () => {
    await runJson(['connection', 'create', '--provider', 'okta', '--name', 'Okta prod']);

    const rotated = await runJson(['connection', 'rotate-token', 'Okta prod', '--overlap', '2h']);
    const tokens = await runJson(['connection', 'tokens', 'Okta prod']);
    await runJson(['connection', 'revoke-token', 'Okta prod', rotated.previous[0].tokenId]);
    const after = await runJson(['connection', 'tokens', 'Okta prod']);

    expect(rotated.token).toMatch(/^scd_/);
    expect(tokens.map((token: { state: string }) => token.state)).toEqual(['expiring', 'active']);
    expect(after.map((token: { id: string }) => token.id)).toEqual([rotated.tokenId]);
  });

  it('lists and revokes an OAuth client by its id', async () => {
    await runJson(['connection', 'create', '--provider', 'entra', '--name', 'Entra ID']);
    const client = await runJson(['connection', 'oauth-client', 'Entra ID']);
    const listed = await runJson(['connection', 'credentials', 'Entra ID']);

    const revoked = await runCli(['connection', 'revoke-token', 'Entra ID', client.clientId]);
    const after = await runJson(['connection', 'credentials', 'Entra ID']);

    expect(listed.map((credential: { kind: string }) => credential.kind)).toEqual(['token', 'oauth-client']);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toBe(`Revoked the OAuth client ${client.clientId} of "Entra ID".\n`);
    expect(revoked.stdout).not.toContain(client.clientSecret);
    expect(after.map((credential: { kind: string }) => credential.kind)).toEqual(['token']);
  });

  it('revokes Basic credentials and warns when none is left', async () => {
    await runJson(['connection', 'create', '--provider', 'okta', '--name', 'Okta prod']);
    const [token] = await runJson(['connection', 'tokens', 'Okta prod']);
    const basic = await runJson(['connection', 'basic-credentials', 'Okta prod']);
    await runJson(['connection', 'revoke', 'Okta prod', token.id]);

    const revoked = await runCli(['connection', 'revoke', 'Okta prod', basic.username]);
    const listed = await runCli(['connection', 'credentials', 'Okta prod']);

    expect(revoked.stdout).toContain(`Revoked the HTTP Basic user name ${basic.username} of "Okta prod". "Okta prod" has no working credential now;`);
    expect(listed.stdout).toContain('No credentials.');
  });

  it('explains the last-used column of the token table', async () => {
    await runJson(['connection', 'create', '--provider', 'okta', '--name', 'Okta prod']);

    const listed = await runCli(['connection', 'tokens', 'Okta prod']);

    expect(listed.stdout).toMatch(/^TOKEN ID +STATE +CREATED +EXPIRES +LAST USED$/m);
    expect(listed.stdout).toContain('LAST USED is stored at most once a minute; the simulator uses a temporary token of its own.');
  });

  it('prints the new token once, in text', async () => {
    await runJson(['connection', 'create', '--provider', 'okta', '--name', 'Okta prod']);

    const result = await runCli(['connection', 'rotate-token', 'Okta prod']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Bearer token: {2}scd_/m);
    expect(result.stdout).toContain('Overlap: 1 day.');
  });

  it('names no overlap when the connection had no token', async () => {
    const engine = Engine.open(dataDir);
    startConnectionSetup(engine, 'okta', 'Okta new', 'test');
    engine.close();

    const result = await runCli(['connection', 'rotate-token', 'Okta new']);
    const events = await runCli(['events', '--type', 'admin.change']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('No earlier token was active, so no overlap applies.');
    expect(result.stdout).not.toContain('Overlap:');
    expect(events.stdout).toMatch(/Rotated the token of the connection "Okta new": issued token \S+; no earlier token was active/);
  });

  it('shows a connection with its health and setup step', async () => {
    await runJson(['connection', 'create', '--provider', 'entra', '--name', 'Entra']);

    const shown = await runJson(['connection', 'show', 'Entra']);

    expect(shown.connection.name).toBe('Entra');
    expect(shown.health.state).toBe('waiting');
    expect(shown.setupStep).toBe('reachability');
    expect(shown.tokens).toHaveLength(1);
    expect(JSON.stringify(shown)).not.toMatch(/scd_/);
  });

  it('labels health in text as the console does', async () => {
    await runJson(['connection', 'create', '--provider', 'entra', '--name', 'Entra']);

    const text = await runCli(['connection', 'show', 'Entra']);

    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Health: +waiting for first request\. /m);
  });

  it('disables and enables a connection', async () => {
    await runJson(['connection', 'create', '--provider', 'okta', '--name', 'Okta']);

    const disabled = await runJson(['connection', 'disable', 'Okta']);
    const enabled = await runJson(['connection', 'enable', 'Okta']);

    expect(disabled.disabled).toBe(true);
    expect(enabled.disabled).toBe(false);
  });

  it('deletes only with --yes and says what it removes', async () => {
    await runJson(['connection', 'create', '--provider', 'okta', '--name', 'Okta']);

    const unconfirmed = await runCli(['connection', 'delete', 'Okta']);
    const confirmed = await runJson(['connection', 'delete', 'Okta', '--yes']);
    const list = await runJson(['connection', 'list']);

    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toBe(
      'scimdesk: Deleting "Okta" would remove 0 users, 0 groups, 0 memberships, 1 token, 0 Basic credential pairs and 0 OAuth clients; ' +
        'the event log keeps its history. Nothing was deleted; run again with --yes to delete it.\n',
    );
    expect(confirmed).toMatchObject({ name: 'Okta', tokens: 1 });
    expect(list).toEqual([]);
  });

  it('names the existing connections for an unknown name', async () => {
    await runJson(['connection', 'create', '--provider', 'okta', '--name', 'Okta']);

    const result = await runCli(['connection', 'tokens', 'Entra']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('scimdesk: No connection is named "Entra". Existing connections: Okta.\n');
  });

  it('rejects an overlap that is not a duration with exit code 2', async () => {
    await runJson(['connection', 'create', '--provider', 'okta', '--name', 'Okta']);

    const result = await runCli(['connection', 'rotate-token', 'Okta', '--overlap', 'soon']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"soon" is not a duration.');
  });
});

describe('scimdesk serve --tls-cert', () => {
  let files: CertificateFiles;

  beforeAll(() => {
    files = makeCertificates();
  });

  afterAll(() => {
    files.remove();
  });

  it('serves HTTPS, and simulate pushes a directory to it', async () => {
    const { child, line } = await startServe(['--tls-cert', files.certPath, '--tls-key', files.keyPath]);
    try {
      const created = await runJson(['connection', 'create', '--provider', 'rippling', '--name', 'Rippling']);

      const pushed = await runCli([
        'simulate', '--provider', 'rippling', '--users', '25', '--groups', '4',
        '--url', line.scimBaseUrl, '--token', created.token, '--ca', files.certPath, '--json',
      ]);

      expect(line.scimBaseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
      expect(pushed.code, pushed.stderr).toBe(0);
      const summary = JSON.parse(pushed.stdout);
      expect(summary.users.created).toBe(25);
      expect(pushed.stderr).toMatch(/simulate: done: users 25\/25, groups 4\/4/);
      const shown = await runJson(['connection', 'show', 'Rippling']);
      expect(shown.connection.userCount).toBe(25);
      expect(shown.health.state).toBe('healthy');
    } finally {
      await stop(child);
    }
  });

  it('rejects a key that does not match', async () => {
    const result = await runCli(['serve', '--scim-port', '0', '--console-port', '0', '--tls-cert', files.certPath, '--tls-key', files.otherKeyPath]);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `scimdesk: The private key in ${files.otherKeyPath} does not belong to the certificate in ${files.certPath}. Choose the key that was generated with this certificate.\n`,
    );
  });

  it('rejects a certificate without its key', async () => {
    const result = await runCli(['serve', '--scim-port', '0', '--console-port', '0', '--tls-cert', files.certPath]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HTTPS needs both a certificate file and its private key file.');
  });
});

describe('scimdesk serve start checks', () => {
  let files: CertificateFiles;
  let busy: Server;
  let busyPort: number;

  beforeAll(async () => {
    files = makeCertificates();
    busy = createServer();
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
    busyPort = (busy.address() as AddressInfo).port;
  });

  afterAll(async () => {
    files.remove();
    await new Promise((done) => busy.close(done));
  });

  it('creates no data directory for a bad certificate', async () => {
    const fresh = join(dataDir, 'new-store');

    const result = await runCli(['serve', '--scim-port', '0', '--console-port', '0', '--tls-cert', files.certPath, '--tls-key', files.otherKeyPath], fresh);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not belong to the certificate');
    expect(existsSync(fresh)).toBe(false);
  });

  it('creates no data directory when the SCIM port is in use', async () => {
    const fresh = join(dataDir, 'new-store');

    const result = await runCli(['serve', '--scim-port', String(busyPort), '--console-port', '0'], fresh);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`scimdesk: Could not start the server: port ${busyPort} on 127.0.0.1 is already in use. Choose another port with --scim-port.\n`);
    expect(existsSync(fresh)).toBe(false);
  });

  it('creates no data directory when the console port is in use', async () => {
    const fresh = join(dataDir, 'new-store');

    const result = await runCli(['serve', '--scim-port', '0', '--console-port', String(busyPort)], fresh);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`port ${busyPort} on 127.0.0.1 is already in use. Choose another port with --console-port.`);
    expect(existsSync(fresh)).toBe(false);
  });

  it('rejects one port for both listeners', async () => {
    const fresh = join(dataDir, 'new-store');

    const result = await runCli(['serve', '--scim-port', '18555', '--console-port', '18555'], fresh);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The SCIM endpoint and the console cannot share port 18555.');
    expect(existsSync(fresh)).toBe(false);
  });
});

describe('scimdesk serve --host 0.0.0.0', () => {
  it('names this machine in the base URL', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--host', '0.0.0.0', '--scim-port', '0', '--console-port', '0'], {
      env: { ...process.env, SCIMDESK_LOG_LEVEL: 'error' },
    });
    try {
      const lines: string[] = [];
      await new Promise<void>((done, fail) => {
        child.once('exit', (code) => fail(new Error(`serve exited with ${code}`)));
        createInterface({ input: child.stdout! }).on('line', (line) => {
          lines.push(line);
          if (line.startsWith('Press Ctrl+C')) done();
        });
      });
      const banner = lines.join('\n');

      expect(banner).not.toContain('0.0.0.0:');
      const baseUrl = /^SCIM base URL: (\S+)$/m.exec(banner)?.[1] ?? '';
      expect(baseUrl).toMatch(/^http:\/\/[A-Za-z0-9.-]+:\d+\/scim\/v2$/);
      expect([hostname(), '127.0.0.1']).toContain(new URL(baseUrl).hostname);
      expect(banner).toMatch(/^Listening: +on all interfaces \(0\.0\.0\.0\), port \d+\./m);
    } finally {
      await stop(child);
    }
  });
});

describe('scimdesk simulate', () => {
  it('stops at the first 401 with exit code 1', async () => {
    const { child, line } = await startServe([]);
    try {
      const result = await runCli(['simulate', '--provider', 'okta', '--users', '50', '--groups', '3', '--url', line.scimBaseUrl, '--token', 'scd_wrong']);

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/The server rejected the credentials, so nothing more was sent: GET \/Users\S* answered 401/);
      // At most the requests already in flight (8 by default) went out after the first response.
      const sent = Number(/\((\d+) requests,/.exec(result.stdout)?.[1]);
      expect(sent).toBeGreaterThan(0);
      expect(sent).toBeLessThanOrEqual(16);
    } finally {
      await stop(child);
    }
  });

  it('rejects a slug the naming convention does not accept', async () => {
    const result = await runCli(['simulate', '--provider', 'okta', '--slug', 'Bad Slug', '--url', 'http://127.0.0.1:1/scim/v2', '--token', 'x']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"Bad Slug" is not a valid slug');
  });

  it('rejects a user count out of range', async () => {
    const result = await runCli(['simulate', '--provider', 'okta', '--users', '-1', '--url', 'http://127.0.0.1:1/scim/v2', '--token', 'x']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"-1" is not a whole number from 0 to 1000000.');
  });
});
