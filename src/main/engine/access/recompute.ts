import type { Change } from '../../../shared/api.ts';
import type { Db } from '../store/database.ts';
import { activeWorkspaceIds, loadGrants, resolveAccess, type ResolvedAccess } from './resolve.ts';
import { parseStoredReasons, reasonsOf, sameReasons, withGroupNames, type RoleReasons } from './role-reasons.ts';
import { readSettings } from './settings.ts';

/** Scope key of the organization role in `effective_roles`; other scopes are workspace ids. */
export const ORGANIZATION_SCOPE = 'organization';

interface StoredRole {
  scope: string;
  role: string;
  since: string;
  reasons: string | null;
}

/**
 * Recomputes the effective roles of the given users, stores them with their reasons,
 * and returns one change per role gained, lost or changed, and a `role.reason` change
 * when a role stays the same but the grants behind it change. Runs inside the caller's
 * transaction, so a SCIM change and the access it grants commit together.
 */
export function recomputeAccess(db: Db, userIds: Iterable<string>, now: string): Change[] {
  const ids = new Set(userIds);
  if (ids.size === 0) {
    return [];
  }
  const settings = readSettings(db);
  const workspaceIds = activeWorkspaceIds(db);
  const workspaceNames = new Map(
    (db.prepare('SELECT id, name FROM workspaces').all() as { id: string; name: string }[]).map((row) => [row.id, row.name]),
  );
  const userStatement = db.prepare('SELECT user_name AS userName, active FROM users WHERE id = ?');
  const storedStatement = db.prepare('SELECT scope, role, since, reasons FROM effective_roles WHERE user_id = ?');
  const upsert = db.prepare(
    `INSERT INTO effective_roles (user_id, scope, role, since, reasons) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(user_id, scope) DO UPDATE SET role = excluded.role, since = excluded.since, reasons = excluded.reasons`,
  );
  const updateReasons = db.prepare('UPDATE effective_roles SET reasons = ? WHERE user_id = ? AND scope = ?');
  const remove = db.prepare('DELETE FROM effective_roles WHERE user_id = ? AND scope = ?');
  const groupNameStatement = db.prepare('SELECT display_name FROM groups WHERE id = ?').pluck();
  const currentGroupName = (groupId: string): string | undefined => groupNameStatement.get(groupId) as string | undefined;

  const changes: Change[] = [];
  for (const userId of ids) {
    const user = userStatement.get(userId) as { userName: string; active: number } | undefined;
    const access = user
      ? resolveAccess(loadGrants(db, userId), user.active === 1, workspaceIds, settings)
      : resolveAccess([], false, [], settings);
    const next = toRoleMap(access);
    const stored = new Map((storedStatement.all(userId) as StoredRole[]).map((row) => [row.scope, row]));
    const previous = new Map([...stored].map(([scope, row]) => [scope, row.role]));
    const who = user?.userName ?? userId;

    for (const [scope, role] of next) {
      const before = previous.get(scope);
      const reasons = reasonsOf(access, scope);
      const where = scopeLabel(scope, workspaceNames);
      const via = viaText(access, scope);
      const detail = { userName: who, role, previousRole: before, via: grantingGroups(access, scope), reasons };
      if (before === role) {
        const storedReasons = parseStoredReasons(stored.get(scope)?.reasons ?? null);
        if (storedReasons === undefined || !sameReasons(storedReasons, reasons)) {
          updateReasons.run(JSON.stringify(reasons), userId, scope);
        }
        // A role stored before reasons were kept gets them without a role.reason change, because nothing changed for the admin.
        if (storedReasons !== undefined && !sameReasons(storedReasons, reasons)) {
          changes.push(roleChange('role.reason', userId, scope, `${who} keeps ${role} in ${where}, now${via || ' with no granting group'}`, detail));
        }
        continue;
      }
      upsert.run(userId, scope, role, now, JSON.stringify(reasons));
      changes.push(
        before === undefined
          ? roleChange('role.gained', userId, scope, `${who} gained ${role} in ${where}${via}`, detail)
          : roleChange('role.changed', userId, scope, `${who} changed from ${before} to ${role} in ${where}${via}`, detail),
      );
    }
    for (const [scope, role] of previous) {
      if (!next.has(scope)) {
        remove.run(userId, scope);
        const text = `${who} lost ${role} in ${scopeLabel(scope, workspaceNames)}`;
        // grantedBy of a lost role names the grants that gave it, as last stored, by the groups' current names.
        const lostReasons = withGroupNames(parseStoredReasons(stored.get(scope)?.reasons ?? null), currentGroupName);
        changes.push(roleChange('role.lost', userId, scope, text, { userName: who, previousRole: role, via: [], reasons: lostReasons }));
      }
    }
  }
  return changes;
}

function toRoleMap(access: ResolvedAccess): Map<string, string> {
  const roles = new Map<string, string>();
  if (access.organizationAdmin) {
    roles.set(ORGANIZATION_SCOPE, 'admin');
  }
  for (const [workspaceId, resolved] of access.workspaces) {
    roles.set(workspaceId, resolved.role);
  }
  return roles;
}

function scopeLabel(scope: string, workspaceNames: Map<string, string>): string {
  return scope === ORGANIZATION_SCOPE ? 'the organization' : (workspaceNames.get(scope) ?? `workspace ${scope}`);
}

function viaText(access: ResolvedAccess, scope: string): string {
  if (scope === ORGANIZATION_SCOPE) {
    return ` via ${access.organizationGrantedBy.map((grant) => grant.groupName).join(', ')}`;
  }
  const resolved = access.workspaces.get(scope);
  if (!resolved) {
    return '';
  }
  const groups = resolved.grantedBy.map((grant) => grant.groupName);
  if (resolved.viaOrganizationAdmin && groups.length === 0) {
    return ' as an organization admin';
  }
  return ` via ${groups.join(', ')}`;
}

function grantingGroups(access: ResolvedAccess, scope: string): string[] {
  if (scope === ORGANIZATION_SCOPE) {
    return access.organizationGrantedBy.map((grant) => grant.groupName);
  }
  return access.workspaces.get(scope)?.grantedBy.map((grant) => grant.groupName) ?? [];
}

function roleChange(
  type: string,
  userId: string,
  scope: string,
  text: string,
  detail: { userName: string; role?: string; previousRole?: string; via: string[]; reasons?: RoleReasons },
): Change {
  const change: Change = { type, text, userId, scope, userName: detail.userName, via: detail.via };
  if (detail.reasons !== undefined) {
    change.grantedBy = detail.reasons.grantedBy;
    change.outranked = detail.reasons.outranked;
    change.viaOrganizationAdmin = detail.reasons.viaOrganizationAdmin;
  }
  if (detail.role !== undefined) {
    change.role = detail.role;
  }
  if (detail.previousRole !== undefined) {
    change.previousRole = detail.previousRole;
  }
  if (scope !== ORGANIZATION_SCOPE) {
    change.workspaceId = scope;
  }
  return change;
}
