/** Connection lifecycle: setup without a token, wizard progress, disable, and deletion with what it removes. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { issueBasicCredentials } from '../../src/main/engine/connections/basic-credentials.ts';
import {
  deleteConnection,
  describeConnectionRemoval,
  setConnectionDisabled,
  startConnectionSetup,
} from '../../src/main/engine/connections/lifecycle.ts';
import { getSetupProgress, listSetupProgress, saveSetupProgress } from '../../src/main/engine/connections/setup-progress.ts';
import { issueStaticToken, listTokenStates } from '../../src/main/engine/connections/token-lifecycle.ts';
import { createOAuthClient } from '../../src/main/engine/oauth/clients.ts';
import { startConnectionHarness, send, type ConnectionHarness } from './harness.ts';

let harness: ConnectionHarness;

beforeEach(async () => {
  harness = await startConnectionHarness();
});

afterEach(async () => {
  await harness.close();
});

async function postJson(token: string, path: string, body: unknown): Promise<any> {
  const reply = await send(`${harness.baseUrl}${path}`, 'POST', JSON.stringify(body), {
    authorization: `Bearer ${token}`,
    'content-type': 'application/scim+json',
  });
  expect(reply.status, JSON.stringify(reply.json)).toBe(201);
  return reply.json;
}

describe('startConnectionSetup', () => {
  it('creates a connection without any token and starts at reachability', () => {
    const connection = startConnectionSetup(harness.engine, 'okta', 'Okta production', 'test');

    expect(listTokenStates(harness.engine, connection.id)).toEqual([]);
    expect(getSetupProgress(harness.engine, connection.id)).toMatchObject({ step: 'reachability', state: {} });
  });

  it('names the provider by its product name in the event', () => {
    startConnectionSetup(harness.engine, 'entra', 'Corporate directory', 'test');

    const event = harness.engine.events.get(harness.engine.events.headId())!.event;
    expect(event.summary).toBe('Started setting up the Microsoft Entra ID connection "Corporate directory"');
  });

  it('rejects a name another connection has, in any case', () => {
    startConnectionSetup(harness.engine, 'okta', 'Okta production', 'test');

    expect(() => startConnectionSetup(harness.engine, 'entra', 'okta PRODUCTION', 'test')).toThrow(
      'A connection named "okta PRODUCTION" already exists. Choose another name.',
    );
  });
});

describe('setup progress', () => {
  it('remembers the step and state per connection', () => {
    const okta = startConnectionSetup(harness.engine, 'okta', 'Okta', 'test');
    const entra = startConnectionSetup(harness.engine, 'entra', 'Entra', 'test');

    saveSetupProgress(harness.engine, okta.id, { step: 'provider-steps', state: { authMethod: 'basic', checkedSteps: [0, 2] } });
    harness.clock.advance(1000);
    saveSetupProgress(harness.engine, entra.id, { step: 'verify', state: {} });

    expect(getSetupProgress(harness.engine, okta.id)).toMatchObject({ step: 'provider-steps', state: { authMethod: 'basic', checkedSteps: [0, 2] } });
    expect(listSetupProgress(harness.engine).map((progress) => progress.connectionId)).toEqual([entra.id, okta.id]);
  });

  it('starts a connection made outside the wizard at reachability', () => {
    const { connection } = harness.engine.createConnection('google', 'Google', 'test');

    expect(getSetupProgress(harness.engine, connection.id)).toEqual({ connectionId: connection.id, step: 'reachability', state: {}, updatedAt: null });
  });
});

describe('deleteConnection', () => {
  it('removes users, groups, memberships and credentials, and keeps the event log', async () => {
    const { connection, token } = harness.engine.createConnection('okta', 'Okta', 'test');
    const other = harness.engine.createConnection('entra', 'Entra', 'test');
    const ada = await postJson(token, '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' });
    await postJson(token, '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'editors', members: [{ value: ada.id }] });
    await postJson(other.token, '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'grace@example.com' });
    issueBasicCredentials(harness.engine, connection.id, 'test');
    createOAuthClient(harness.engine, connection.id, 'test');
    const eventsBefore = harness.engine.events.headId();

    const removal = deleteConnection(harness.engine, connection.id, 'Okta', 'test');

    expect(removal).toEqual({
      connectionId: connection.id, name: 'Okta', users: 1, groups: 1, memberships: 1, tokens: 1, basicCredentials: 1, oauthClients: 1, mappingsKept: 0,
    });
    const count = (sql: string): unknown => harness.engine.db.prepare(sql).pluck().get();
    expect(count('SELECT COUNT(*) FROM users')).toBe(1);
    expect(count('SELECT COUNT(*) FROM groups')).toBe(0);
    expect(count('SELECT COUNT(*) FROM group_members')).toBe(0);
    expect(count(`SELECT COUNT(*) FROM tokens WHERE connection_id = '${connection.id}'`)).toBe(0);
    expect(count('SELECT COUNT(*) FROM basic_credentials')).toBe(0);
    expect(count('SELECT COUNT(*) FROM oauth_clients')).toBe(0);
    expect(harness.engine.events.headId()).toBe(eventsBefore + 1);
    expect(harness.engine.events.get(1)).toBeDefined();
    expect((await harness.getUsers(`Bearer ${token}`)).status).toBe(401);
    expect((await harness.getUsers(`Bearer ${other.token}`)).status).toBe(200);
  });

  it('names what it removed in its event', () => {
    const { connection } = harness.engine.createConnection('okta', 'Okta', 'test');

    deleteConnection(harness.engine, connection.id, 'okta', 'test');

    const event = harness.engine.events.list(undefined, 1).events[0]!;
    expect(event.summary).toBe('Deleted the connection "Okta" with 0 users, 0 groups, 0 memberships and 1 token');
    expect(event.connectionId).toBe(connection.id);
  });

  it('rejects a confirmation that does not repeat the name', () => {
    const { connection } = harness.engine.createConnection('okta', 'Okta', 'test');

    expect(() => deleteConnection(harness.engine, connection.id, 'Entra', 'test')).toThrow(
      'To delete the connection "Okta", type its name exactly; "Entra" does not match.',
    );
    expect(harness.engine.connections.list()).toHaveLength(1);
  });

  it('counts mappings of the deleted groups as kept', async () => {
    const { connection, token } = harness.engine.createConnection('okta', 'Okta', 'test');
    const group = await postJson(token, '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'admins' });
    harness.engine.addMapping(group.id, { kind: 'organization-admin' }, 'test');

    const removal = describeConnectionRemoval(harness.engine, connection.id);

    expect(removal.mappingsKept).toBe(1);
  });
});

describe('setConnectionDisabled', () => {
  it('records one event per change and none when nothing changes', () => {
    const { connection } = harness.engine.createConnection('okta', 'Okta', 'test');
    const before = harness.engine.events.headId();

    setConnectionDisabled(harness.engine, connection.id, true, 'test');
    setConnectionDisabled(harness.engine, connection.id, true, 'test');

    expect(harness.engine.events.headId()).toBe(before + 1);
    expect(harness.engine.connections.get(connection.id).disabled).toBe(true);
  });
});

describe('issueStaticToken', () => {
  it('gives a connection made by the wizard its first token', async () => {
    const connection = startConnectionSetup(harness.engine, 'okta', 'Okta', 'test');

    const issued = issueStaticToken(harness.engine, connection.id, null, 'test');

    expect((await harness.getUsers(`Bearer ${issued.token}`)).status).toBe(200);
    expect(listTokenStates(harness.engine, connection.id)[0]).toMatchObject({ id: issued.tokenId, state: 'active', kind: 'static' });
  });
});
