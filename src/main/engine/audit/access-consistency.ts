import { ORGANIZATION_SCOPE } from '../access/recompute.ts';
import { currentAccessRows, pastAccessRows, readCurrentUserAccess, type AccessRow, type CurrentUserAccess } from './reports/access-rows.ts';
import { scopeName, type ReportContext } from './reports/context.ts';

/** Users listed with their differences in a check's outcome; the count covers all of them. */
export const MAX_LISTED_USERS = 20;

/** One user whose stored access differs from the access rebuilt from the event log. */
export interface AccessDifference {
  userId: string;
  userName: string;
  /** Each differing scope in one sentence, e.g. "Data Science: stored admin (…), the event log gives member (…)". */
  differences: string[];
}

/** Outcome of comparing the current access tables with the access rebuilt from the event log. */
export interface CurrentAccessCheck {
  agrees: boolean;
  /** Users in either view. */
  usersCompared: number;
  /** Users whose access differs, all of them counted. */
  differingUserCount: number;
  /** The first MAX_LISTED_USERS of them, ordered by userName. */
  differingUsers: AccessDifference[];
  /** The instant the access was rebuilt at (ISO 8601 UTC). */
  rebuiltAt: string;
}

/**
 * Compares the access that reports of "now" read from the current tables (users,
 * effective_roles, group_members, mappings) with the access rebuilt from the event
 * log at `at`, which must not be earlier than the newest event. The chain check
 * covers only the event log, so this is what shows that a row of those tables
 * was edited without a request or admin change. Compared per user and scope: the
 * userName, the active flag, the role, the granting groups, the organization-admin
 * rule and the time since which the user has the role. The stored roles must
 * also be the ones that the user's groups and their current mappings grant, so
 * that an edited mapping shows even where the granting group's name stays the same.
 *
 * NOTE: display names and connection names are not compared, because the log of
 * stores made before user changes recorded display names has none for older users.
 * The rebuild reads the whole event log synchronously, so its time grows with the
 * log: 0.5 to 1.8 s for 20,000 users and 20,066 events in bench/access-check.ts,
 * on 2 shared cores whose load varied.
 */
export function checkCurrentAccess(context: ReportContext, at: string): CurrentAccessCheck {
  const current = groupByUser(currentAccessRows(context));
  const rebuilt = groupByUser(pastAccessRows(context, at).rows);
  const unmapped = compareWithMappings(context);
  const userIds = new Set([...current.keys(), ...rebuilt.keys()]);

  const differing: AccessDifference[] = [];
  for (const userId of userIds) {
    const differences = [...compareUser(current.get(userId) ?? [], rebuilt.get(userId) ?? []), ...(unmapped.get(userId) ?? [])];
    if (differences.length > 0) {
      const userName = current.get(userId)?.[0]?.userName ?? rebuilt.get(userId)?.[0]?.userName ?? userId;
      differing.push({ userId, userName, differences });
    }
  }
  differing.sort((a, b) => a.userName.localeCompare(b.userName) || a.userId.localeCompare(b.userId));

  return {
    agrees: differing.length === 0,
    usersCompared: userIds.size,
    differingUserCount: differing.length,
    differingUsers: differing.slice(0, MAX_LISTED_USERS),
    rebuiltAt: at,
  };
}

/**
 * Runs `checkCurrentAccess` in a report context as of now: at the later of its
 * generation time and the newest event's time, so that every recorded change counts.
 */
export function checkCurrentAccessNow(context: ReportContext): CurrentAccessCheck {
  const newest = context.db.prepare('SELECT MAX(at) FROM events').pluck().get() as string | null;
  const at = newest !== null && newest > context.generatedAt ? newest : context.generatedAt;
  return checkCurrentAccess(context, at);
}

