/** Authentication of SCIM requests and the separation of connections (RFC 7644 §2, §3.12). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ERROR_SCHEMA, LIST_RESPONSE_SCHEMA } from '../helpers/scim-bodies.ts';
import { startScimHarness, type ScimHarness } from '../helpers/scim-harness.ts';

let harness: ScimHarness;

beforeEach(async () => {
  harness = await startScimHarness();
});

afterEach(async () => {
  await harness.close();
});

describe('bearer token authentication', () => {
  it('rejects a request without a token with 401 and WWW-Authenticate', async () => {
    const reply = await harness.scim('GET', '/Users', undefined, { authorization: undefined });

    expect(reply.status).toBe(401);
    expect(reply.headers['www-authenticate']).toBe('Bearer realm="ScimDesk"');
    expect(reply.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    expect(reply.json).toEqual({
      schemas: [ERROR_SCHEMA],
      status: '401',
      detail: 'Authentication required: send "Authorization: Bearer <token>" with the token of your ScimDesk connection.',
    });
  });

  it('rejects an unknown token with 401', async () => {
    const reply = await harness.scim('GET', '/Users', undefined, { authorization: 'Bearer scd_not-a-real-token' });

    expect(reply.status).toBe(401);
    expect(reply.headers['www-authenticate']).toBe('Bearer realm="ScimDesk"');
    expect(reply.json.status).toBe('401');
    expect(reply.json.scimType).toBeUndefined();
    expect(reply.json.detail).toBe(
      'The bearer token is not valid: it is unknown, revoked or expired, or its connection is disabled.',
    );
  });

  it('rejects a token sent with another scheme', async () => {
    const reply = await harness.scim('GET', '/Users', undefined, { authorization: `Basic ${harness.token}` });

    expect(reply.status).toBe(401);
    expect(reply.json.detail).toMatch(/^Authentication required/);
  });

  it('accepts the scheme name in any case', async () => {
    const reply = await harness.scim('GET', '/Users', undefined, { authorization: `bearer ${harness.token}` });

    expect(reply.status).toBe(200);
  });

  it('rejects a write without a token and stores nothing', async () => {
    const reply = await harness.scim('POST', '/Users', { userName: 'ada@example.com' }, { authorization: undefined });

    expect(reply.status).toBe(401);
    const count = harness.engine.db.prepare('SELECT COUNT(*) FROM users').pluck().get();
    expect(count).toBe(0);
  });

  it('checks the token before the body size', async () => {
    const oversized = JSON.stringify({ userName: 'x'.repeat(1_100_000) });

    const reply = await harness.scim('POST', '/Users', oversized, { authorization: undefined });

    expect(reply.status).toBe(401);
  });
});

describe('connection isolation', () => {
  it('returns 404 for a user that another connection provisioned', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const other = harness.addConnection('entra', 'Other');

    const reply = await other.scim('GET', `/Users/${adaId}`);

    expect(reply.status).toBe(404);
    expect(reply.json.detail).toBe(`User ${adaId} not found.`);
  });

  it('returns 404 for a group that another connection provisioned', async () => {
    const groupId = await harness.createGroup('Engineers');
    const other = harness.addConnection('entra', 'Other');

    const reply = await other.scim('GET', `/Groups/${groupId}`);

    expect(reply.status).toBe(404);
    expect(reply.json.detail).toBe(`Group ${groupId} not found.`);
  });

  it('lists only the resources of the calling connection', async () => {
    await harness.createUser('ada@example.com');
    await harness.createGroup('Engineers');
    const other = harness.addConnection('entra', 'Other');

    const users = await other.scim('GET', '/Users');
    const groups = await other.scim('GET', '/Groups');

    expect(users.status).toBe(200);
    expect(users.json).toEqual({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
    expect(groups.status).toBe(200);
    expect(groups.json).toEqual({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
  });

  it('does not let another connection change or delete a user', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const other = harness.addConnection('entra', 'Other');

    const patch = await other.scim('PATCH', `/Users/${adaId}`, {
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    const removal = await other.scim('DELETE', `/Users/${adaId}`);

    expect(patch.status).toBe(404);
    expect(removal.status).toBe(404);
    expect(harness.storedUser(adaId)?.active).toBe(true);
  });

  it('rejects a member that belongs to another connection', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const other = harness.addConnection('entra', 'Other');

    const reply = await other.scim('POST', '/Groups', { displayName: 'Borrowed', members: [{ value: adaId }] });

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidValue');
    expect(reply.json.detail).toBe(`members: no user or group of this connection has the id ${adaId}.`);
    const groupCount = harness.engine.db.prepare('SELECT COUNT(*) FROM groups').pluck().get();
    expect(groupCount).toBe(0);
  });

  it('lets two connections use the same userName', async () => {
    await harness.createUser('ada@example.com');
    const other = harness.addConnection('entra', 'Other');

    const reply = await other.scim('POST', '/Users', { userName: 'ada@example.com' });

    expect(reply.status).toBe(201);
  });
});
