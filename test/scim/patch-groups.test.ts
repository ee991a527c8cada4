/** PATCH /Groups/{id} (RFC 7644 §3.5.2): membership as set operations, renames and atomicity. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { memberValues, patchBody, type PatchOperationBody } from '../helpers/scim-bodies.ts';
import { startScimHarness, type ScimHarness } from '../helpers/scim-harness.ts';

let harness: ScimHarness;
let adaId: string;
let graceId: string;
let linusId: string;
let margaretId: string;

beforeEach(async () => {
  harness = await startScimHarness();
  adaId = await harness.createUser('ada@example.com');
  graceId = await harness.createUser('grace@example.com');
  linusId = await harness.createUser('linus@example.com');
  margaretId = await harness.createUser('margaret@example.com');
});

afterEach(async () => {
  await harness.close();
});

function patchGroup(groupId: string, ...operations: PatchOperationBody[]) {
  return harness.scim('PATCH', `/Groups/${groupId}`, patchBody(...operations));
}

function sorted(...ids: string[]): string[] {
  return [...ids].sort();
}

describe('PATCH /Groups/{id} adding members', () => {
  it('adds the listed members and returns 204', async () => {
    const groupId = await harness.createGroup('Engineers', [adaId]);

    const reply = await patchGroup(groupId, { op: 'Add', path: 'members', value: [{ $ref: null, value: graceId }, { value: linusId }] });

    expect(reply.status).toBe(204);
    expect(reply.json).toBeUndefined();
    expect(harness.storedMemberIds(groupId)).toEqual(sorted(adaId, graceId, linusId));
  });

  it('keeps one membership when a member is added twice', async () => {
    const groupId = await harness.createGroup('Engineers', [adaId]);

    const reply = await patchGroup(groupId, { op: 'add', path: 'members', value: memberValues(adaId, graceId, graceId) });

    expect(reply.status).toBe(204);
    expect(harness.storedMemberIds(groupId)).toEqual(sorted(adaId, graceId));
  });

  it('adds members from a path-less value', async () => {
    const groupId = await harness.createGroup('Engineers');

    const reply = await patchGroup(groupId, { op: 'add', value: { members: memberValues(adaId) } });

    expect(reply.status).toBe(204);
    expect(harness.storedMemberIds(groupId)).toEqual([adaId]);
  });

  it('rejects an unknown user id with 400 invalidValue and changes nothing', async () => {
    const groupId = await harness.createGroup('Engineers', [adaId]);

    const reply = await patchGroup(groupId, { op: 'add', path: 'members', value: memberValues(graceId, 'no-such-user') });

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidValue');
    expect(reply.json.detail).toBe('members: no user or group of this connection has the id no-such-user.');
    expect(harness.storedMemberIds(groupId)).toEqual([adaId]);
  });

  it('rejects the group as its own member with 400 invalidValue', async () => {
    const groupId = await harness.createGroup('Engineers');

    const reply = await patchGroup(groupId, { op: 'add', path: 'members', value: memberValues(groupId) });

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidValue');
    expect(reply.json.detail).toBe(`members: the group ${groupId} cannot be a member of itself.`);
    expect(harness.storedMemberIds(groupId)).toEqual([]);
  });
});

describe('PATCH /Groups/{id} removing members', () => {
  let groupId: string;

  beforeEach(async () => {
    groupId = await harness.createGroup('Engineers', [adaId, graceId, linusId]);
  });

  it('removes only the listed members when value is an array', async () => {
    const reply = await patchGroup(groupId, { op: 'Remove', path: 'members', value: [{ value: graceId }] });

    expect(reply.status).toBe(204);
    expect(harness.storedMemberIds(groupId)).toEqual(sorted(adaId, linusId));
  });

  it('removes two listed members and keeps the third', async () => {
    const reply = await patchGroup(groupId, { op: 'remove', path: 'members', value: memberValues(adaId, linusId) });

    expect(reply.status).toBe(204);
    expect(harness.storedMemberIds(groupId)).toEqual([graceId]);
  });

  it('removes the member a value filter selects', async () => {
    const reply = await patchGroup(groupId, { op: 'remove', path: `members[value eq "${adaId}"]` });

    expect(reply.status).toBe(204);
    expect(harness.storedMemberIds(groupId)).toEqual(sorted(graceId, linusId));
  });

  it('removes the members an or filter selects', async () => {
    const reply = await patchGroup(groupId, { op: 'remove', path: `members[value eq "${adaId}" or value eq "${linusId}"]` });

    expect(reply.status).toBe(204);
    expect(harness.storedMemberIds(groupId)).toEqual([graceId]);
  });

  it('removes every member when members has no value', async () => {
    const reply = await patchGroup(groupId, { op: 'remove', path: 'members' });

    expect(reply.status).toBe(204);
    expect(harness.storedMemberIds(groupId)).toEqual([]);
  });

  it('keeps the member when only its display is removed', async () => {
    const reply = await patchGroup(groupId, { op: 'remove', path: `members[value eq "${adaId}"].display` });

    expect([204, 400]).toContain(reply.status);
    expect(harness.storedMemberIds(groupId)).toEqual(sorted(adaId, graceId, linusId));
  });

  it('accepts the removal of a user who is not a member', async () => {
    const reply = await patchGroup(groupId, { op: 'remove', path: `members[value eq "${margaretId}"]` });

    expect(reply.status).toBe(204);
    expect(harness.storedMemberIds(groupId)).toEqual(sorted(adaId, graceId, linusId));
  });
});

describe('PATCH /Groups/{id} replacing members and names', () => {
  it('replaces all members with the given list', async () => {
    const groupId = await harness.createGroup('Engineers', [adaId, graceId]);

    const reply = await patchGroup(groupId, { op: 'replace', path: 'members', value: memberValues(graceId, margaretId) });

    expect(reply.status).toBe(204);
    expect(harness.storedMemberIds(groupId)).toEqual(sorted(graceId, margaretId));
  });

  it('empties the group when members is replaced with an empty list', async () => {
    const groupId = await harness.createGroup('Engineers', [adaId, graceId]);

    const reply = await patchGroup(groupId, { op: 'replace', path: 'members', value: [] });

    expect(reply.status).toBe(204);
    expect(harness.storedMemberIds(groupId)).toEqual([]);
  });

  it('renames from a path-less value that repeats the id', async () => {
    const groupId = await harness.createGroup('Engineers', [adaId]);

    const reply = await patchGroup(groupId, { op: 'replace', value: { id: groupId, displayName: 'Platform' } });

    expect(reply.status).toBe(204);
    expect(reply.headers.etag).toBe('W/"2"');
    expect(harness.storedGroupName(groupId)).toBe('Platform');
    expect(harness.storedMemberIds(groupId)).toEqual([adaId]);
  });

  it('rejects a replace through a members filter with 400 invalidPath', async () => {
    const groupId = await harness.createGroup('Engineers', [adaId]);

    const reply = await patchGroup(groupId, { op: 'replace', path: `members[value eq "${adaId}"]`, value: memberValues(graceId) });

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidPath');
    expect(reply.json.detail).toBe('PatchOp operation 1: replacing filtered members is not supported; remove them and add the new ones.');
    expect(harness.storedMemberIds(groupId)).toEqual([adaId]);
  });

  it('rejects removing displayName with 400 invalidValue', async () => {
    const groupId = await harness.createGroup('Engineers');

    const reply = await patchGroup(groupId, { op: 'remove', path: 'displayName' });

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidValue');
    expect(reply.json.detail).toBe("The attribute 'displayName' is required and cannot be removed or blank.");
    expect(harness.storedGroupName(groupId)).toBe('Engineers');
  });
});

describe('PATCH /Groups/{id} with several operations', () => {
  it('applies a removal and an addition in one request', async () => {
    const groupId = await harness.createGroup('Engineers', [adaId, graceId]);

    const reply = await patchGroup(
      groupId,
      { op: 'replace', value: { id: groupId, displayName: 'Engineers' } },
      { op: 'remove', path: `members[value eq "${adaId}"]` },
      { op: 'add', path: 'members', value: [{ value: linusId, display: 'linus@example.com' }] },
    );

    expect(reply.status).toBe(204);
    expect(harness.storedMemberIds(groupId)).toEqual(sorted(graceId, linusId));
  });

  it('applies operations in order: add then remove leaves the user out', async () => {
    const groupId = await harness.createGroup('Engineers');

    const reply = await patchGroup(
      groupId,
      { op: 'add', path: 'members', value: memberValues(adaId) },
      { op: 'remove', path: `members[value eq "${adaId}"]` },
    );

    expect(reply.status).toBe(204);
    expect(harness.storedMemberIds(groupId)).toEqual([]);
  });

  it('applies operations in order: remove then add keeps the user in', async () => {
    const groupId = await harness.createGroup('Engineers', [adaId]);

    const reply = await patchGroup(
      groupId,
      { op: 'remove', path: `members[value eq "${adaId}"]` },
      { op: 'add', path: 'members', value: memberValues(adaId) },
    );

    expect(reply.status).toBe(204);
    expect(harness.storedMemberIds(groupId)).toEqual([adaId]);
  });

  it('changes nothing when the last operation names an unknown member', async () => {
    const groupId = await harness.createGroup('Engineers', [adaId]);

    const reply = await patchGroup(
      groupId,
      { op: 'add', path: 'members', value: memberValues(graceId) },
      { op: 'remove', path: `members[value eq "${adaId}"]` },
      { op: 'Replace', path: 'displayName', value: 'Renamed' },
      { op: 'add', path: 'members', value: memberValues('no-such-user') },
    );

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidValue');
    expect(reply.json.detail).toBe('members: no user or group of this connection has the id no-such-user.');
    expect(harness.storedMemberIds(groupId)).toEqual([adaId]);
    expect(harness.storedGroupName(groupId)).toBe('Engineers');
    const fetched = await harness.scim('GET', `/Groups/${groupId}`);
    expect(fetched.json.meta.version).toBe('W/"1"');
  });

  it('changes nothing when the last operation has an invalid path', async () => {
    const groupId = await harness.createGroup('Engineers', [adaId]);

    const reply = await patchGroup(
      groupId,
      { op: 'add', path: 'members', value: memberValues(graceId, linusId) },
      { op: 'add', path: 'owners', value: 'x' },
    );

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidPath');
    expect(reply.json.detail).toBe('PatchOp operation 2: "owners" is not an attribute of Group.');
    expect(harness.storedMemberIds(groupId)).toEqual([adaId]);
  });

  it('records no membership change for a rejected request', async () => {
    const groupId = await harness.createGroup('Engineers');

    await patchGroup(
      groupId,
      { op: 'add', path: 'members', value: memberValues(graceId) },
      { op: 'add', path: 'members', value: memberValues('no-such-user') },
    );

    const event = harness.latestEvent().event;
    expect(event.status).toBe(400);
    expect(event.changes).toEqual([]);
  });
});
