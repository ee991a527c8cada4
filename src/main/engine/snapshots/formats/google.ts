import type { CsvTable } from '../csv.ts';
import type { JsonWithLines } from '../json-lines.ts';
import { optionalValue, readActive, requireValue, type SnapshotBuilder } from '../builder.ts';
import { entriesOf, isObject, lineOf, pick } from './json-shapes.ts';
import { groupNameFromEmail, readMembershipRows } from './membership-csv.ts';

/** Google member types that are users; GROUP and CUSTOMER members are skipped. */
const USER_MEMBER_TYPES = new Set(['USER', 'EXTERNAL']);

/**
 * Google Workspace's group member CSV: the layout of the Admin console's bulk member
 * upload and download, "Group Email [Required]", "Member Email", "Member Type" and
 * "Member Role", with "Member Name" and "Member Status" when present. A group's name is
 * the "Group Name" column when the file has one, else the part of its email before the @.
 */
export function readGoogleCsv(table: CsvTable, builder: SnapshotBuilder, groupName: string | undefined): void {
  readMembershipRows(
    table,
    {
      label: 'Google Workspace',
      expectedGroupTitle: 'Group Email [Required]',
      expectedUserTitle: 'Member Email',
      groupName,
      columns: {
        group: ['groupname'],
        groupId: ['groupid'],
        groupEmail: ['groupemail'],
        user: ['memberemail'],
        userId: ['memberid'],
        displayName: ['membername'],
        email: ['memberemail'],
        status: ['memberstatus'],
        memberType: ['membertype'],
      },
    },
    builder,
  );
}

/**
 * Google groups as the Admin SDK Directory API returns them (Group resources with id,
 * email and name), each with a `members` array of Member resources (email, id, role, type,
 * status) as `members.list` returns them. The document is that array, or an object with a
 * `groups` array. A single `members.list` response (`kind` admin#directory#members) is one
 * group, named by `groupName`.
 */
export function readGoogleJson(json: JsonWithLines, builder: SnapshotBuilder, groupName: string | undefined): void {
  if (isObject(json.value) && json.value.kind === 'admin#directory#members') {
    if (groupName === undefined) {
      builder.problem(1, 'This file lists the members of one group without naming it. Give the group\'s name or email, then import again.');
      return;
    }
    readGoogleGroup(json, { email: groupName, members: json.value.members }, builder, 1);
    return;
  }
  for (const entry of entriesOf(json, ['groups'], builder, 'Google Workspace') ?? []) {
    readGoogleGroup(json, entry, builder, lineOf(json, entry, 1));
  }
}

function readGoogleGroup(json: JsonWithLines, entry: unknown, builder: SnapshotBuilder, line: number | null): void {
  const email = optionalValue(pick(entry, 'email'));
  const name = requireValue(builder, line, pick(entry, 'name') ?? (email === null ? undefined : groupNameFromEmail(email)), 'The group\'s name or email');
  const members = isObject(entry) ? entry.members : undefined;
  if (!Array.isArray(members)) {
    builder.problem(line, 'The group has no "members" array of Member resources.');
    return;
  }
  if (name === undefined) {
    return;
  }
  const group = builder.addGroup({ displayName: name, externalId: email ?? optionalValue(pick(entry, 'id')), email });
  for (const member of members) {
    const type = optionalValue(pick(member, 'type'))?.toUpperCase() ?? 'USER';
    if (!USER_MEMBER_TYPES.has(type)) {
      continue;
    }
    const memberLine = lineOf(json, member, line);
    const memberEmail = requireValue(builder, memberLine, pick(member, 'email'), 'The member\'s email');
    const active = readActive(pick(member, 'status'));
    if (active === undefined) {
      builder.problem(memberLine, `The member status "${String(pick(member, 'status'))}" is not ACTIVE, SUSPENDED or ARCHIVED.`);
    }
    if (memberEmail === undefined || active === undefined) {
      continue;
    }
    const user = builder.addUser({ userName: memberEmail, displayName: null, email: memberEmail, externalId: optionalValue(pick(member, 'id')), active });
    builder.addMembership(group, user);
  }
}
