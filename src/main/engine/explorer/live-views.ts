import type { AccessMatrix, GroupGrants, Workspace, WorkspaceRoster } from '../../../shared/api.ts';
import { WORKSPACE_ROLE_RANK, type Grant, type WorkspaceRole } from '../../../shared/model.ts';
import type { GroupGrant, ResolvedAccess } from '../access/resolve.ts';
import { resolveWorldUser, type AccessWorld } from '../access/world.ts';
import { AdminError } from '../admin/errors.ts';
import type { Db } from '../store/database.ts';

/** Roles a user has held since, by user id and scope, as `effective_roles` stores them. */
export type SinceIndex = Map<string, Map<string, string>>;

/** Loads when each live role began, for the live views. */
export function loadSinceIndex(db: Db): SinceIndex {
  const index: SinceIndex = new Map();
  const rows = db.prepare('SELECT user_id, scope, since FROM effective_roles').all() as { user_id: string; scope: string; since: string }[];
  for (const row of rows) {
    const scopes = index.get(row.user_id) ?? new Map<string, string>();
    scopes.set(row.scope, row.since);
    index.set(row.user_id, scopes);
  }
  return index;
}

/** Lists a workspace's members by role, highest first, from a world's resolved access. */
export function rosterOfWorld(world: AccessWorld, workspace: Workspace, since: SinceIndex | undefined): WorkspaceRoster {
  const members: WorkspaceRoster['members'] = [];
  for (const user of world.users) {
    const resolved = resolveWorldUser(world, user).workspaces.get(workspace.id);
    if (resolved === undefined) {
      continue;
    }
    members.push({
      userId: user.id,
      userName: user.userName,
      displayName: user.displayName,
      role: resolved.role,
      since: since?.get(user.id)?.get(workspace.id) ?? null,
      grantedBy: resolved.grantedBy.map((grant) => grant.groupName),
      viaOrganizationAdmin: resolved.viaOrganizationAdmin,
    });
  }
  return { workspace, asOf: null, counts: countRoles(members), members: sortRoster(members) };
}

/**
 * Builds the users × workspaces matrix of a world: one rank per active workspace for each user.
 * `connectionNames` maps connection ids to names.
 */
export function matrixOfWorld(
  world: AccessWorld,
  workspaces: Workspace[],
  source: AccessMatrix['source'],
  connectionNames: Map<string, string>,
): AccessMatrix {
  const columns = workspaces.filter((workspace) => world.activeWorkspaceIds.includes(workspace.id));
  return {
    asOf: null,
    source,
    workspaces: columns.map((workspace) => ({ id: workspace.id, name: workspace.name })),
    users: [...world.users].sort((a, b) => a.userName.localeCompare(b.userName)).map((user) => {
      const access = resolveWorldUser(world, user);
      return {
        id: user.id,
        userName: user.userName,
        displayName: user.displayName,
        active: user.active,
        connectionName: user.connectionId === undefined ? null : (connectionNames.get(user.connectionId) ?? null),
        organizationAdmin: access.organizationAdmin,
        ranks: columns.map((workspace) => rankOf(access.workspaces.get(workspace.id)?.role)),
      };
    }),
  };
}

/**
 * Explains what a live group grants and to whom: each of its mappings with every member,
 * whether the member's role in that scope comes from this grant or a higher one wins, and
 * members without access because they are deactivated.
 */
export function groupGrantsOfWorld(db: Db, world: AccessWorld, groupId: string): GroupGrants {
  const group = db
    .prepare('SELECT id, display_name AS displayName, (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) AS memberCount FROM groups g WHERE id = ?')
    .get(groupId) as GroupGrants['group'] | undefined;
  if (!group) {
    throw new AdminError('not-found', `No group has the id "${groupId}". It may have been deleted by the identity provider.`);
  }
  const members = world.users.filter((user) => user.groupKeys.includes(groupId));
  const resolved = new Map(members.map((user) => [user.id, resolveWorldUser(world, user)]));
  const workspaceNames = new Map((db.prepare('SELECT id, name FROM workspaces').all() as { id: string; name: string }[]).map((row) => [row.id, row.name]));

  const grants = (world.grantsByGroupKey.get(groupId) ?? []).map((grant) => {
    const asGrant: Grant = grant.workspaceId === null ? { kind: 'organization-admin' } : { kind: 'workspace', workspaceId: grant.workspaceId, role: grant.role };
    return {
      grant: asGrant,
      workspaceName: grant.workspaceId === null ? null : (workspaceNames.get(grant.workspaceId) ?? grant.workspaceId),
      users: members.map((user) => {
        const access = resolved.get(user.id)!;
        const deciding = decidingGrantsOf(access, grant.workspaceId).filter((item) => item.groupId === groupId);
        return describeGrantMember({ userId: user.id, ...user }, grant.role, deciding, roleIn(access, grant.workspaceId));
      }),
    };
  });
  return { group, asOf: null, grants };
}

/** Returns the role that `access` gives in a scope (null workspace id for the organization), or null. */
function roleIn(access: ResolvedAccess, workspaceId: string | null): string | null {
  if (workspaceId === null) {
    return access.organizationAdmin ? 'admin' : null;
  }
  return access.workspaces.get(workspaceId)?.role ?? null;
}

/** Returns the grants that decide the role in the scope (null workspace id for the organization). */
function decidingGrantsOf(access: ResolvedAccess, workspaceId: string | null): GroupGrant[] {
  return workspaceId === null ? access.organizationGrantedBy : (access.workspaces.get(workspaceId)?.grantedBy ?? []);
}

type GrantMember = GroupGrants['grants'][number]['users'][number];

/**
 * Describes what one grant of a group did for one of its members, in the live and the past views.
 * `deciding` lists the group's grants among those that decide the member's role in that scope.
 */
export function describeGrantMember(
  user: { userId: string; userName: string; displayName: string | null; active: boolean },
  role: string,
  deciding: readonly { role: string }[],
  effectiveRole: string | null,
): GrantMember {
  let status: GrantMember['status'] = deciding.some((item) => item.role === role) ? 'granting' : 'outranked';
  if (!user.active) {
    status = 'no-access';
  }
  return {
    userId: user.userId,
    userName: user.userName,
    displayName: user.displayName,
    status,
    outrankedByThisGroup: status === 'outranked' && deciding.length > 0,
    effectiveRole,
  };
}

/** Counts a roster's members per role. */
export function countRoles(members: { role: WorkspaceRole }[]): WorkspaceRoster['counts'] {
  return {
    admin: members.filter((member) => member.role === 'admin').length,
    editor: members.filter((member) => member.role === 'editor').length,
    viewer: members.filter((member) => member.role === 'viewer').length,
  };
}

/** Sorts roster members by role, highest first, then by userName. */
export function sortRoster<T extends { role: WorkspaceRole; userName: string }>(members: T[]): T[] {
  return [...members].sort((a, b) => WORKSPACE_ROLE_RANK[b.role] - WORKSPACE_ROLE_RANK[a.role] || a.userName.localeCompare(b.userName));
}

/** Rank of a workspace role for the matrix: 0 for none. */
export function rankOf(role: string | undefined): number {
  return role !== undefined && role in WORKSPACE_ROLE_RANK ? WORKSPACE_ROLE_RANK[role as WorkspaceRole] : 0;
}
