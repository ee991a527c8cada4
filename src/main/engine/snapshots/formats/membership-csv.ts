import { cellAt, findColumn, type CsvTable } from '../csv.ts';
import { optionalValue, readActive, requireValue, type SnapshotBuilder } from '../builder.ts';

/** Normalized column titles (see normalizeHeader) that a provider's layout may use for each field. */
export interface MembershipColumns {
  group: readonly string[];
  groupId: readonly string[];
  groupEmail: readonly string[];
  user: readonly string[];
  userId: readonly string[];
  displayName: readonly string[];
  email: readonly string[];
  status: readonly string[];
  /** A member type column: rows whose type is not a user are skipped, since nested groups pass on no grants. */
  memberType: readonly string[];
}

/** Reading rules of one CSV layout: its columns, its name for messages, and the group of a one-group file. */
export interface MembershipLayout {
  label: string;
  columns: MembershipColumns;
  /** Titles listed in the message when a required column is missing. */
  expectedGroupTitle: string;
  expectedUserTitle: string;
  /** A sentence added to the message about a missing column. */
  hint?: string;
  /** The group of every row, for exports of one group that carry no group column. */
  groupName?: string;
}

/** Member types that mean a user, lower-case. An empty type also counts as a user. */
const USER_TYPES = new Set(['', 'user', 'member', '#microsoft.graph.user']);

/**
 * Reads a CSV with one row per membership (a group and one of its members) into the
 * builder. Every bad row is recorded with its line; a missing required column is one
 * problem for the whole file.
 */
export function readMembershipRows(table: CsvTable, layout: MembershipLayout, builder: SnapshotBuilder): void {
  const column = (names: readonly string[]) => findColumn(table, names);
  const columns = {
    group: column(layout.columns.group),
    groupId: column(layout.columns.groupId),
    groupEmail: column(layout.columns.groupEmail),
    user: column(layout.columns.user),
    userId: column(layout.columns.userId),
    displayName: column(layout.columns.displayName),
    email: column(layout.columns.email),
    status: column(layout.columns.status),
    memberType: column(layout.columns.memberType),
  };

  const hasGroup = columns.group >= 0 || columns.groupEmail >= 0 || layout.groupName !== undefined;
  const hasUser = columns.user >= 0 || columns.email >= 0;
  if (!hasGroup || !hasUser) {
    const missing = [!hasGroup ? `"${layout.expectedGroupTitle}"` : '', !hasUser ? `"${layout.expectedUserTitle}"` : ''].filter(Boolean).join(' and ');
    builder.problem(
      table.headerLine,
      `The ${layout.label} header row has no ${missing} column (found: ${table.header.join(', ')}). ${layout.hint ?? `Check that the file is ${/^[aeiou]/i.test(layout.label) ? 'an' : 'a'} ${layout.label} export, or choose another format.`}`,
    );
    return;
  }

  for (const row of table.rows) {
    const memberType = cellAt(row, columns.memberType).toLowerCase();
    if (!USER_TYPES.has(memberType)) {
      continue;
    }
    const groupTitle = columns.group >= 0 ? `"${layout.expectedGroupTitle}"` : 'The group email';
    const groupValue = cellAt(row, columns.group) || groupNameFromEmail(cellAt(row, columns.groupEmail)) || (layout.groupName ?? '');
    const groupName = requireValue(builder, row.line, groupValue, groupTitle);
    const userValue = cellAt(row, columns.user) || cellAt(row, columns.email);
    const userName = requireValue(builder, row.line, userValue, `"${layout.expectedUserTitle}"`);
    const active = readActive(cellAt(row, columns.status));
    if (active === undefined) {
      builder.problem(row.line, `The status "${cellAt(row, columns.status)}" is not one ScimDesk knows; use true or false, or an account status such as ACTIVE, SUSPENDED or DEPROVISIONED.`);
    }
    if (groupName === undefined || userName === undefined || active === undefined) {
      continue;
    }

    const group = builder.addGroup({
      displayName: groupName,
      externalId: optionalValue(cellAt(row, columns.groupId)) ?? optionalValue(cellAt(row, columns.groupEmail)),
      email: optionalValue(cellAt(row, columns.groupEmail)),
    });
    const user = builder.addUser({
      userName,
      displayName: optionalValue(cellAt(row, columns.displayName)),
      email: optionalValue(cellAt(row, columns.email)),
      externalId: optionalValue(cellAt(row, columns.userId)),
      active,
    });
    builder.addMembership(group, user);
  }
}

/** Returns the part of a group email before the @, which Google uses as the group's name in many places. */
export function groupNameFromEmail(email: string): string {
  const at = email.indexOf('@');
  return at > 0 ? email.slice(0, at) : email;
}
