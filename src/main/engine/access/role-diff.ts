import type { RoleDiff, RoleDiffEntry } from '../../../shared/api.ts';
import { WORKSPACE_ROLE_RANK, type WorkspaceRole } from '../../../shared/model.ts';
import type { ResolvedAccess } from './resolve.ts';
import { ORGANIZATION, resolveWorldUser, roleMapOf, type AccessWorld, type WorldUser } from './world.ts';

/**
 * Compares the access every user has in `before` with the access they have in `after`
 * and lists each role gained, lost or changed, with the groups behind it. Both worlds
 * must describe the same directory (the same users and memberships) under different
 * mappings or settings. `workspaceNames` names workspace scopes for people, and
 * `connectionNames` (by connection id) names the connection of each user's account.
 */
export function diffWorlds(
  before: AccessWorld,
  after: AccessWorld,
  workspaceNames: Map<string, string>,
  connectionNames: Map<string, string> = new Map(),
): RoleDiff {
  const afterUsers = new Map(after.users.map((user) => [user.id, user]));
  const entries: RoleDiffEntry[] = [];
  let adminsBefore = 0;
  let adminsAfter = 0;

  for (const user of before.users) {
    const accessBefore = resolveWorldUser(before, user);
    const accessAfter = resolveWorldUser(after, afterUsers.get(user.id) ?? user);
    adminsBefore += accessBefore.organizationAdmin ? 1 : 0;
    adminsAfter += accessAfter.organizationAdmin ? 1 : 0;
    const connectionName = user.connectionId === undefined ? null : (connectionNames.get(user.connectionId) ?? null);
    entries.push(...diffUser(user, accessBefore, accessAfter, workspaceNames, connectionName));
  }

  entries.sort(compareEntries);
  return {
    entries,
    counts: countEntries(entries, before.users.filter((user) => user.active).length, adminsBefore, adminsAfter),
  };
}

/** Lists the differences in one user's access. */
export function diffUser(
  user: Pick<WorldUser, 'id' | 'userName' | 'displayName'>,
  before: ResolvedAccess,
  after: ResolvedAccess,
  workspaceNames: Map<string, string>,
  connectionName: string | null,
): RoleDiffEntry[] {
  const rolesBefore = roleMapOf(before);
  const rolesAfter = roleMapOf(after);
  const entries: RoleDiffEntry[] = [];
  for (const scope of new Set([...rolesBefore.keys(), ...rolesAfter.keys()])) {
    const previousRole = rolesBefore.get(scope) ?? null;
    const role = rolesAfter.get(scope) ?? null;
    if (previousRole === role) {
      continue;
    }
    // A lost role is explained by the grants that gave it; any other by the grants that give it now.
    const behind = role === null ? grantsBehind(before, scope) : grantsBehind(after, scope);
    entries.push({
      kind: kindOf(previousRole, role),
      lowered: role === null || (previousRole !== null && rank(role) < rank(previousRole)),
      userId: user.id,
      userName: user.userName,
      displayName: user.displayName,
      connectionName,
      scope,
      workspaceId: scope === ORGANIZATION ? null : scope,
      workspaceName: scope === ORGANIZATION ? null : (workspaceNames.get(scope) ?? scope),
      previousRole,
      role,
      groups: behind.groups,
      viaOrganizationAdmin: behind.viaOrganizationAdmin,
    });
  }
  return entries;
}

/** Counts the entries of a diff; `totalUsers` is the number of active users, the base of the guardrail share. */
export function countEntries(entries: RoleDiffEntry[], totalUsers: number, adminsBefore: number, adminsAfter: number): RoleDiff['counts'] {
  const users = new Set(entries.map((entry) => entry.userId));
  const losing = new Set(entries.filter((entry) => entry.lowered).map((entry) => entry.userId));
  return {
    gained: entries.filter((entry) => entry.kind === 'gained').length,
    lost: entries.filter((entry) => entry.kind === 'lost').length,
    changed: entries.filter((entry) => entry.kind === 'changed').length,
    usersAffected: users.size,
    usersLosingAccess: losing.size,
    totalUsers,
    adminsBefore,
    adminsAfter,
  };
}

function grantsBehind(access: ResolvedAccess, scope: string): { groups: RoleDiffEntry['groups']; viaOrganizationAdmin: boolean } {
  if (scope === ORGANIZATION) {
    return { groups: access.organizationGrantedBy.map((grant) => ({ groupId: grant.groupId, groupName: grant.groupName })), viaOrganizationAdmin: false };
  }
  const resolved = access.workspaces.get(scope);
  return {
    groups: (resolved?.grantedBy ?? []).map((grant) => ({ groupId: grant.groupId, groupName: grant.groupName })),
    viaOrganizationAdmin: resolved?.viaOrganizationAdmin ?? false,
  };
}

function kindOf(previousRole: string | null, role: string | null): RoleDiffEntry['kind'] {
  if (previousRole === null) {
    return 'gained';
  }
  return role === null ? 'lost' : 'changed';
}

function rank(role: string): number {
  return role in WORKSPACE_ROLE_RANK ? WORKSPACE_ROLE_RANK[role as WorkspaceRole] : 0;
}

function compareEntries(a: RoleDiffEntry, b: RoleDiffEntry): number {
  return (
    a.userName.localeCompare(b.userName) ||
    a.userId.localeCompare(b.userId) ||
    (a.workspaceName ?? '').localeCompare(b.workspaceName ?? '') ||
    a.scope.localeCompare(b.scope)
  );
}
