import type { UserPermissions } from '../../../shared/api.ts';
import { resolveWorldUser, type AccessWorld } from '../access/world.ts';
import { describeDeactivation } from '../history/deactivation.ts';

/**
 * Explains every user of a world (a snapshot, or the live directory under a draft's
 * mappings) in the shape of the live per-user view, so that the same printers serve
 * both. Roles of a world have no start time, so `since` is null. A live user's connection
 * is named from `connectionNames`; a snapshot user's connection name is `sourceName`.
 * `deactivationTimeOf` returns when a deactivated user was deactivated, or null when that is
 * unknown, as it is for every snapshot user.
 */
export function permissionsOfWorld(
  world: AccessWorld,
  workspaceNames: Map<string, string>,
  sourceName: string,
  connectionNames: Map<string, string> = new Map(),
  deactivationTimeOf: (userId: string) => string | null = () => null,
): UserPermissions[] {
  return world.users.map((user) => {
    const access = resolveWorldUser(world, user);
    const toGranting = (grant: { groupId: string; groupName: string; role: string }) => ({
      groupId: grant.groupId,
      groupName: grant.groupName,
      role: grant.role as 'viewer' | 'editor' | 'admin',
    });
    return {
      user: {
        id: user.id,
        userName: user.userName,
        displayName: user.displayName,
        active: user.active,
        connectionId: user.connectionId ?? '',
        connectionName: user.connectionId === undefined ? sourceName : (connectionNames.get(user.connectionId) ?? user.connectionId),
        organizationRole: access.organizationAdmin ? 'admin' : 'member',
        workspaceCount: access.workspaces.size,
      },
      organization: {
        role: access.organizationAdmin ? 'admin' : 'member',
        since: null,
        grantedBy: access.organizationGrantedBy.map((grant) => ({ groupId: grant.groupId, groupName: grant.groupName })),
      },
      workspaces: [...access.workspaces.values()]
        .map((resolved) => ({
          workspaceId: resolved.workspaceId,
          workspaceName: workspaceNames.get(resolved.workspaceId) ?? resolved.workspaceId,
          role: resolved.role,
          since: null,
          grantedBy: resolved.grantedBy.map(toGranting),
          outranked: resolved.outranked.map(toGranting),
          viaOrganizationAdmin: resolved.viaOrganizationAdmin,
        }))
        .sort((a, b) => a.workspaceName.localeCompare(b.workspaceName)),
      groups: user.groupKeys.map((key) => ({ id: key, displayName: world.groupNames.get(key) ?? key })),
      noAccessReason: user.active ? null : describeDeactivation(deactivationTimeOf(user.id)),
    };
  });
}
