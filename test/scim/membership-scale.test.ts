/** Membership changes on a large group run as set operations (RFC 7644 §3.5.2 on /Groups). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GroupRepository } from '../../src/main/engine/scim/resources/group-repository.ts';
import { UserRepository } from '../../src/main/engine/scim/resources/user-repository.ts';
import { memberValues, patchBody } from '../helpers/scim-bodies.ts';
import { startScimHarness, type ScimHarness } from '../helpers/scim-harness.ts';

const EXISTING_MEMBERS = 5_000;
const NEW_MEMBERS = 100;

let harness: ScimHarness;
let userIds: string[];
let groupId: string;

/**
 * Stores the users and the large group through the repositories in one
 * transaction, because 5,000 POST requests would take seconds.
 */
beforeAll(async () => {
  harness = await startScimHarness();
  const users = new UserRepository(harness.engine.db);
  const groups = new GroupRepository(harness.engine.db);
  const now = new Date().toISOString();

  harness.engine.db.transaction(() => {
    userIds = [];
    for (let index = 0; index < EXISTING_MEMBERS + NEW_MEMBERS; index += 1) {
      const userName = `user${index}@example.com`;
      userIds.push(users.insert(harness.connection.id, { userName, active: true }, now).id);
    }
    const group = groups.insert(harness.connection.id, { displayName: 'Everyone' }, now);
    groups.addMembers(group, memberValues(...userIds.slice(0, EXISTING_MEMBERS)));
    groupId = group.id;
  })();
});

afterAll(async () => {
  await harness.close();
});

describe('PATCH /Groups/{id} on a group of 5,000 members', () => {
  it('adds 100 new members and ignores the 50 already there', async () => {
    const sent = userIds.slice(EXISTING_MEMBERS - 50, EXISTING_MEMBERS + NEW_MEMBERS);

    const reply = await harness.scim('PATCH', `/Groups/${groupId}`, patchBody({ op: 'add', path: 'members', value: memberValues(...sent) }));

    expect(reply.status).toBe(204);
    expect(harness.storedMemberIds(groupId)).toHaveLength(EXISTING_MEMBERS + NEW_MEMBERS);
    const { event } = harness.latestEvent();
    const added = event.changes.filter((change) => change.type === 'member.added');
    expect(added).toHaveLength(NEW_MEMBERS);
    expect(new Set(added.map((change) => change.userId))).toEqual(new Set(userIds.slice(EXISTING_MEMBERS)));
    const fetched = await harness.scim('GET', `/Groups/${groupId}`);
    expect(fetched.json.members).toHaveLength(EXISTING_MEMBERS + NEW_MEMBERS);
  });

  it('removes 100 listed members and keeps all the others', async () => {
    const before = harness.storedMemberIds(groupId).length;
    const removed = userIds.slice(0, NEW_MEMBERS);

    const reply = await harness.scim('PATCH', `/Groups/${groupId}`, patchBody({ op: 'remove', path: 'members', value: memberValues(...removed) }));

    expect(reply.status).toBe(204);
    const remaining = harness.storedMemberIds(groupId);
    expect(remaining).toHaveLength(before - NEW_MEMBERS);
    expect(remaining).not.toContain(removed[0]);
    expect(remaining).toContain(userIds[NEW_MEMBERS]);
  });
});
