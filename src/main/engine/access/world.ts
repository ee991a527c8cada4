import type { WorkspaceRole } from '../../../shared/model.ts';
import { resolveAccess, type GroupGrant, type ResolvedAccess } from './resolve.ts';
import type { AccessSettings } from './settings.ts';

/** Scope key of the organization role; other scopes are workspace ids. */
export const ORGANIZATION = 'organization';

/**
 * One mapping as the evaluator reads it: a group's grant of organization admin
 * (workspaceId null, role 'admin') or of a role in one workspace.
 */
export interface MappingRule {
  /** Live group id; null when a draft names a group that no identity provider has pushed yet. */
  groupId: string | null;
  groupName: string;
  workspaceId: string | null;
  role: WorkspaceRole;
}

/** A user of a directory (live or a snapshot) with the keys of the groups they belong to directly. */
export interface WorldUser {
  id: string;
  userName: string;
  displayName: string | null;
  active: boolean;
  groupKeys: string[];
  /** The connection that provisioned the user; absent for users of a snapshot. */
  connectionId?: string;
}

/**
 * Everything the access model needs to resolve every user of one directory: its users,
 * the mappings translated onto its groups, the active workspaces and the settings.
 * The live directory and a snapshot both become an AccessWorld, so that mappings and
 * drafts are evaluated against either in exactly the same way.
 */
export interface AccessWorld {
  users: WorldUser[];
  /** Grants of each group of this directory, by the group's key. */
  grantsByGroupKey: Map<string, GroupGrant[]>;
  /** displayName of each group of this directory, by the group's key. */
  groupNames: Map<string, string>;
  activeWorkspaceIds: string[];
  settings: AccessSettings;
}

/** Resolves one user of a world with the pure resolver. */
export function resolveWorldUser(world: AccessWorld, user: WorldUser): ResolvedAccess {
  const grants = user.groupKeys.flatMap((key) => world.grantsByGroupKey.get(key) ?? []);
  return resolveAccess(grants, user.active, world.activeWorkspaceIds, world.settings);
}

/** Returns the roles that `access` gives, by scope: 'organization' → 'admin', workspace id → role. */
export function roleMapOf(access: ResolvedAccess): Map<string, string> {
  const roles = new Map<string, string>();
  if (access.organizationAdmin) {
    roles.set(ORGANIZATION, 'admin');
  }
  for (const [workspaceId, resolved] of access.workspaces) {
    roles.set(workspaceId, resolved.role);
  }
  return roles;
}

/**
 * Translates mapping rules onto the groups of a directory. `groupKeysOf` returns the
 * keys of the directory's groups that a rule's group matches (none when it matches no
 * group). Rules to inactive workspaces grant nothing, as in `loadGrants`, and a grant
 * that two rules give the same group counts once.
 */
export function grantsByGroup(
  rules: MappingRule[],
  activeWorkspaceIds: Set<string>,
  groupKeysOf: (rule: MappingRule) => { key: string; name: string }[],
): Map<string, GroupGrant[]> {
  const grants = new Map<string, GroupGrant[]>();
  const seen = new Set<string>();
  for (const rule of rules) {
    if (rule.workspaceId !== null && !activeWorkspaceIds.has(rule.workspaceId)) {
      continue;
    }
    for (const group of groupKeysOf(rule)) {
      const identity = `${group.key}\u0000${rule.workspaceId ?? ''}\u0000${rule.role}`;
      if (seen.has(identity)) {
        continue;
      }
      seen.add(identity);
      const list = grants.get(group.key) ?? [];
      list.push({ groupId: group.key, groupName: group.name, workspaceId: rule.workspaceId, role: rule.role });
      grants.set(group.key, list);
    }
  }
  return grants;
}
