/**
 * The token cache of ConnectionStore.authenticate: a token used once is served from memory,
 * and a change to tokens or connections, made here or by another process, ends that at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { setConnectionDisabled } from '../../src/main/engine/connections/lifecycle.ts';
import { revokeToken } from '../../src/main/engine/connections/token-lifecycle.ts';
import { Engine } from '../../src/main/engine/engine.ts';

let dataDir: string;
let server: Engine;
let otherProcess: Engine;
let connectionId: string;
let token: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-token-cache-'));
  server = Engine.open(dataDir);
  // A second engine on the same data directory has its own database connection, as the CLI does.
  otherProcess = Engine.open(dataDir);
  const created = server.createConnection('okta', 'Okta', 'test');
  connectionId = created.connection.id;
  token = created.token;
  expect(server.connections.authenticate(token)?.id).toBe(connectionId);
});

afterEach(() => {
  server.close();
  otherProcess.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function onlyTokenId(engine: Engine): string {
  const [record] = engine.connections.listTokens(connectionId);
  return record!.id;
}

describe('token cache', () => {
  it('serves a token again', () => {
    expect(server.connections.authenticate(token)?.id).toBe(connectionId);
    expect(server.connections.authenticate(token)?.id).toBe(connectionId);
  });

  it('drops a token revoked here', () => {
    revokeToken(server, connectionId, onlyTokenId(server), 'test');
    expect(server.connections.authenticate(token)).toBeUndefined();
  });

  it('drops a token revoked by another process', () => {
    revokeToken(otherProcess, connectionId, onlyTokenId(otherProcess), 'test');
    expect(server.connections.authenticate(token)).toBeUndefined();
  });

  it('drops a connection disabled by another process', () => {
    setConnectionDisabled(otherProcess, connectionId, true, 'test');
    expect(server.connections.authenticate(token)).toBeUndefined();
  });

  it('drops a revoked token in a batch', () => {
    const lookup = {
      method: 'GET',
      path: '/Users',
      query: new URLSearchParams(),
      headers: { authorization: `Bearer ${token}` },
      body: undefined,
      bodyTooLarge: false,
      baseUrl: 'http://127.0.0.1/scim/v2',
    };
    expect(server['scim'].handleBatch([lookup])[0]!.status).toBe(200);

    revokeToken(otherProcess, connectionId, onlyTokenId(otherProcess), 'test');

    const statuses = server['scim'].handleBatch([lookup, lookup]).map((response) => response.status);
    expect(statuses).toEqual([401, 401]);
  });

  it('accepts a connection enabled again', () => {
    setConnectionDisabled(otherProcess, connectionId, true, 'test');
    expect(server.connections.authenticate(token)).toBeUndefined();
    setConnectionDisabled(otherProcess, connectionId, false, 'test');
    expect(server.connections.authenticate(token)?.id).toBe(connectionId);
  });
});
