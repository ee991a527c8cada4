import { ORGANIZATION_SCOPE } from '../../access/recompute.ts';
import { activeWorkspaceIds, resolveAccess, type GroupGrant, type ResolvedAccess } from '../../access/resolve.ts';
import { readSettings } from '../../access/settings.ts';
import { shownNameSql } from '../../admin/shown-name.ts';
import { directoryAsOf, type PastDirectory, type PastUser } from '../../history/access-at.ts';
import { loadConnectionNamesWithDeleted } from '../../history/connection-names.ts';
import { pastGrantsOf } from '../../history/past-groups.ts';
import type { Db } from '../../store/database.ts';
import { scopeName, sortedNames, type ReportContext } from './context.ts';

/** One user's role in one scope: the organization (admin or member) or a workspace. */
export interface AccessRow {
  userId: string;
  userName: string;
  /**
   * The name the console shows (see shownNameSql). For a past moment, the one the event log recorded,
   * which is null for users created and updated before user changes recorded it.
   */
  displayName: string | null;
  connectionName: string;
  active: boolean;
  /** 'organization' or a workspace id. */
  scope: string;
  scopeName: string;
  role: string;
  /** Names of the groups whose mappings grant the role. */
  grantedBy: string[];
  /** True when the rule "organization admins are admins of every workspace" grants the role. */
  viaOrganizationAdmin: boolean;
  /** When the user gained the role at this level (ISO 8601 UTC); null for the member role. */
  since: string | null;
}

/** Counts behind the totals of an access report. */
export interface AccessCounts {
  users: number;
  activeUsers: number;
  organizationAdmins: number;
  /** Workspace id → role → users. */
  workspaceRoles: Map<string, Map<string, number>>;
  /** Rows the access section yields: one organization row per user plus one per workspace role. */
  rowCount: number;
}

interface UserAccessRow {
  id: string;
  user_name: string;
  display_name: string | null;
  active: number;
  connection_name: string;
  roles: string;
  grants: string;
}

/** One user of the current tables with their stored roles and the access that their groups' mappings resolve to. */
export interface CurrentUserAccess {
  user: UserAccessRow;
  /** Stored roles from `effective_roles`: scope, role and since. */
  roles: [string, string, string][];
  /** The access that the user's groups and their mappings grant now. */
  access: ResolvedAccess;
}

/**
 * Reads every current user, ordered by userName, with the roles stored in
 * `effective_roles` and the access resolved from their groups and mappings.
 */
export function* readCurrentUserAccess(db: Db): Generator<CurrentUserAccess> {
  const settings = readSettings(db);
  const workspaceIds = activeWorkspaceIds(db);
  const rows = db
    .prepare(
      `SELECT u.id, u.user_name, ${shownNameSql('u')} AS display_name, u.active, c.name AS connection_name,
         (SELECT json_group_array(json_array(r.scope, r.role, r.since)) FROM effective_roles r WHERE r.user_id = u.id) AS roles,
         (SELECT json_group_array(json_array(g.id, g.display_name, mp.workspace_id, mp.role))
            FROM group_members gm
            JOIN groups g ON g.id = gm.group_id
            JOIN mappings mp ON mp.group_id = gm.group_id
            LEFT JOIN workspaces w ON w.id = mp.workspace_id
            WHERE gm.member_id = u.id AND (mp.workspace_id IS NULL OR w.archived_at IS NULL)) AS grants
       FROM users u JOIN connections c ON c.id = u.connection_id
       ORDER BY u.user_name_key, u.id`,
    )
    .iterate() as IterableIterator<UserAccessRow>;

  for (const user of rows) {
    const roles = JSON.parse(user.roles) as [string, string, string][];
    const grants = (JSON.parse(user.grants) as [string, string, string | null, GroupGrant['role']][]).map(
      ([groupId, groupName, workspaceId, role]): GroupGrant => ({ groupId, groupName, workspaceId, role }),
    );
    yield { user, roles, access: resolveAccess(grants, user.active === 1, workspaceIds, settings) };
  }
}

/**
 * Streams the current access, ordered by userName: the organization row of each
 * user, then one row per workspace role. Roles and `since` come from
 * `effective_roles`; the granting groups are resolved the way the console
 * explains them, from the user's groups and their mappings.
 */
