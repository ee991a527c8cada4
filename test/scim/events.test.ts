/** Every SCIM request becomes a sync event with its changes and its redacted request and response. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { digestEvent, GENESIS_DIGEST } from '../../src/main/engine/events/log.ts';
import { createConsoleApi } from '../helpers/console-api.ts';
import { groupBody, memberValues, patchBody, userBody } from '../helpers/scim-bodies.ts';
import { startScimHarness, type ScimHarness } from '../helpers/scim-harness.ts';

let harness: ScimHarness;

beforeEach(async () => {
  harness = await startScimHarness();
});

afterEach(async () => {
  await harness.close();
});

describe('sync events of SCIM requests', () => {
  it('records connection, method, path with query, and status of each request', async () => {
    const created = await harness.scim('POST', '/Users', userBody('ada@example.com'));
    await harness.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "ada@example.com"')}`);
    await harness.scim('GET', '/Users/unknown-id');

    const [missing, lookup, creation] = harness.recentEvents(3);

    expect(creation).toMatchObject({
      kind: 'scim.request',
      connectionId: harness.connection.id,
      connectionName: 'Test',
      method: 'POST',
      path: '/Users',
      status: 201,
      summary: 'Created user ada@example.com',
    });
    expect(creation?.changes).toHaveLength(1);
    expect(creation?.changes[0]).toMatchObject({ type: 'user.created', text: 'Created user ada@example.com', userId: created.json.id });
    expect(typeof creation?.durationMs).toBe('number');
    expect(lookup).toMatchObject({
      method: 'GET',
      path: '/Users?filter=userName%20eq%20%22ada%40example.com%22',
      status: 200,
      summary: 'GET /Users answered 200 with 1 result',
      changes: [],
    });
    expect(missing).toMatchObject({
      method: 'GET',
      path: '/Users/unknown-id',
      status: 404,
      summary: 'GET /Users/unknown-id answered 404: User unknown-id not found.',
      changes: [],
    });
  });

  it('records a request without a valid token with no connection', async () => {
    await harness.scim('GET', '/Users', undefined, { authorization: 'Bearer scd_wrong' });

    const { event } = harness.latestEvent();

    expect(event.status).toBe(401);
    expect(event.connectionId).toBeNull();
    expect(event.method).toBe('GET');
  });

  it('records the member added and the role gained together', async () => {
    const workspace = harness.engine.createWorkspace('Data Science', 'test');
    const adaId = await harness.createUser('ada@example.com');
    const groupId = await harness.createGroup('Editors');
    harness.engine.addMapping(groupId, { kind: 'workspace', workspaceId: workspace.id, role: 'editor' }, 'test');

    await harness.scim('PATCH', `/Groups/${groupId}`, patchBody({ op: 'add', path: 'members', value: memberValues(adaId) }));

    const { event } = harness.latestEvent();
    expect(event.status).toBe(204);
    expect(event.changes.map((change) => change.type)).toEqual(['member.added', 'role.gained']);
    expect(event.changes[0]).toMatchObject({ type: 'member.added', text: 'ada@example.com joined Editors', groupId, userId: adaId });
    expect(event.changes[1]).toMatchObject({
      type: 'role.gained',
      text: 'ada@example.com gained editor in Data Science via Editors',
      userId: adaId,
      userName: 'ada@example.com',
      workspaceId: workspace.id,
      role: 'editor',
    });
    expect(event.summary).toBe('ada@example.com joined Editors and 1 more change');
  });

  it('records a member removed and the role lost', async () => {
    const workspace = harness.engine.createWorkspace('Data Science', 'test');
    const adaId = await harness.createUser('ada@example.com');
    const groupId = await harness.createGroup('Editors', [adaId]);
    harness.engine.addMapping(groupId, { kind: 'workspace', workspaceId: workspace.id, role: 'editor' }, 'test');

    await harness.scim('PATCH', `/Groups/${groupId}`, patchBody({ op: 'remove', path: `members[value eq "${adaId}"]` }));

    const changes = harness.latestEvent().event.changes;
    expect(changes.map((change) => change.type)).toEqual(['member.removed', 'role.lost']);
    expect(changes[1]?.text).toBe('ada@example.com lost editor in Data Science');
    expect(changes[1]?.previousRole).toBe('editor');
  });

  it('records the user deactivated change', async () => {
    const adaId = await harness.createUser('ada@example.com');

    await harness.scim('PATCH', `/Users/${adaId}`, patchBody({ op: 'replace', path: 'active', value: false }));

    const changes = harness.latestEvent().event.changes;
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ type: 'user.deactivated', text: 'Deactivated user ada@example.com', userId: adaId });
  });

  it('stores the request and the response of a rejected request', async () => {
    await harness.scim('POST', '/Users', { userName: 'ada@example.com', active: 'sometimes' });

    const { detail } = harness.latestEvent();

    expect(detail.request.method).toBe('POST');
    expect(detail.request.body).toEqual({ userName: 'ada@example.com', active: 'sometimes' });
    expect(detail.response.status).toBe(400);
    expect(detail.response.body.scimType).toBe('invalidValue');
    expect(detail.changes).toEqual([]);
  });
});

describe('secrets in sync events', () => {
  it('redacts the bearer token in the stored Authorization header', async () => {
    await harness.scim('POST', '/Users', userBody('ada@example.com'));

    const { detail } = harness.latestEvent();

    expect(detail.request.headers.authorization).toBe('Bearer [redacted]');
    expect(JSON.stringify(detail)).not.toContain(harness.token);
  });

  it('redacts a wrong token too', async () => {
    await harness.scim('GET', '/Users', undefined, { authorization: 'Bearer scd_guessed-secret' });

    const { detail } = harness.latestEvent();

    expect(detail.request.headers.authorization).toBe('Bearer [redacted]');
    expect(JSON.stringify(detail)).not.toContain('scd_guessed-secret');
  });

  it('redacts a password in a create body', async () => {
    await harness.scim('POST', '/Users', userBody('ada@example.com', { password: 'Tr0ub4dor&3' }));

    const { detail } = harness.latestEvent();

    expect(detail.request.body.password).toBe('[redacted]');
    expect(JSON.stringify(detail)).not.toContain('Tr0ub4dor&3');
  });

  it('redacts a password in a path-less PATCH value', async () => {
    const adaId = await harness.createUser('ada@example.com');

    await harness.scim('PATCH', `/Users/${adaId}`, patchBody({ op: 'replace', value: { password: 'Tr0ub4dor&3' } }));

    const { detail } = harness.latestEvent();
    expect(detail.request.body.Operations[0].value.password).toBe('[redacted]');
    expect(JSON.stringify(detail)).not.toContain('Tr0ub4dor&3');
  });

  it('redacts a password set through a PATCH path', async () => {
    const adaId = await harness.createUser('ada@example.com');

    await harness.scim('PATCH', `/Users/${adaId}`, patchBody({ op: 'replace', path: 'password', value: 'Tr0ub4dor&3' }));

    const { detail } = harness.latestEvent();
    expect(detail.request.body.Operations[0].value).toBe('[redacted]');
    expect(JSON.stringify(detail)).not.toContain('Tr0ub4dor&3');
  });

  it('redacts a token sent as a query parameter', async () => {
    await harness.scim('GET', '/Users?access_token=scd_in-the-query');

    const { event, detail } = harness.latestEvent();

    expect(event.path).toBe('/Users?access_token=[redacted]');
    expect(JSON.stringify(detail)).not.toContain('scd_in-the-query');
  });
});

describe('normalizations in sync events', () => {
  it("notes op 'Replace' read as 'replace' and 'False' read as false", async () => {
    const adaId = await harness.createUser('ada@example.com');

    await harness.scim('PATCH', `/Users/${adaId}`, patchBody({ op: 'Replace', path: 'active', value: 'False' }));

    const { detail } = harness.latestEvent();
    expect(detail.normalizations).toEqual([
      "operation 1: op 'Replace' read as 'replace'",
      "PatchOp operation 1: active: 'False' read as false",
    ]);
  });

  it('notes a PatchOp body without its schema', async () => {
    const adaId = await harness.createUser('ada@example.com');

    await harness.scim('PATCH', `/Users/${adaId}`, { Operations: [{ op: 'replace', path: 'displayName', value: 'Ada' }] });

    const { detail } = harness.latestEvent();
    expect(detail.normalizations).toEqual([
      'PatchOp request without the schema "urn:ietf:params:scim:api:messages:2.0:PatchOp" read as a PatchOp',
    ]);
  });

  it('notes a password accepted and not stored', async () => {
    await harness.scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com', password: 'Ada-1815' });

    const { detail } = harness.latestEvent();
    expect(detail.normalizations).toEqual(["'password' accepted and not stored"]);
  });

  it('notes a filter attribute that counts as absent', async () => {
    await harness.createUser('ada@example.com');

    const reply = await harness.scim('GET', `/Users?filter=${encodeURIComponent('favoriteColor eq "blue" or userName pr')}`);

    expect(reply.json.totalResults).toBe(1);
    const { detail } = harness.latestEvent();
    expect(detail.normalizations).toEqual([
      'The filter names "favoriteColor", which User resources do not have or never return, so it was read as absent: comparisons on it are false.',
    ]);
  });
});

describe('connection request counts', () => {
  it('counts requests and failed requests per connection', async () => {
    const consoleApi = createConsoleApi(harness.engine);
    await harness.scim('POST', '/Groups', groupBody('Engineers'));
    await harness.scim('GET', '/Groups/unknown-id');

    const [connection] = consoleApi.call('listConnections', {});

    expect(connection?.requestCount).toBe(2);
    expect(connection?.errorCount).toBe(1);
    expect(connection?.groupCount).toBe(1);
    expect(connection?.lastRequestSummary).toBe('GET /Groups/unknown-id answered 404: Group unknown-id not found.');
    expect(connection?.lastRequestAt).not.toBeNull();
  });
});

describe('event log chain', () => {
  it('chains every event to the one before it by digest', async () => {
    const adaId = await harness.createUser('ada@example.com');
    await harness.scim('PATCH', `/Users/${adaId}`, patchBody({ op: 'replace', path: 'active', value: false }));
    await harness.scim('GET', '/Users/unknown-id');

    const rows = harness.engine.db.prepare('SELECT * FROM events ORDER BY id').all() as (Parameters<typeof digestEvent>[1] & {
      prev_digest: string;
      digest: string;
    })[];

    expect(rows.length).toBeGreaterThanOrEqual(4);
    let previous = GENESIS_DIGEST;
    for (const row of rows) {
      expect(row.prev_digest, `prev_digest of event ${row.id}`).toBe(previous);
      expect(row.digest, `digest of event ${row.id}`).toBe(digestEvent(row.prev_digest, row));
      previous = row.digest;
    }
  });
});
