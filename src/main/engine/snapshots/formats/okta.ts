import type { CsvTable } from '../csv.ts';
import type { JsonWithLines } from '../json-lines.ts';
import { optionalValue, readActive, requireValue, type SnapshotBuilder } from '../builder.ts';
import { entriesOf, isObject, lineOf, pick } from './json-shapes.ts';
import { readMembershipRows } from './membership-csv.ts';

/**
 * Okta's Group Membership report (Reports > Reports > Group membership > CSV Export):
 * one row per group and member. Okta's help names the report's fields (Group name, Okta
 * username, User fullname, Okta user status, Group membership type) but not the exact
 * CSV titles, so each field accepts the usual spellings.
 */
export function readOktaCsv(table: CsvTable, builder: SnapshotBuilder): void {
  readMembershipRows(
    table,
    {
      label: 'Okta',
      expectedGroupTitle: 'Group name',
      expectedUserTitle: 'Okta username',
      columns: {
        group: ['groupname', 'group', 'groupdisplayname'],
        groupId: ['groupid', 'oktagroupid'],
        groupEmail: [],
        user: ['oktausername', 'username', 'login', 'userlogin'],
        userId: ['userid', 'oktauserid'],
        displayName: ['userfullname', 'fullname', 'displayname', 'user'],
        email: ['email', 'primaryemail', 'useremail'],
        status: ['oktauserstatus', 'userstatus', 'status'],
        memberType: [],
      },
    },
    builder,
  );
}

/**
 * Okta group objects as the Groups API returns them (`GET /api/v1/groups`: id and
 * profile.name), each with a `users` array of user objects as `GET /api/v1/groups/{id}/users`
 * returns them (id, status, profile.login, profile.email, profile.firstName, profile.lastName).
 * The document is that array, or an object with a `groups` array.
 */
export function readOktaJson(json: JsonWithLines, builder: SnapshotBuilder): void {
  const groups = entriesOf(json, ['groups'], builder, 'Okta');
  for (const entry of groups ?? []) {
    const line = lineOf(json, entry, 1);
    const name = requireValue(builder, line, pick(entry, 'profile.name'), 'The group\'s profile.name');
    const members = isObject(entry) ? (entry.users ?? entry.members) : undefined;
    if (!Array.isArray(members)) {
      builder.problem(line, 'The group has no "users" array of its members.');
      continue;
    }
    if (name === undefined) {
      continue;
    }
    const group = builder.addGroup({ displayName: name, externalId: optionalValue(pick(entry, 'id')), email: null });
    for (const member of members) {
      const memberLine = lineOf(json, member, line);
      const login = requireValue(builder, memberLine, pick(member, 'profile.login'), 'The user\'s profile.login');
      const active = readActive(pick(member, 'status'));
      if (active === undefined) {
        builder.problem(memberLine, `The status "${String(pick(member, 'status'))}" is not an Okta user status.`);
      }
      if (login === undefined || active === undefined) {
        continue;
      }
      const first = optionalValue(pick(member, 'profile.firstName'));
      const last = optionalValue(pick(member, 'profile.lastName'));
      const fullName = [first, last].filter((part) => part !== null).join(' ');
      const user = builder.addUser({
        userName: login,
        displayName: optionalValue(pick(member, 'profile.displayName')) ?? (fullName === '' ? null : fullName),
        email: optionalValue(pick(member, 'profile.email')),
        externalId: optionalValue(pick(member, 'id')),
        active,
      });
      builder.addMembership(group, user);
    }
  }
}
