/** The /Users endpoint: create, read, replace, patch and delete (RFC 7644 §3.3–§3.6). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ENTERPRISE_USER_SCHEMA, ERROR_SCHEMA, USER_SCHEMA, patchBody, userBody } from '../helpers/scim-bodies.ts';
import { startScimHarness, type ScimHarness } from '../helpers/scim-harness.ts';
import linFixture from './fixtures/user-with-enterprise.json' with { type: 'json' };

let harness: ScimHarness;

beforeEach(async () => {
  harness = await startScimHarness();
});

afterEach(async () => {
  await harness.close();
});

describe('POST /Users', () => {
  it('returns 201 with the full resource, Location and ETag', async () => {
    const reply = await harness.scim('POST', '/Users', linFixture);

    expect(reply.status).toBe(201);
    const id = reply.json.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    expect(reply.headers.location).toBe(`${harness.baseUrl}/Users/${id}`);
    expect(reply.headers.location).toBe(reply.json.meta.location);
    expect(reply.headers.etag).toBe('W/"1"');
    expect(reply.json.meta.version).toBe('W/"1"');
    expect(reply.json).toEqual({
      schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      id,
      externalId: 'lin-7',
      userName: 'lin@example.com',
      active: true,
      displayName: 'Lin Example',
      title: 'Data Engineer',
      name: { formatted: 'Lin Example', familyName: 'Example', givenName: 'Lin' },
      emails: [
        { type: 'work', value: 'lin@example.com', primary: true },
        { type: 'home', value: 'lin.home@example.org' },
      ],
      phoneNumbers: [{ type: 'mobile', value: '+1 555 0100' }],
      [ENTERPRISE_USER_SCHEMA]: { employeeNumber: 'E-2001', department: 'Data Science' },
      meta: {
        resourceType: 'User',
        created: reply.json.meta.created,
        lastModified: reply.json.meta.created,
        location: `${harness.baseUrl}/Users/${id}`,
        version: 'W/"1"',
      },
    });
    expect(Number.isNaN(Date.parse(reply.json.meta.created))).toBe(false);
  });

  it('accepts a password but never returns or stores it', async () => {
    const reply = await harness.scim('POST', '/Users', linFixture);

    expect(reply.status).toBe(201);
    expect(reply.json.password).toBeUndefined();
    const stored = harness.storedUser(reply.json.id);
    expect(stored?.doc.password).toBeUndefined();
  });

  it('stores the user with its indexed columns', async () => {
    const reply = await harness.scim('POST', '/Users', linFixture);

    const stored = harness.storedUser(reply.json.id);
    expect(stored?.connectionId).toBe(harness.connection.id);
    expect(stored?.userName).toBe('lin@example.com');
    expect(stored?.externalId).toBe('lin-7');
    expect(stored?.displayName).toBe('Lin Example');
    expect(stored?.active).toBe(true);
    expect(stored?.version).toBe(1);
  });

  it('reads active as the string "False" and stores an inactive user', async () => {
    const reply = await harness.scim('POST', '/Users', userBody('ada@example.com', { active: 'False' }));

    expect(reply.status).toBe(201);
    expect(reply.json.active).toBe(false);
    expect(harness.storedUser(reply.json.id)?.active).toBe(false);
  });

  it('rejects a duplicate userName with 409 uniqueness', async () => {
    const firstId = await harness.createUser('ada@example.com');

    const reply = await harness.scim('POST', '/Users', userBody('ada@example.com'));

    expect(reply.status).toBe(409);
    expect(reply.json).toEqual({
      schemas: [ERROR_SCHEMA],
      status: '409',
      scimType: 'uniqueness',
      detail: `A user with userName "ada@example.com" already exists (id ${firstId}).`,
    });
  });

  it('compares userName case-insensitively for uniqueness', async () => {
    const firstId = await harness.createUser('ada@example.com');

    const reply = await harness.scim('POST', '/Users', userBody('ADA@Example.COM'));

    expect(reply.status).toBe(409);
    expect(reply.json.scimType).toBe('uniqueness');
    expect(reply.json.detail).toBe(
      `A user with userName "ada@example.com" already exists (id ${firstId}). ScimDesk compares userName without regard to case, so "ADA@Example.COM" is the same userName.`,
    );
    const count = harness.engine.db.prepare('SELECT COUNT(*) FROM users').pluck().get();
    expect(count).toBe(1);
  });

  it('rejects a user without userName with 400 invalidValue', async () => {
    const reply = await harness.scim('POST', '/Users', { schemas: [USER_SCHEMA], displayName: 'Nobody' });

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidValue');
    expect(reply.json.detail).toBe("The attribute 'userName' is required and cannot be blank.");
  });

  it('rejects a blank userName with 400 invalidValue', async () => {
    const reply = await harness.scim('POST', '/Users', { schemas: [USER_SCHEMA], userName: ' \t ' });

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidValue');
    expect(reply.json.detail).toBe("The attribute 'userName' is required and cannot be blank.");
    expect(harness.engine.db.prepare('SELECT COUNT(*) FROM users').pluck().get()).toBe(0);
  });

  it('ignores id and meta sent by the client', async () => {
    const reply = await harness.scim('POST', '/Users', {
      ...userBody('ada@example.com'),
      id: 'client-chosen',
      meta: { created: '2000-01-01T00:00:00Z' },
    });

    expect(reply.status).toBe(201);
    expect(reply.json.id).not.toBe('client-chosen');
    expect(reply.json.meta.created).not.toBe('2000-01-01T00:00:00Z');
  });

  it('ignores a read-only sub-attribute sent by the client', async () => {
    const managerId = await harness.createUser('grace@example.com');

    const reply = await harness.scim('POST', '/Users', {
      ...userBody('ada@example.com'),
      [ENTERPRISE_USER_SCHEMA]: { manager: { value: managerId, displayName: 'Chosen by the client' } },
    });

    expect(reply.status).toBe(201);
    expect(reply.json[ENTERPRISE_USER_SCHEMA].manager).toEqual({ value: managerId });
    expect(harness.storedUser(reply.json.id)?.doc[ENTERPRISE_USER_SCHEMA]).toEqual({ manager: { value: managerId } });
  });
});

describe('GET /Users/{id}', () => {
  it('returns the stored resource with its ETag', async () => {
    const created = await harness.scim('POST', '/Users', linFixture);

    const reply = await harness.scim('GET', `/Users/${created.json.id}`);

    expect(reply.status).toBe(200);
    expect(reply.headers.etag).toBe('W/"1"');
    expect(reply.json).toEqual(created.json);
  });

  it('lists the groups the user belongs to', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const groupId = await harness.createGroup('Engineers', [adaId]);

    const reply = await harness.scim('GET', `/Users/${adaId}`);

    expect(reply.json.groups).toEqual([
      { value: groupId, display: 'Engineers', type: 'direct', $ref: `${harness.baseUrl}/Groups/${groupId}` },
    ]);
  });

  it('lists groups by name in a filtered list', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const boId = await harness.createUser('bo@example.com');
    const zetaId = await harness.createGroup('zeta', [adaId]);
    const alphaId = await harness.createGroup('Alpha', [adaId, boId]);

    const reply = await harness.scim('GET', '/Users?filter=userName co "@"&sortBy=userName');
    const [ada, bo, ...rest] = reply.json.Resources;

    expect(rest).toEqual([]);
    expect(ada.groups.map((group: { value: string }) => group.value)).toEqual([alphaId, zetaId]);
    expect(bo.groups).toEqual([{ value: alphaId, display: 'Alpha', type: 'direct', $ref: `${harness.baseUrl}/Groups/${alphaId}` }]);
  });

  it('returns 404 for an unknown id', async () => {
    const reply = await harness.scim('GET', '/Users/00000000-0000-4000-8000-000000000000');

    expect(reply.status).toBe(404);
    expect(reply.json).toEqual({
      schemas: [ERROR_SCHEMA],
      status: '404',
      detail: 'User 00000000-0000-4000-8000-000000000000 not found.',
    });
  });

  it('returns 304 when If-None-Match names the current version', async () => {
    const adaId = await harness.createUser('ada@example.com');

    const reply = await harness.scim('GET', `/Users/${adaId}`, undefined, { 'if-none-match': 'W/"1"' });

    expect(reply.status).toBe(304);
    expect(reply.headers.etag).toBe('W/"1"');
    expect(reply.json).toBeUndefined();
  });

  it('keeps an inactive user readable', async () => {
    const adaId = await harness.createUser('ada@example.com', { active: false });

    const reply = await harness.scim('GET', `/Users/${adaId}`);

    expect(reply.status).toBe(200);
    expect(reply.json.active).toBe(false);
  });
});

describe('PUT /Users/{id}', () => {
  it('replaces every attribute and bumps the version', async () => {
    const created = await harness.scim('POST', '/Users', linFixture);
    const id = created.json.id as string;

    const reply = await harness.scim('PUT', `/Users/${id}`, {
      schemas: [USER_SCHEMA],
      userName: 'lin@example.com',
      displayName: 'Lin Renamed',
      active: true,
    });

    expect(reply.status).toBe(200);
    expect(reply.headers.etag).toBe('W/"2"');
    expect(reply.json.displayName).toBe('Lin Renamed');
    expect(reply.json.title).toBeUndefined();
    expect(reply.json.emails).toBeUndefined();
    expect(reply.json[ENTERPRISE_USER_SCHEMA]).toBeUndefined();
    expect(reply.json.schemas).toEqual([USER_SCHEMA]);
    expect(reply.json.meta.created).toBe(created.json.meta.created);
    const stored = harness.storedUser(id);
    expect(stored?.displayName).toBe('Lin Renamed');
    expect(stored?.doc.title).toBeUndefined();
    expect(stored?.version).toBe(2);
  });

  it('rejects a rename onto another userName with 409 uniqueness', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const graceId = await harness.createUser('grace@example.com');

    const reply = await harness.scim('PUT', `/Users/${graceId}`, { userName: 'Ada@Example.com' });

    expect(reply.status).toBe(409);
    expect(reply.json.scimType).toBe('uniqueness');
    expect(reply.json.detail).toBe(`A user with userName "ada@example.com" already exists (id ${adaId}). ScimDesk compares userName without regard to case, so "Ada@Example.com" is the same userName.`);
    expect(harness.storedUser(graceId)?.userName).toBe('grace@example.com');
  });

  it('allows changing only the case of the own userName', async () => {
    const adaId = await harness.createUser('ada@example.com');

    const reply = await harness.scim('PUT', `/Users/${adaId}`, { userName: 'Ada@Example.com' });

    expect(reply.status).toBe(200);
    expect(harness.storedUser(adaId)?.userName).toBe('Ada@Example.com');
  });

  it('rejects a stale If-Match with 412 and keeps the user', async () => {
    const adaId = await harness.createUser('ada@example.com');
    await harness.scim('PUT', `/Users/${adaId}`, { userName: 'ada@example.com', displayName: 'Ada' });

    const reply = await harness.scim('PUT', `/Users/${adaId}`, { userName: 'ada@example.com', displayName: 'Stale' }, { 'if-match': 'W/"1"' });

    expect(reply.status).toBe(412);
    expect(reply.json.detail).toBe('The resource changed: its version is W/"2", not W/"1".');
    expect(harness.storedUser(adaId)?.displayName).toBe('Ada');
  });

  it('returns 404 for an unknown id', async () => {
    const reply = await harness.scim('PUT', '/Users/unknown-id', { userName: 'ada@example.com' });

    expect(reply.status).toBe(404);
    expect(reply.json.detail).toBe('User unknown-id not found.');
  });
});

describe('PATCH /Users/{id}', () => {
  it('returns 200 with the changed resource and a new ETag', async () => {
    const adaId = await harness.createUser('ada@example.com');

    const reply = await harness.scim('PATCH', `/Users/${adaId}`, patchBody({ op: 'replace', path: 'displayName', value: 'Ada' }));

    expect(reply.status).toBe(200);
    expect(reply.headers.etag).toBe('W/"2"');
    expect(reply.json.displayName).toBe('Ada');
    expect(reply.json.meta.version).toBe('W/"2"');
    expect(harness.storedUser(adaId)?.displayName).toBe('Ada');
  });

  it('rejects a rename onto another userName with 409 uniqueness', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const graceId = await harness.createUser('grace@example.com');

    const reply = await harness.scim('PATCH', `/Users/${graceId}`, patchBody({ op: 'replace', path: 'userName', value: 'ADA@example.com' }));

    expect(reply.status).toBe(409);
    expect(reply.json.scimType).toBe('uniqueness');
    expect(reply.json.detail).toBe(`A user with userName "ada@example.com" already exists (id ${adaId}). ScimDesk compares userName without regard to case, so "ADA@example.com" is the same userName.`);
    expect(harness.storedUser(graceId)?.userName).toBe('grace@example.com');
  });
});

describe('PATCH /Users/{id} response by provider', () => {
  it('returns 204 with the new ETag for Entra ID', async () => {
    const entra = harness.addConnection('entra', 'Entra');
    const created = await entra.scim('POST', '/Users', userBody('ada@example.com'));

    const reply = await entra.scim('PATCH', `/Users/${created.json.id}`, patchBody({ op: 'Replace', path: 'active', value: 'False' }));

    expect(reply.status).toBe(204);
    expect(reply.headers.etag).toBe('W/"2"');
    expect(reply.json).toBeUndefined();
    expect(harness.storedUser(created.json.id)?.active).toBe(false);
  });

  it('returns 200 for Entra ID when attributes are requested', async () => {
    const entra = harness.addConnection('entra', 'Entra');
    const created = await entra.scim('POST', '/Users', userBody('ada@example.com'));

    const reply = await entra.scim('PATCH', `/Users/${created.json.id}?attributes=active`, patchBody({ op: 'replace', path: 'active', value: false }));

    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ schemas: [USER_SCHEMA], id: created.json.id, active: false });
  });

  it('returns 200 with the resource for Okta', async () => {
    const adaId = await harness.createUser('ada@example.com');

    const reply = await harness.scim('PATCH', `/Users/${adaId}`, patchBody({ op: 'replace', path: 'active', value: false }));

    expect(reply.status).toBe(200);
    expect(reply.json.active).toBe(false);
  });
});

describe('DELETE /Users/{id}', () => {
  it('returns 204 and then 404 on GET', async () => {
    const adaId = await harness.createUser('ada@example.com');

    const removal = await harness.scim('DELETE', `/Users/${adaId}`);
    const lookup = await harness.scim('GET', `/Users/${adaId}`);

    expect(removal.status).toBe(204);
    expect(removal.json).toBeUndefined();
    expect(lookup.status).toBe(404);
    expect(harness.storedUser(adaId)).toBeUndefined();
  });

  it('removes the user from every group', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const graceId = await harness.createUser('grace@example.com');
    const groupId = await harness.createGroup('Engineers', [adaId, graceId]);

    await harness.scim('DELETE', `/Users/${adaId}`);

    expect(harness.storedMemberIds(groupId)).toEqual([graceId]);
  });

  it('frees the userName for a new user', async () => {
    const adaId = await harness.createUser('ada@example.com');
    await harness.scim('DELETE', `/Users/${adaId}`);

    const reply = await harness.scim('POST', '/Users', userBody('ada@example.com'));

    expect(reply.status).toBe(201);
  });

  it('returns 404 for a user deleted before', async () => {
    const adaId = await harness.createUser('ada@example.com');
    await harness.scim('DELETE', `/Users/${adaId}`);

    const reply = await harness.scim('DELETE', `/Users/${adaId}`);

    expect(reply.status).toBe(404);
    expect(reply.json.detail).toBe(`User ${adaId} not found.`);
  });
});

describe('preconditions on /Users/{id} (RFC 7644 §3.14, RFC 7232 §3)', () => {
  const cases: { rule: string; method: string; headers: Record<string, string>; status: number; version: number }[] = [
    { rule: 'GET with a stale If-Match is 412', method: 'GET', headers: { 'if-match': 'W/"1"' }, status: 412, version: 2 },
    { rule: 'GET with the current If-Match is 200', method: 'GET', headers: { 'if-match': 'W/"2"' }, status: 200, version: 2 },
    { rule: 'GET with If-None-Match * is 304', method: 'GET', headers: { 'if-none-match': '*' }, status: 304, version: 2 },
    { rule: 'PUT with If-None-Match naming the current version is 412', method: 'PUT', headers: { 'if-none-match': 'W/"2"' }, status: 412, version: 2 },
    { rule: 'PUT with If-None-Match * is 412 because the user exists', method: 'PUT', headers: { 'if-none-match': '*' }, status: 412, version: 2 },
    { rule: 'PUT with If-None-Match naming an old version runs', method: 'PUT', headers: { 'if-none-match': 'W/"1"' }, status: 200, version: 3 },
    { rule: 'PATCH with If-None-Match naming the current version is 412', method: 'PATCH', headers: { 'if-none-match': 'W/"2"' }, status: 412, version: 2 },
    { rule: 'DELETE with If-None-Match naming the current version is 412', method: 'DELETE', headers: { 'if-none-match': 'W/"2"' }, status: 412, version: 2 },
    { rule: 'DELETE with a stale If-Match is 412', method: 'DELETE', headers: { 'if-match': 'W/"1"' }, status: 412, version: 2 },
  ];

  it.each(cases)('$rule', async ({ method, headers, status, version }) => {
    const adaId = await harness.createUser('ada@example.com');
    await harness.scim('PUT', `/Users/${adaId}`, { userName: 'ada@example.com', displayName: 'Ada' });
    const bodies: Record<string, unknown> = {
      PUT: { userName: 'ada@example.com', displayName: 'Changed' },
      PATCH: patchBody({ op: 'replace', path: 'displayName', value: 'Changed' }),
    };

    const reply = await harness.scim(method, `/Users/${adaId}`, bodies[method], headers);

    expect(reply.status).toBe(status);
    if (status === 412) {
      expect(reply.json.scimType).toBeUndefined();
      expect(reply.json.detail).toContain('W/"2"');
    }
    expect(harness.storedUser(adaId)?.version).toBe(version);
  });
});
