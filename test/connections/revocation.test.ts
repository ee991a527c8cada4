/**
 * Revocation of every kind of credential (bearer token, HTTP Basic, OAuth client) by its id,
 * over real HTTP, with the admin event it records and the connection health that follows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { issueBasicCredentials } from '../../src/main/engine/connections/basic-credentials.ts';
import { listCredentials, revokeCredential } from '../../src/main/engine/connections/credentials.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { computeConnectionHealth } from '../../src/main/engine/health/health.ts';
import { createOAuthClient } from '../../src/main/engine/oauth/clients.ts';
import { startScimServer, type ScimServer } from '../../src/main/http/scim-server.ts';
import { basicHeader, send, startConnectionHarness, type ConnectionHarness } from './harness.ts';

let harness: ConnectionHarness;
let connectionId: string;

beforeEach(async () => {
  harness = await startConnectionHarness();
  connectionId = harness.engine.connections.createWithoutToken('pingfederate', 'PingFederate').id;
});

afterEach(async () => {
  await harness.close();
});

function clientForm(clientId: string, clientSecret: string): string {
  return new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString();
}

function adminSummaries(engine: Engine): string[] {
  return engine.db.prepare("SELECT summary FROM events WHERE kind = 'admin.change' ORDER BY id").pluck().all() as string[];
}

describe('revokeCredential of an OAuth client', () => {
  it('stops its cached access tokens at once', async () => {
    const { clientId, clientSecret } = createOAuthClient(harness.engine, connectionId, 'test');
    const { json } = await harness.postToken(clientForm(clientId, clientSecret));
    expect((await harness.getUsers(`Bearer ${json.access_token}`)).status).toBe(200);

    const kind = revokeCredential(harness.engine, connectionId, clientId, 'console');

    expect(kind).toBe('oauth-client');
    expect((await harness.getUsers(`Bearer ${json.access_token}`)).status).toBe(401);
  });

  it('makes the token endpoint reject the client', async () => {
    const { clientId, clientSecret } = createOAuthClient(harness.engine, connectionId, 'test');

    revokeCredential(harness.engine, connectionId, clientId, 'console');
    const reply = await harness.postToken(clientForm(clientId, clientSecret));

    expect(reply.status).toBe(401);
    expect(reply.json.error).toBe('invalid_client');
    expect(reply.json.error_description).toBe(
      'This OAuth client was revoked in ScimDesk. Create a new client for the connection and enter it in the identity provider.',
    );
  });

  it('records an admin change without secrets', async () => {
    const { clientId, clientSecret } = createOAuthClient(harness.engine, connectionId, 'test');
    const { json } = await harness.postToken(clientForm(clientId, clientSecret));

    revokeCredential(harness.engine, connectionId, clientId, 'cli (ada)');

    const row = harness.engine.db
      .prepare("SELECT summary, connection_id AS connectionId, detail FROM events WHERE kind = 'admin.change' ORDER BY id DESC LIMIT 1")
      .get() as { summary: string; connectionId: string; detail: string };
    expect(row.summary).toBe(`Revoked the OAuth client ${clientId} of the connection "PingFederate" and its 1 access token that had not expired`);
    expect(row.connectionId).toBe(connectionId);
    expect(row.detail).toContain('cli (ada)');
    const everything = JSON.stringify([harness.engine.db.prepare('SELECT * FROM events').all(), harness.engine.db.prepare('SELECT * FROM event_payloads').all()]);
    expect(everything).not.toContain(clientSecret);
    expect(everything).not.toContain(json.access_token);
  });

  it('drops the client from the listing', () => {
    const { clientId } = createOAuthClient(harness.engine, connectionId, 'test');

    revokeCredential(harness.engine, connectionId, clientId, 'test');

    expect(listCredentials(harness.engine, connectionId)).toEqual([]);
  });
});

describe('revokeCredential of Basic credentials', () => {
  it('rejects them and counts the rejection towards the connection', async () => {
    const { username, password } = issueBasicCredentials(harness.engine, connectionId, 'test');
    expect((await harness.getUsers(basicHeader(username, password))).status).toBe(200);

    expect(revokeCredential(harness.engine, connectionId, username, 'console')).toBe('basic');
    const reply = await harness.getUsers(basicHeader(username, password));
    harness.flushReadEvents();

    expect(reply.status).toBe(401);
    const rejected = harness.engine.db.prepare("SELECT connection_id FROM events WHERE kind = 'scim.request' AND status = 401").pluck().all();
    expect(rejected).toEqual([connectionId]);
    expect(adminSummaries(harness.engine).at(-1)).toBe(`Revoked the Basic credentials of the user name ${username} of the connection "PingFederate"`);
  });

  it('works again once new ones are issued', async () => {
    const first = issueBasicCredentials(harness.engine, connectionId, 'test');
    revokeCredential(harness.engine, connectionId, first.username, 'test');

    const second = issueBasicCredentials(harness.engine, connectionId, 'test');

    expect((await harness.getUsers(basicHeader(second.username, second.password))).status).toBe(200);
    expect((await harness.getUsers(basicHeader(first.username, first.password))).status).toBe(401);
  });
});

describe('listCredentials', () => {
  it('lists every kind with the id revocation takes', () => {
    const token = harness.engine.connections.issueToken(connectionId, { kind: 'static', expiresAt: null });
    const basic = issueBasicCredentials(harness.engine, connectionId, 'test');
    const client = createOAuthClient(harness.engine, connectionId, 'test');

    const listed = listCredentials(harness.engine, connectionId);

    expect(listed.map((credential) => [credential.kind, credential.id])).toEqual([
      ['token', token.id],
      ['basic', basic.username],
      ['oauth-client', client.clientId],
    ]);
    expect(JSON.stringify(listed)).not.toContain(basic.password);
    expect(JSON.stringify(listed)).not.toContain(client.clientSecret);
  });

  it('names every credential when an id is unknown', () => {
    const token = harness.engine.connections.issueToken(connectionId, { kind: 'static', expiresAt: null });
    const client = createOAuthClient(harness.engine, connectionId, 'test');

    expect(() => revokeCredential(harness.engine, connectionId, 'scimdesk-unknown', 'test')).toThrow(
      `The connection "PingFederate" has no credential with the id "scimdesk-unknown" that is not revoked. ` +
        `Its credentials are: ${token.id} (bearer token), ${client.clientId} (OAuth client).`,
    );
  });

  it('rejects a credential revoked twice', () => {
    const client = createOAuthClient(harness.engine, connectionId, 'test');
    revokeCredential(harness.engine, connectionId, client.clientId, 'test');

    expect(() => revokeCredential(harness.engine, connectionId, client.clientId, 'test')).toThrow(/has no credential with the id/);
    expect(adminSummaries(harness.engine).filter((summary) => summary.startsWith('Revoked'))).toHaveLength(1);
  });
});

describe('health after revocation', () => {
  it('fails once the only OAuth client is revoked', () => {
    const { clientId } = createOAuthClient(harness.engine, connectionId, 'test');
    expect(computeConnectionHealth(harness.engine, connectionId, harness.clock.now()).state).toBe('waiting');

    revokeCredential(harness.engine, connectionId, clientId, 'test');
    const health = computeConnectionHealth(harness.engine, connectionId, harness.clock.now());

    expect(health.state).toBe('failing');
    expect(health.reason).toContain('scimdesk connection rotate-token "PingFederate", then enter it in PingFederate / PingOne.');
  });

  it('fails once the only Basic credentials are revoked', () => {
    const { username } = issueBasicCredentials(harness.engine, connectionId, 'test');

    revokeCredential(harness.engine, connectionId, username, 'test');

    expect(computeConnectionHealth(harness.engine, connectionId, harness.clock.now()).state).toBe('failing');
  });

  it('stays waiting while a client is left', () => {
    const first = createOAuthClient(harness.engine, connectionId, 'test');
    createOAuthClient(harness.engine, connectionId, 'test');

    revokeCredential(harness.engine, connectionId, first.clientId, 'test');

    expect(computeConnectionHealth(harness.engine, connectionId, harness.clock.now()).state).toBe('waiting');
  });
});

describe('revocation by another process', () => {
  let dataDir: string;
  let serverEngine: Engine;
  let otherProcess: Engine;
  let server: ScimServer;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-revocation-'));
    serverEngine = Engine.open(dataDir);
    // A second engine on the same data directory has its own database connection, as the CLI does.
    otherProcess = Engine.open(dataDir);
    server = await startScimServer(serverEngine, { host: '127.0.0.1', port: 0 });
  });

  afterEach(async () => {
    await server.close();
    serverEngine.close();
    otherProcess.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops a cached access token of the revoked client', async () => {
    const id = serverEngine.connections.createWithoutToken('pingfederate', 'PingFederate').id;
    const { clientId, clientSecret } = createOAuthClient(serverEngine, id, 'test');
    const origin = new URL(server.baseUrl).origin;
    const granted = await send(`${origin}/oauth/token`, 'POST', clientForm(clientId, clientSecret), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    const authorization = `Bearer ${granted.json.access_token}`;
    expect((await send(`${server.baseUrl}/Users`, 'GET', undefined, { authorization })).status).toBe(200);

    revokeCredential(otherProcess, id, clientId, 'cli (ada)');

    expect((await send(`${server.baseUrl}/Users`, 'GET', undefined, { authorization })).status).toBe(401);
  });
});
