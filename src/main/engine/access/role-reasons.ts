import type { WorkspaceRole } from '../../../shared/model.ts';
import type { Db } from '../store/database.ts';
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

/**
 * Returns the reasons with each grant named by `nameOf(groupId)`, or by its stored name where
 * that returns undefined (a group deleted since), sorted by group name.
 */
export function withGroupNames(reasons: RoleReasons | undefined, nameOf: (groupId: string) => string | undefined): RoleReasons | undefined {
  if (reasons === undefined) {
    return undefined;
  }
  const rename = (grant: GrantReason): GrantReason => ({ ...grant, groupName: nameOf(grant.groupId) ?? grant.groupName });
  return { ...reasons, grantedBy: sortReasons(reasons.grantedBy.map(rename)), outranked: sortReasons(reasons.outranked.map(rename)) };
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

/**
 * Rewrites the group names in the stored reasons (`effective_roles.reasons`) of every role that
 * the given groups grant or outrank, to the names in the `groups` table now. Call it after a
 * rename, and before deleting groups, so that a role lost later names its groups as they are named
 * then. Stores of earlier versions kept the name a group had when the role was last recomputed.
 * Records no change, because a rename changes no one's access.
 */
export function refreshStoredGroupNames(db: Db, groupIds: Iterable<string>): void {
  const nameStatement = db.prepare('SELECT display_name FROM groups WHERE id = ?').pluck();
  const rowsStatement = db.prepare("SELECT user_id AS userId, scope, reasons FROM effective_roles WHERE instr(reasons, ?) > 0");
  const update = db.prepare('UPDATE effective_roles SET reasons = ? WHERE user_id = ? AND scope = ?');
  for (const groupId of new Set(groupIds)) {
    const name = nameStatement.get(groupId) as string | undefined;
    if (name === undefined) {
      continue;
    }
    const rows = rowsStatement.all(JSON.stringify(groupId)) as { userId: string; scope: string; reasons: string }[];
    for (const row of rows) {
      const reasons = parseStoredReasons(row.reasons);
      if (reasons === undefined) {
        continue;
      }
      const text = JSON.stringify(withGroupNames(reasons, (id) => (id === groupId ? name : undefined)));
      if (text !== row.reasons) {
        update.run(text, row.userId, row.scope);
      }
    }
  }
}
