import type { CsvTable } from '../csv.ts';
import type { JsonWithLines } from '../json-lines.ts';
import { optionalValue, readActive, requireValue, type SnapshotBuilder } from '../builder.ts';
import { isObject, lineOf, pick } from './json-shapes.ts';
import { readMembershipRows } from './membership-csv.ts';

/**
 * ScimDesk's generic CSV layout (docs/snapshot-formats.md): one row per membership with
 * the columns group and user, and optionally groupId, userId, displayName, email and active.
 */
export function readGenericCsv(table: CsvTable, builder: SnapshotBuilder): void {
  readMembershipRows(
    table,
    {
      label: 'generic',
      expectedGroupTitle: 'group',
      expectedUserTitle: 'user',
      columns: {
        group: ['group', 'groupname', 'groupdisplayname'],
        groupId: ['groupid', 'groupexternalid'],
        groupEmail: [],
        user: ['user', 'username'],
        userId: ['userid', 'externalid', 'userexternalid'],
        displayName: ['displayname', 'name'],
        email: ['email'],
        status: ['active', 'status'],
        memberType: [],
      },
    },
    builder,
  );
}

/**
 * ScimDesk's generic JSON layout: `{ "users": [...], "groups": [...] }`. A user has
 * userName and optionally displayName, email, externalId and active; a group has
 * displayName, optionally externalId, and `members`, a list of userNames. When `users` is
 * given, every member must be listed in it; without it, members are active users.
 */
export function readGenericJson(json: JsonWithLines, builder: SnapshotBuilder): void {
  if (!isObject(json.value) || !Array.isArray(json.value.groups)) {
    builder.problem(1, 'A generic JSON snapshot is an object with a "groups" array (and optionally a "users" array).');
    return;
  }
  const listed = Array.isArray(json.value.users) ? readGenericUsers(json, json.value.users, builder) : undefined;

  for (const entry of json.value.groups) {
    const line = lineOf(json, entry, 1);
    const name = requireValue(builder, line, pick(entry, 'displayName'), 'The group\'s displayName');
    const members = isObject(entry) ? entry.members : undefined;
    if (!Array.isArray(members)) {
      builder.problem(line, 'The group has no "members" array of userNames.');
      continue;
    }
    if (name === undefined) {
      continue;
    }
    const group = builder.addGroup({ displayName: name, externalId: optionalValue(pick(entry, 'externalId')), email: null });
    for (const member of members) {
      const userName = optionalValue(member);
      if (userName === null) {
        builder.problem(line, `A member of ${name} is not a userName: ${JSON.stringify(member)}.`);
        continue;
      }
      const known = listed?.get(userName.toLowerCase());
      if (listed !== undefined && known === undefined) {
        builder.problem(line, `The member "${userName}" of ${name} is not in "users". Add the user there, or fix the name.`);
        continue;
      }
      const user = known ?? builder.addUser({ userName, displayName: null, email: null, externalId: null, active: true });
      builder.addMembership(group, user);
    }
  }
}

function readGenericUsers(json: JsonWithLines, users: unknown[], builder: SnapshotBuilder): Map<string, number> {
  const indexes = new Map<string, number>();
  for (const entry of users) {
    const line = lineOf(json, entry, 1);
    const userName = requireValue(builder, line, pick(entry, 'userName'), 'The user\'s userName');
    const activeValue = pick(entry, 'active');
    const active = activeValue === undefined ? true : readActive(activeValue);
    if (active === undefined) {
      builder.problem(line, `"active" is ${JSON.stringify(activeValue)}, not true or false.`);
    }
    if (userName === undefined || active === undefined) {
      continue;
    }
    const index = builder.addUser({
      userName,
      displayName: optionalValue(pick(entry, 'displayName')),
      email: optionalValue(pick(entry, 'email')),
      externalId: optionalValue(pick(entry, 'externalId')),
      active,
    });
    indexes.set(userName.toLowerCase(), index);
  }
  return indexes;
}