/** Describes the outcome in one sentence, for report headers and the CLI. */
export function describeCurrentAccessCheck(check: CurrentAccessCheck): string {
  if (check.agrees) {
    return `Agrees with the event log: the stored roles, granting groups and since times of all ${check.usersCompared} users match the access rebuilt from the log and the grants of their groups' mappings.`;
  }
  const users = check.differingUserCount === 1 ? '1 user differs' : `${check.differingUserCount} users differ`;
  const names = check.differingUsers.map((user) => user.userName).join(', ');
  const more = check.differingUserCount > check.differingUsers.length ? ` and ${check.differingUserCount - check.differingUsers.length} more` : '';
  return (
    `DIFFERS from the event log: ${users} (${names}${more}), so the current tables were changed without a recorded event ` +
    'and the rows of current access may be wrong. Run `scimdesk verify` to list the differences.'
  );
}

function groupByUser(rows: Iterable<AccessRow>): Map<string, AccessRow[]> {
  const byUser = new Map<string, AccessRow[]>();
  for (const row of rows) {
    const list = byUser.get(row.userId) ?? [];
    list.push(row);
    byUser.set(row.userId, list);
  }
  return byUser;
}

function compareUser(stored: AccessRow[], rebuilt: AccessRow[]): string[] {
  if (stored.length === 0) {
    return ['missing from the users table, but the event log has the user'];
  }
  if (rebuilt.length === 0) {
    return ['in the users table, but no event of the log created the user or the log records it as deleted'];
  }
  const differences: string[] = [];
  const first = { stored: stored[0]!, rebuilt: rebuilt[0]! };
  if (first.stored.userName !== first.rebuilt.userName) {
    differences.push(`userName: stored "${first.stored.userName}", the event log gives "${first.rebuilt.userName}"`);
  }
  if (first.stored.active !== first.rebuilt.active) {
    differences.push(`active: stored ${first.stored.active}, the event log gives ${first.rebuilt.active}`);
  }

  const storedByScope = new Map(stored.map((row) => [row.scope, row]));
  const rebuiltByScope = new Map(rebuilt.map((row) => [row.scope, row]));
  for (const scope of new Set([...storedByScope.keys(), ...rebuiltByScope.keys()])) {
    const storedRow = storedByScope.get(scope);
    const rebuiltRow = rebuiltByScope.get(scope);
    const storedText = describeRole(storedRow);
    const rebuiltText = describeRole(rebuiltRow);
    if (storedText !== rebuiltText) {
      const name = storedRow?.scopeName ?? rebuiltRow?.scopeName ?? scope;
      differences.push(`${name}: stored ${storedText}, the event log gives ${rebuiltText}`);
    }
  }
  return differences;
}

/** Lists, per user, each scope whose stored role is not the one that the user's groups and their mappings grant now. */
function compareWithMappings(context: ReportContext): Map<string, string[]> {
  const byUser = new Map<string, string[]>();
  for (const entry of readCurrentUserAccess(context.db)) {
    const differences = compareStoredWithResolved(context, entry);
    if (differences.length > 0) {
      byUser.set(entry.user.id, differences);
    }
  }
  return byUser;
}

function compareStoredWithResolved(context: ReportContext, { roles, access }: CurrentUserAccess): string[] {
  const stored = new Map(roles.map(([scope, role]) => [scope, role]));
  const granted = new Map<string, string>([...access.workspaces].map(([scope, resolved]) => [scope, resolved.role]));
  if (access.organizationAdmin) {
    granted.set(ORGANIZATION_SCOPE, 'admin');
  }
  const differences: string[] = [];
  for (const scope of new Set([...stored.keys(), ...granted.keys()])) {
    const storedRole = stored.get(scope) ?? 'no role';
    const grantedRole = granted.get(scope) ?? 'no role';
    if (storedRole !== grantedRole) {
      differences.push(`${scopeName(context, scope)}: stored ${storedRole}, but the user's groups and their mappings grant ${grantedRole}`);
    }
  }
  return differences;
}

function describeRole(row: AccessRow | undefined): string {
  if (row === undefined) {
    return 'no role';
  }
  const grantedBy = row.grantedBy.length === 0 ? 'no group' : row.grantedBy.join(', ');
  const rule = row.viaOrganizationAdmin ? ', by the organization-admin rule' : '';
  return `${row.role} (granted by ${grantedBy}${rule}, since ${row.since ?? 'no time'})`;
}
