import { WORKSPACE_ROLE_RANK, type WorkspaceRole } from '../../../shared/model.ts';
import type { Db } from '../store/database.ts';
import type { AccessSettings } from './settings.ts';

/** One grant that reaches a user through a group's mapping. */
export interface GroupGrant {
  groupId: string;
  groupName: string;
  /** Null for the organization admin grant. */
  workspaceId: string | null;
  role: WorkspaceRole | 'admin';
}

/** A user's role in one workspace with its provenance. */
export interface ResolvedWorkspaceRole {
  workspaceId: string;
  role: WorkspaceRole;
  grantedBy: GroupGrant[];
  outranked: GroupGrant[];
  viaOrganizationAdmin: boolean;
}

/** Effective access of one user, as PRODUCT's access model defines it. */
export interface ResolvedAccess {
  organizationAdmin: boolean;
  organizationGrantedBy: GroupGrant[];
  workspaces: Map<string, ResolvedWorkspaceRole>;
}

/**
 * Resolves a user's effective access from the grants of their groups:
 * the organization role is admin when any grant says so; each workspace role is
 * the highest grant for it; organization admins are admins of every active
 * workspace when the setting is on; an inactive user has no access at all.
 */
export function resolveAccess(
  grants: GroupGrant[],
  active: boolean,
  activeWorkspaceIds: string[],
  settings: AccessSettings,
): ResolvedAccess {
  const access: ResolvedAccess = { organizationAdmin: false, organizationGrantedBy: [], workspaces: new Map() };
  if (!active) {
    return access;
  }

  access.organizationGrantedBy = grants.filter((grant) => grant.workspaceId === null);
  access.organizationAdmin = access.organizationGrantedBy.length > 0;

  const workspaceGrants = grants.filter((grant) => grant.workspaceId !== null);
  for (const workspaceId of new Set(workspaceGrants.map((grant) => grant.workspaceId!))) {
    const forWorkspace = workspaceGrants.filter((grant) => grant.workspaceId === workspaceId);
    const top = Math.max(...forWorkspace.map((grant) => WORKSPACE_ROLE_RANK[grant.role]));
    access.workspaces.set(workspaceId, {
      workspaceId,
      role: roleOfRank(top),
      grantedBy: forWorkspace.filter((grant) => WORKSPACE_ROLE_RANK[grant.role] === top),
      outranked: forWorkspace.filter((grant) => WORKSPACE_ROLE_RANK[grant.role] < top),
      viaOrganizationAdmin: false,
    });
  }

  if (access.organizationAdmin && settings.organizationAdminsAreWorkspaceAdmins) {
    for (const workspaceId of activeWorkspaceIds) {
      const existing = access.workspaces.get(workspaceId);
      const grantsHere = existing ? [...existing.grantedBy, ...existing.outranked] : [];
      access.workspaces.set(workspaceId, {
        workspaceId,
        role: 'admin',
        grantedBy: grantsHere.filter((grant) => grant.role === 'admin'),
        outranked: grantsHere.filter((grant) => grant.role !== 'admin'),
        viaOrganizationAdmin: true,
      });
    }
  }
  return access;
}

function roleOfRank(rank: number): WorkspaceRole {
  const entry = Object.entries(WORKSPACE_ROLE_RANK).find(([, value]) => value === rank);
  return (entry?.[0] ?? 'viewer') as WorkspaceRole;
}

/** Loads the grants that reach a user through the mappings of the groups they belong to directly. */
export function loadGrants(db: Db, userId: string): GroupGrant[] {
  // NOTE: nested groups do not pass their grants on; only direct membership counts.
  // A user in no mapped group, such as every newly created user, skips the join through this cheap test.
  const mapped = db
    .prepare('SELECT 1 FROM group_members WHERE member_id = ? AND group_id IN (SELECT group_id FROM mappings) LIMIT 1')
    .get(userId);
  if (mapped === undefined) {
    return [];
  }
  const rows = db
    .prepare(
      `SELECT g.id AS groupId, g.display_name AS groupName, mp.workspace_id AS workspaceId, mp.role AS role
       FROM group_members gm
       JOIN groups g ON g.id = gm.group_id
       JOIN mappings mp ON mp.group_id = gm.group_id
       LEFT JOIN workspaces w ON w.id = mp.workspace_id
       WHERE gm.member_id = ? AND (mp.workspace_id IS NULL OR w.archived_at IS NULL)
       ORDER BY g.display_name_key`,
    )
    .all(userId) as GroupGrant[];
  return rows;
}

/** Returns the ids of workspaces that are not archived. */
export function activeWorkspaceIds(db: Db): string[] {
  return db.prepare('SELECT id FROM workspaces WHERE archived_at IS NULL ORDER BY name').pluck().all() as string[];
}
