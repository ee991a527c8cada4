import type { Change } from '../../../shared/api.ts';
import type { Db } from '../store/database.ts';
import { ORGANIZATION_SCOPE, recomputeAccess } from './recompute.ts';
import { readSettings } from './settings.ts';

/** Actor of the event that records a repair made when a store is opened, because no person requested it. */
export const STORE_REPAIR_ACTOR = 'scimdesk (store repair)';

/** Name of the repair in its event's detail (`repair`), so that an auditor can search for it. */
export const ORGANIZATION_ADMIN_ROLES_REPAIR = 'organization-admin-workspace-roles';

/**
 * Finds the active organization admins who lack a stored role in an active workspace while
 * organization admins count as admins of every workspace. Versions that did not recompute
 * roles when a workspace was created left these roles out of `effective_roles` and of the
 * event log, so reports and views rebuilt from the log missed them.
 */
export function findOrganizationAdminsMissingWorkspaceRoles(db: Db): string[] {
  if (!readSettings(db).organizationAdminsAreWorkspaceAdmins) {
    return [];
  }
  return db
    .prepare(
      `SELECT DISTINCT admin.user_id FROM effective_roles admin
       JOIN users u ON u.id = admin.user_id AND u.active = 1
       JOIN workspaces w ON w.archived_at IS NULL
       WHERE admin.scope = ?
         AND NOT EXISTS (SELECT 1 FROM effective_roles r WHERE r.user_id = admin.user_id AND r.scope = w.id)
       ORDER BY admin.user_id`,
    )
    .pluck()
    .all(ORGANIZATION_SCOPE) as string[];
}

/**
 * Recomputes the roles of the organization admins that `findOrganizationAdminsMissingWorkspaceRoles`
 * finds and returns the changes to record with the repair, or undefined when nothing is missing.
 * The stored roles start at `now`, the instant of the repair's event, so that the views rebuilt
 * from the event log agree with the stored roles.
 * NOTE: views of a moment before the repair still lack these roles, because the log has no
 * earlier record of them, although the admins held them since the workspace was created.
 */
export function repairOrganizationAdminRoles(db: Db, now: string): { summary: string; changes: Change[] } | undefined {
  const userIds = findOrganizationAdminsMissingWorkspaceRoles(db);
  if (userIds.length === 0) {
    return undefined;
  }

  const changes = recomputeAccess(db, userIds, now);
  if (changes.length === 0) {
    // The recompute found nothing to store after all, so there is nothing to record either.
    return undefined;
  }
  const gained = changes.filter((change) => change.type === 'role.gained').length;
  const roles = gained === 1 ? '1 workspace role' : `${gained} workspace roles`;
  const admins = userIds.length === 1 ? '1 organization admin' : `${userIds.length} organization admins`;
  const summary = `Repaired the store: recorded ${roles} of ${admins} in workspaces created after they became organization admins, which an earlier version did not store`;
  return { summary, changes };
}
