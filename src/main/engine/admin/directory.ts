import type { UserPermissions, UserSummary } from '../../../shared/api.ts';
import { activeWorkspaceIds, loadGrants, resolveAccess } from '../access/resolve.ts';
import { ORGANIZATION_SCOPE } from '../access/recompute.ts';
import { readSettings } from '../access/settings.ts';
import { describeDeactivation, loadDeactivationTime } from '../history/deactivation.ts';
import type { Db } from '../store/database.ts';
import { AdminError } from './errors.ts';
import { shownNameSql } from './shown-name.ts';

interface UserRow {
  id: string;
  user_name: string;
  display_name: string | null;
  active: number;
  connection_id: string;
  connection_name: string;
  org_admin: number;
  workspace_count: number;
}

const SELECT_USERS = `SELECT u.id, u.user_name, ${shownNameSql('u')} AS display_name, u.active, u.connection_id, c.name AS connection_name,
  EXISTS (SELECT 1 FROM effective_roles r WHERE r.user_id = u.id AND r.scope = '${ORGANIZATION_SCOPE}') AS org_admin,
  (SELECT COUNT(*) FROM effective_roles r WHERE r.user_id = u.id AND r.scope <> '${ORGANIZATION_SCOPE}') AS workspace_count
  FROM users u JOIN connections c ON c.id = u.connection_id`;

/** Read-only views of provisioned users and their effective permissions. */
export class Directory {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Lists users whose userName or display name contains `search` (case-insensitive), at most `limit`. */
  listUsers(search: string | undefined, limit = 500): UserSummary[] {
    const term = search?.trim().toLowerCase() ?? '';
    const rows = (
      term === ''
        ? this.db.prepare(`${SELECT_USERS} ORDER BY u.user_name_key LIMIT ?`).all(limit)
        : this.db
            .prepare(
              `${SELECT_USERS} WHERE instr(u.user_name_key, ?) > 0 OR instr(scim_fold(COALESCE(${shownNameSql('u')}, '')), ?) > 0
               ORDER BY u.user_name_key LIMIT ?`,
            )
            .all(term, term, limit)
    ) as UserRow[];
    return rows.map(toSummary);
  }

  /** Finds a user by id, or by userName (case-insensitive) in any connection. */
  findUser(idOrUserName: string): UserSummary {
    const row = this.db
      .prepare(`${SELECT_USERS} WHERE u.id = ? OR u.user_name_key = ? ORDER BY u.seq LIMIT 1`)
      .get(idOrUserName, idOrUserName.toLowerCase()) as UserRow | undefined;
    if (!row) {
      throw new AdminError('not-found', `No provisioned user has the id or userName "${idOrUserName}".`);
    }
    return toSummary(row);
  }

  /**
   * Finds the user with this id, or every user with this userName (case-insensitive), one
   * per connection that provisioned it, in provisioning order. Throws not-found when none.
   */
  findUsers(idOrUserName: string): UserSummary[] {
    const rows = this.db
      .prepare(`${SELECT_USERS} WHERE u.id = ? OR u.user_name_key = ? ORDER BY u.seq`)
      .all(idOrUserName, idOrUserName.toLowerCase()) as UserRow[];
    if (rows.length === 0) {
      throw new AdminError('not-found', `No provisioned user has the id or userName "${idOrUserName}".`);
    }
    return rows.map(toSummary);
  }

  /** Explains a user's effective permissions: each role with the groups behind it and since when. */
  getUserPermissions(userId: string): UserPermissions {
    const user = this.findUser(userId);
    const settings = readSettings(this.db);
    const access = resolveAccess(loadGrants(this.db, user.id), user.active, activeWorkspaceIds(this.db), settings);
    const since = new Map(
      (this.db.prepare('SELECT scope, since FROM effective_roles WHERE user_id = ?').all(user.id) as { scope: string; since: string }[]).map(
        (row) => [row.scope, row.since],
      ),
    );
    const workspaceNames = new Map(
      (this.db.prepare('SELECT id, name FROM workspaces').all() as { id: string; name: string }[]).map((row) => [row.id, row.name]),
    );
    const groups = this.db
      .prepare(
        `SELECT g.id, g.display_name AS displayName FROM group_members m JOIN groups g ON g.id = m.group_id
         WHERE m.member_id = ? ORDER BY g.display_name_key`,
      )
      .all(user.id) as { id: string; displayName: string }[];

    const toGranting = (grant: { groupId: string; groupName: string; role: string }) => ({
      groupId: grant.groupId,
      groupName: grant.groupName,
      role: grant.role as 'viewer' | 'editor' | 'admin',
    });

    return {
      user,
      organization: {
        role: access.organizationAdmin ? 'admin' : 'member',
        since: since.get(ORGANIZATION_SCOPE) ?? null,
        grantedBy: access.organizationGrantedBy.map((grant) => ({ groupId: grant.groupId, groupName: grant.groupName })),
      },
      workspaces: [...access.workspaces.values()]
        .map((resolved) => ({
          workspaceId: resolved.workspaceId,
          workspaceName: workspaceNames.get(resolved.workspaceId) ?? resolved.workspaceId,
          role: resolved.role,
          since: since.get(resolved.workspaceId) ?? null,
          grantedBy: resolved.grantedBy.map(toGranting),
          outranked: resolved.outranked.map(toGranting),
          viaOrganizationAdmin: resolved.viaOrganizationAdmin,
        }))
        .sort((a, b) => a.workspaceName.localeCompare(b.workspaceName)),
      groups,
      noAccessReason: user.active ? null : describeDeactivation(loadDeactivationTime(this.db, user.id)),
    };
  }
}

function toSummary(row: UserRow): UserSummary {
  return {
    id: row.id,
    userName: row.user_name,
    displayName: row.display_name,
    active: row.active === 1,
    connectionId: row.connection_id,
    connectionName: row.connection_name,
    organizationRole: row.org_admin === 1 ? 'admin' : 'member',
    workspaceCount: row.workspace_count,
  };
}
