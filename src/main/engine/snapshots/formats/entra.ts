import type { CsvTable } from '../csv.ts';
import type { JsonWithLines } from '../json-lines.ts';
import { optionalValue, readActive, requireValue, type SnapshotBuilder } from '../builder.ts';
import { entriesOf, isObject, lineOf, pick } from './json-shapes.ts';
import { readMembershipRows } from './membership-csv.ts';

/** Member types of Microsoft Graph that are users. */
const GRAPH_USER_TYPE = '#microsoft.graph.user';

/**
 * Microsoft Entra ID's "Download members" of a group (Groups > a group > Members >
 * Download members): one row per member with Object ID, User principal name, Display name
 * and Member type; older downloads title them id, userPrincipalName, displayName and
 * objectType. That file has no group column, so the group's name comes from `groupName`.
 * A file that has a group column (GroupDisplayName, as PowerShell exports of
 * Get-MgGroupMember often add) may hold several groups.
 */
export function readEntraCsv(table: CsvTable, builder: SnapshotBuilder, groupName: string | undefined): void {
  readMembershipRows(
    table,
    {
      label: 'Entra ID',
      expectedGroupTitle: 'GroupDisplayName',
      hint: 'A "Download members" file lists one group without naming it: give the group\'s name (--group NAME, or the Group field in the console) and import again.',
      expectedUserTitle: 'User principal name',
      groupName,
      columns: {
        group: ['groupdisplayname', 'groupname', 'group'],
        groupId: ['groupid', 'groupobjectid'],
        groupEmail: [],
        user: ['userprincipalname', 'upn'],
        userId: ['objectid', 'id', 'userid', 'memberobjectid'],
        displayName: ['displayname', 'userdisplayname', 'memberdisplayname'],
        email: ['mail', 'email'],
        status: ['accountenabled', 'enabled'],
        memberType: ['membertype', 'objecttype'],
      },
    },
    builder,
  );
}

/**
 * Groups as Microsoft Graph returns them with their members expanded
 * (`GET /groups?$expand=members`): an object with a `value` array, or that array alone.
 * Each group has id, displayName and `members`; members whose @odata.type is not
 * #microsoft.graph.user are skipped, since nested groups pass on no grants.
 */
export function readEntraJson(json: JsonWithLines, builder: SnapshotBuilder): void {
  const groups = entriesOf(json, ['value', 'groups'], builder, 'Entra ID');
  for (const entry of groups ?? []) {
    const line = lineOf(json, entry, 1);
    const name = requireValue(builder, line, pick(entry, 'displayName'), 'The group\'s displayName');
    const members = isObject(entry) ? entry.members : undefined;
    if (!Array.isArray(members)) {
      builder.problem(line, 'The group has no "members" array; export it with $expand=members.');
      continue;
    }
    if (name === undefined) {
      continue;
    }
    const group = builder.addGroup({ displayName: name, externalId: optionalValue(pick(entry, 'id')), email: optionalValue(pick(entry, 'mail')) });
    for (const member of members) {
      // The key has a dot in its name, so it is read directly rather than as a path.
      const type = optionalValue(isObject(member) ? member['@odata.type'] : undefined);
      if (type !== null && type !== GRAPH_USER_TYPE) {
        continue;
      }
      const memberLine = lineOf(json, member, line);
      const upn = requireValue(builder, memberLine, pick(member, 'userPrincipalName'), 'The member\'s userPrincipalName');
      const enabled = pick(member, 'accountEnabled');
      const active = enabled === undefined || enabled === null ? true : readActive(enabled);
      if (active === undefined) {
        builder.problem(memberLine, `accountEnabled is "${String(enabled)}", not true or false.`);
      }
      if (upn === undefined || active === undefined) {
        continue;
      }
      const user = builder.addUser({
        userName: upn,
        displayName: optionalValue(pick(member, 'displayName')),
        email: optionalValue(pick(member, 'mail')),
        externalId: optionalValue(pick(member, 'id')),
        active,
      });
      builder.addMembership(group, user);
    }
  }
}
