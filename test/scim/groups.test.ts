/** The /Groups endpoint: create, read, replace and delete (RFC 7644 §3.3–§3.6). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { GROUP_SCHEMA, LIST_RESPONSE_SCHEMA, groupBody, memberValues, patchBody } from '../helpers/scim-bodies.ts';
import { startScimHarness, type ScimHarness } from '../helpers/scim-harness.ts';

let harness: ScimHarness;

beforeEach(async () => {
  harness = await startScimHarness();
});

afterEach(async () => {
  await harness.close();
});

describe('POST /Groups', () => {
  it('returns 201 with members, Location and ETag', async () => {
    const adaId = await harness.createUser('ada@example.com');

    const reply = await harness.scim('POST', '/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: 'Engineers',
      externalId: 'okta-00g1',
      members: [{ value: adaId, display: 'Ada from the IdP' }],
    });

    expect(reply.status).toBe(201);
    const id = reply.json.id as string;
    expect(reply.headers.location).toBe(`${harness.baseUrl}/Groups/${id}`);
    expect(reply.headers.location).toBe(reply.json.meta.location);
    expect(reply.headers.etag).toBe('W/"1"');
    expect(reply.json).toEqual({
      schemas: [GROUP_SCHEMA],
      id,
      displayName: 'Engineers',
      externalId: 'okta-00g1',
      members: [{ value: adaId, display: 'Ada from the IdP', type: 'User', $ref: `${harness.baseUrl}/Users/${adaId}` }],
      meta: {
        resourceType: 'Group',
        created: reply.json.meta.created,
        lastModified: reply.json.meta.created,
        location: `${harness.baseUrl}/Groups/${id}`,
        version: 'W/"1"',
      },
    });
    expect(harness.storedMemberIds(id)).toEqual([adaId]);
  });

  it('accepts an extra schema URN and a group without members', async () => {
    const reply = await harness.scim('POST', '/Groups', {
      schemas: [GROUP_SCHEMA, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      displayName: 'Empty',
      meta: { resourceType: 'Group' },
    });

    expect(reply.status).toBe(201);
    expect(reply.json.schemas).toEqual([GROUP_SCHEMA]);
    expect(reply.json.members).toEqual([]);
  });

  it('accepts a nested group as a member', async () => {
    const innerId = await harness.createGroup('Inner');

    const reply = await harness.scim('POST', '/Groups', groupBody('Outer', [innerId]));

    expect(reply.status).toBe(201);
    expect(reply.json.members).toEqual([
      { value: innerId, display: 'Inner', type: 'Group', $ref: `${harness.baseUrl}/Groups/${innerId}` },
    ]);
  });

  it('rejects an unknown member id with 400 invalidValue and creates nothing', async () => {
    const reply = await harness.scim('POST', '/Groups', groupBody('Engineers', ['no-such-user']));

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidValue');
    expect(reply.json.detail).toBe('members: no user or group of this connection has the id no-such-user.');
    const count = harness.engine.db.prepare('SELECT COUNT(*) FROM groups').pluck().get();
    expect(count).toBe(0);
  });

  it('rejects a taken displayName with 409 uniqueness', async () => {
    await harness.createGroup('Engineers', []);

    const reply = await harness.scim('POST', '/Groups', groupBody('ENGINEERS'));

    expect(reply.status).toBe(409);
    expect(reply.json.scimType).toBe('uniqueness');
    expect(reply.json.detail).toMatch(
      /^A group with displayName "Engineers" already exists \(id [0-9a-f-]+\)\. ScimDesk compares displayName without regard to case, so "ENGINEERS" is the same displayName\.$/,
    );
    const list = await harness.scim('GET', '/Groups?filter=displayName eq "Engineers"');
    expect(list.json.totalResults).toBe(1);
  });

  it('rejects a rename into a taken displayName with 409 uniqueness', async () => {
    await harness.createGroup('Engineers', []);
    const otherId = await harness.createGroup('Designers', []);

    const reply = await harness.scim('PATCH', `/Groups/${otherId}`, patchBody({ op: 'replace', path: 'displayName', value: 'engineers' }));

    expect(reply.status).toBe(409);
    expect(reply.json.scimType).toBe('uniqueness');
    const kept = await harness.scim('GET', `/Groups/${otherId}`);
    expect(kept.json.displayName).toBe('Designers');
  });

  it('rejects a group without displayName with 400 invalidValue', async () => {
    const reply = await harness.scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], members: [] });

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidValue');
    expect(reply.json.detail).toBe("The attribute 'displayName' is required and cannot be blank.");
  });

  it('rejects a blank displayName with 400 invalidValue', async () => {
    const reply = await harness.scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: '   ' });

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidValue');
    expect(reply.json.detail).toBe("The attribute 'displayName' is required and cannot be blank.");
    expect(harness.engine.db.prepare('SELECT COUNT(*) FROM groups').pluck().get()).toBe(0);
  });

  it('rejects a member without a value with 400 invalidValue', async () => {
    const reply = await harness.scim('POST', '/Groups', { displayName: 'Engineers', members: [{ display: 'Ada' }] });

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidValue');
    expect(reply.json.detail).toBe("members[0]: each member needs a string 'value' with the member's id.");
  });
});

describe('GET /Groups/{id}', () => {
  it('returns the group with its members', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const created = await harness.scim('POST', '/Groups', groupBody('Engineers', [adaId]));

    const reply = await harness.scim('GET', `/Groups/${created.json.id}`);

    expect(reply.status).toBe(200);
    expect(reply.headers.etag).toBe('W/"1"');
    expect(reply.json).toEqual(created.json);
  });

  it('leaves members out with excludedAttributes=members', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const groupId = await harness.createGroup('Engineers', [adaId]);

    const reply = await harness.scim('GET', `/Groups/${groupId}?excludedAttributes=members`);

    expect(reply.status).toBe(200);
    expect(reply.json.members).toBeUndefined();
    expect(reply.json.displayName).toBe('Engineers');
  });

  it('returns 404 for an unknown id', async () => {
    const reply = await harness.scim('GET', '/Groups/unknown-id');

    expect(reply.status).toBe(404);
    expect(reply.json.status).toBe('404');
    expect(reply.json.detail).toBe('Group unknown-id not found.');
  });
});

describe('GET /Groups', () => {
  it('lists the groups in creation order', async () => {
    const firstId = await harness.createGroup('Zeta');
    const secondId = await harness.createGroup('Alpha');

    const reply = await harness.scim('GET', '/Groups');

    expect(reply.status).toBe(200);
    expect(reply.json.schemas).toEqual([LIST_RESPONSE_SCHEMA]);
    expect(reply.json.totalResults).toBe(2);
    expect(reply.json.Resources.map((group: { id: string }) => group.id)).toEqual([firstId, secondId]);
  });

  it('finds a group by displayName without its members', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const groupId = await harness.createGroup('app-kolena-data-science-editor', [adaId]);
    await harness.createGroup('Other');

    const reply = await harness.scim(
      'GET',
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "app-kolena-data-science-editor"')}`,
    );

    expect(reply.status).toBe(200);
    expect(reply.json.totalResults).toBe(1);
    expect(reply.json.Resources[0].id).toBe(groupId);
    expect(reply.json.Resources[0].members).toBeUndefined();
  });

  it('finds the groups a user belongs to by members.value', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const withAda = await harness.createGroup('With Ada', [adaId]);
    await harness.createGroup('Without Ada');

    const reply = await harness.scim('GET', `/Groups?filter=${encodeURIComponent(`members.value eq "${adaId}"`)}&attributes=id`);

    expect(reply.status).toBe(200);
    expect(reply.json.Resources).toEqual([{ schemas: [GROUP_SCHEMA], id: withAda }]);
  });
});

describe('PUT /Groups/{id}', () => {
  it('replaces the name and the whole member list', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const graceId = await harness.createUser('grace@example.com');
    const groupId = await harness.createGroup('Engineers', [adaId]);

    const reply = await harness.scim('PUT', `/Groups/${groupId}`, groupBody('Platform', [graceId]));

    expect(reply.status).toBe(200);
    expect(reply.headers.etag).toBe('W/"2"');
    expect(reply.json.displayName).toBe('Platform');
    expect(reply.json.members.map((member: { value: string }) => member.value)).toEqual([graceId]);
    expect(harness.storedGroupName(groupId)).toBe('Platform');
    expect(harness.storedMemberIds(groupId)).toEqual([graceId]);
  });

  it('removes every member when members is left out', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const groupId = await harness.createGroup('Engineers', [adaId]);

    const reply = await harness.scim('PUT', `/Groups/${groupId}`, { schemas: [GROUP_SCHEMA], displayName: 'Engineers' });

    expect(reply.status).toBe(200);
    expect(reply.json.members).toEqual([]);
    expect(harness.storedMemberIds(groupId)).toEqual([]);
  });
});

describe('PATCH /Groups/{id} response', () => {
  it('returns 204 with the new ETag and no body', async () => {
    const groupId = await harness.createGroup('Engineers');

    const reply = await harness.scim('PATCH', `/Groups/${groupId}`, patchBody({ op: 'replace', path: 'displayName', value: 'Platform' }));

    expect(reply.status).toBe(204);
    expect(reply.headers.etag).toBe('W/"2"');
    expect(reply.json).toBeUndefined();
    expect(harness.storedGroupName(groupId)).toBe('Platform');
  });

  it('returns 200 with the resource when attributes are requested', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const groupId = await harness.createGroup('Engineers');

    const reply = await harness.scim('PATCH', `/Groups/${groupId}?attributes=members`, patchBody({ op: 'add', path: 'members', value: memberValues(adaId) }));

    expect(reply.status).toBe(200);
    expect(reply.json.id).toBe(groupId);
    expect(reply.json.members.map((member: { value: string }) => member.value)).toEqual([adaId]);
    expect(reply.json.displayName).toBeUndefined();
  });
});

describe('DELETE /Groups/{id}', () => {
  it('returns 204, then 404 on GET, and keeps the member users', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const groupId = await harness.createGroup('Engineers', [adaId]);

    const removal = await harness.scim('DELETE', `/Groups/${groupId}`);
    const lookup = await harness.scim('GET', `/Groups/${groupId}`);

    expect(removal.status).toBe(204);
    expect(lookup.status).toBe(404);
    expect(harness.storedGroupName(groupId)).toBeUndefined();
    expect(harness.storedMemberIds(groupId)).toEqual([]);
    expect(harness.storedUser(adaId)?.userName).toBe('ada@example.com');
  });

  it('removes the group from the groups it was a member of', async () => {
    const innerId = await harness.createGroup('Inner');
    const outerId = await harness.createGroup('Outer', [innerId]);

    await harness.scim('DELETE', `/Groups/${innerId}`);

    expect(harness.storedMemberIds(outerId)).toEqual([]);
  });
});
