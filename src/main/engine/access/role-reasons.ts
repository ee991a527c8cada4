import type { WorkspaceRole } from '../../../shared/model.ts';
import type { GroupGrant, ResolvedAccess } from './resolve.ts';

/** Scope key of the organization role; other scopes are workspace ids. */
const ORGANIZATION = 'organization';

/** One grant behind a role, as role changes and `effective_roles.reasons` record it. */
export interface GrantReason {
  groupId: string;
  groupName: string;
  role: WorkspaceRole;
}

/** Why a user holds a role in one scope: the granting groups, the grants it outranks and the organization-admin rule. */
export interface RoleReasons {
  grantedBy: GrantReason[];
  outranked: GrantReason[];
  viaOrganizationAdmin: boolean;
}

/** Returns the reasons of the role that `access` gives in `scope` ('organization' or a workspace id). */
export function reasonsOf(access: ResolvedAccess, scope: string): RoleReasons {
  if (scope === ORGANIZATION) {
    return { grantedBy: sortReasons(access.organizationGrantedBy.map(toReason)), outranked: [], viaOrganizationAdmin: false };
  }
  const resolved = access.workspaces.get(scope);
  if (!resolved) {
    return { grantedBy: [], outranked: [], viaOrganizationAdmin: false };
  }
  return {
    grantedBy: sortReasons(resolved.grantedBy.map(toReason)),
    outranked: sortReasons(resolved.outranked.map(toReason)),
    viaOrganizationAdmin: resolved.viaOrganizationAdmin,
  };
}

/**
 * Returns true when two sets of reasons name the same grants. Group names are left out,
 * because renaming a group changes no one's access.
 */
export function sameReasons(a: RoleReasons, b: RoleReasons): boolean {
  return reasonsKey(a) === reasonsKey(b);
}

/** Parses `effective_roles.reasons`; returns undefined for NULL or for text that is not a reasons object. */
export function parseStoredReasons(text: string | null): RoleReasons | undefined {
  if (text === null) {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<RoleReasons>;
    if (!Array.isArray(parsed.grantedBy) || !Array.isArray(parsed.outranked)) {
      return undefined;
    }
    return { grantedBy: parsed.grantedBy, outranked: parsed.outranked, viaOrganizationAdmin: parsed.viaOrganizationAdmin === true };
  } catch {
    return undefined;
  }
}

function reasonsKey(reasons: RoleReasons): string {
  const grants = (list: GrantReason[]) => list.map((grant) => `${grant.groupId}:${grant.role}`).sort().join(',');
  return `${grants(reasons.grantedBy)}|${grants(reasons.outranked)}|${reasons.viaOrganizationAdmin}`;
}

function toReason(grant: GroupGrant): GrantReason {
  return { groupId: grant.groupId, groupName: grant.groupName, role: grant.role };
}

function sortReasons(reasons: GrantReason[]): GrantReason[] {
  return [...reasons].sort((a, b) => a.groupName.localeCompare(b.groupName) || a.groupId.localeCompare(b.groupId));
}