export function* currentAccessRows(context: ReportContext): Generator<AccessRow> {
  for (const { user, roles, access } of readCurrentUserAccess(context.db)) {
    const base = {
      userId: user.id,
      userName: user.user_name,
      displayName: user.display_name,
      connectionName: user.connection_name,
      active: user.active === 1,
    };

    const organization = roles.find(([scope]) => scope === ORGANIZATION_SCOPE);
    yield {
      ...base,
      scope: ORGANIZATION_SCOPE,
      scopeName: scopeName(context, ORGANIZATION_SCOPE),
      role: organization ? organization[1] : 'member',
      grantedBy: organization ? sortedNames(access.organizationGrantedBy.map((grant) => grant.groupName)) : [],
      viaOrganizationAdmin: false,
      since: organization ? organization[2] : null,
    };

    const workspaceRoles = roles
      .filter(([scope]) => scope !== ORGANIZATION_SCOPE)
      .map(([scope, role, since]) => ({ scope, role, since, name: scopeName(context, scope) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of workspaceRoles) {
      const resolved = access.workspaces.get(entry.scope);
      yield {
        ...base,
        scope: entry.scope,
        scopeName: entry.name,
        role: entry.role,
        grantedBy: sortedNames(resolved?.grantedBy.map((grant) => grant.groupName) ?? []),
        viaOrganizationAdmin: resolved?.viaOrganizationAdmin ?? false,
        since: entry.since,
      };
    }
  }
}

/** Counts the current access with SQL, in the same snapshot that `currentAccessRows` reads. */
export function countCurrentAccess(context: ReportContext): AccessCounts {
  const { db } = context;
  const users = db.prepare('SELECT COUNT(*) AS total, COALESCE(SUM(active), 0) AS active FROM users').get() as { total: number; active: number };
  const roleRows = db
    .prepare(
      `SELECT r.scope, r.role, COUNT(*) AS users FROM effective_roles r JOIN users u ON u.id = r.user_id
       GROUP BY r.scope, r.role`,
    )
    .all() as { scope: string; role: string; users: number }[];
  return buildCounts(users.total, users.active, roleRows);
}

/**
 * Rebuilds access at a past moment from the event log and returns its rows,
 * ordered like the current ones. Deleted users are left out: at that moment
 * they had no access. Display names are the ones the log recorded, if any, and
 * granting groups carry their names of that moment.
 */
export function pastAccessRows(context: ReportContext, at: string): { rows: AccessRow[]; counts: AccessCounts } {
  // NOTE: this keeps every user of that moment in memory (an estimated few hundred bytes each);
  // only reports of the current access stream user by user.
  const settings = readSettings(context.db);
  const connectionNames = loadConnectionNamesWithDeleted(context.db);
  const directory = directoryAsOf(context.db, at);
  const users = [...directory.users.values()]
    .filter((user) => !user.deleted)
    .sort((a, b) => a.userName.toLowerCase().localeCompare(b.userName.toLowerCase()) || a.userId.localeCompare(b.userId));

  const rows: AccessRow[] = [];
  const roleRows: { scope: string; role: string; users: number }[] = [];
  for (const user of users) {
    rows.push(...pastUserRows(context, directory, user, connectionNames, settings.organizationAdminsAreWorkspaceAdmins, at));
    for (const [scope, past] of user.roles) {
      roleRows.push({ scope, role: past.role, users: 1 });
    }
  }
  const activeUsers = users.filter((user) => user.active).length;
  return { rows, counts: buildCounts(users.length, activeUsers, roleRows) };
}

function pastUserRows(
  context: ReportContext,
  directory: PastDirectory,
  user: PastUser,
  connectionNames: Map<string, string>,
  ruleOn: boolean,
  at: string,
): AccessRow[] {
  const base = {
    userId: user.userId,
    userName: user.userName,
    displayName: user.displayName,
    connectionName: user.connectionId === null ? '' : (connectionNames.get(user.connectionId) ?? user.connectionId),
    active: user.active,
  };
  const organization = user.roles.get(ORGANIZATION_SCOPE);
  const rows: AccessRow[] = [
    {
      ...base,
      scope: ORGANIZATION_SCOPE,
      scopeName: scopeName(context, ORGANIZATION_SCOPE),
      role: organization?.role ?? 'member',
      grantedBy: organization === undefined ? [] : sortedNames(pastGrantsOf(directory, organization).map((grant) => grant.groupName)),
      viaOrganizationAdmin: false,
      since: organization?.since ?? null,
    },
  ];
  const workspaces = [...user.roles.entries()]
    .filter(([scope]) => scope !== ORGANIZATION_SCOPE)
    .map(([scope, past]) => ({ scope, past, name: scopeName(context, scope, at) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const { scope, past, name } of workspaces) {
    rows.push({
      ...base,
      scope,
      scopeName: name,
      role: past.role,
      grantedBy: sortedNames(pastGrantsOf(directory, past).map((grant) => grant.groupName)),
      // Role changes record the rule's part. For roles recorded before they did, the setting's
      // current value is assumed, because the log does not record its past value.
      viaOrganizationAdmin: past.viaOrganizationAdmin ?? (ruleOn && organization !== undefined && past.role === 'admin'),
      since: past.since,
    });
  }
  return rows;
}

function buildCounts(users: number, activeUsers: number, roleRows: { scope: string; role: string; users: number }[]): AccessCounts {
  let organizationAdmins = 0;
  let workspaceRoleRows = 0;
  const workspaceRoles = new Map<string, Map<string, number>>();
  for (const row of roleRows) {
    if (row.scope === ORGANIZATION_SCOPE) {
      organizationAdmins += row.users;
      continue;
    }
    workspaceRoleRows += row.users;
    const perRole = workspaceRoles.get(row.scope) ?? new Map<string, number>();
    perRole.set(row.role, (perRole.get(row.role) ?? 0) + row.users);
    workspaceRoles.set(row.scope, perRole);
  }
  return { users, activeUsers, organizationAdmins, workspaceRoles, rowCount: users + workspaceRoleRows };
}
