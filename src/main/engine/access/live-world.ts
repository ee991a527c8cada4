import type { WorkspaceRole } from '../../../shared/model.ts';
import type { Db } from '../store/database.ts';
import { activeWorkspaceIds } from './resolve.ts';
import { readSettings } from './settings.ts';
import { grantsByGroup, type AccessWorld, type MappingRule, type WorldUser } from './world.ts';

/** A live mapping with its id, as drafts remove it. */
export interface LiveMappingRule extends MappingRule {
  mappingId: string;
  groupId: string;
}

/** A group provisioned by SCIM, as the evaluators and the snapshot matcher read it. */
export interface LiveGroup {
  id: string;
  displayName: string;
  externalId: string | null;
  connectionId: string;
}

/** Loads every live mapping, including those whose group no longer exists (they grant nothing). */
export function loadLiveMappingRules(db: Db): LiveMappingRule[] {
  const rows = db
    .prepare(
      `SELECT mp.id, mp.group_id, COALESCE(g.display_name, mp.group_id) AS group_name, mp.workspace_id, mp.role
       FROM mappings mp LEFT JOIN groups g ON g.id = mp.group_id ORDER BY mp.created_at, mp.id`,
    )
    .all() as { id: string; group_id: string; group_name: string; workspace_id: string | null; role: WorkspaceRole }[];
  return rows.map((row) => ({
    mappingId: row.id,
    groupId: row.group_id,
    groupName: row.group_name,
    workspaceId: row.workspace_id,
    role: row.role,
  }));
}

/** Loads every live group. */
export function loadLiveGroups(db: Db): LiveGroup[] {
  return db
    .prepare('SELECT id, display_name AS displayName, external_id AS externalId, connection_id AS connectionId FROM groups')
    .all() as LiveGroup[];
}

/**
 * Finds the live group a rule points at: its group id when set, else the one group whose
 * displayName equals the rule's group name (case-insensitive). Returns undefined when no
 * group, or more than one group, matches.
 */
export function findLiveGroup(rule: MappingRule, groupsById: Map<string, LiveGroup>, groupsByName: Map<string, LiveGroup[]>): LiveGroup | undefined {
  if (rule.groupId !== null) {
    return groupsById.get(rule.groupId);
  }
  const named = groupsByName.get(rule.groupName.toLowerCase()) ?? [];
  return named.length === 1 ? named[0] : undefined;
}

/** Indexes groups by id and by lower-case displayName. */
export function indexGroups(groups: LiveGroup[]): { byId: Map<string, LiveGroup>; byName: Map<string, LiveGroup[]> } {
  const byId = new Map(groups.map((group) => [group.id, group]));
  const byName = new Map<string, LiveGroup[]>();
  for (const group of groups) {
    const key = group.displayName.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), group]);
  }
  return { byId, byName };
}

/**
 * Loads the live directory as an AccessWorld under the given mapping rules: every
 * provisioned user with their direct groups, in a few bulk queries.
 */
export function loadLiveWorld(db: Db, rules: MappingRule[]): AccessWorld {
  const settings = readSettings(db);
  const workspaceIds = activeWorkspaceIds(db);
  const { byId, byName } = indexGroups(loadLiveGroups(db));

  const users = new Map<string, WorldUser>();
  const userRows = db.prepare('SELECT id, user_name, display_name, active, connection_id FROM users ORDER BY user_name_key').all() as {
    id: string;
    user_name: string;
    display_name: string | null;
    active: number;
    connection_id: string;
  }[];
  for (const row of userRows) {
    users.set(row.id, {
      id: row.id,
      userName: row.user_name,
      displayName: row.display_name,
      active: row.active === 1,
      groupKeys: [],
      connectionId: row.connection_id,
    });
  }
  const memberships = db.prepare('SELECT group_id, member_id FROM group_members').all() as { group_id: string; member_id: string }[];
  for (const membership of memberships) {
    if (byId.has(membership.group_id)) {
      users.get(membership.member_id)?.groupKeys.push(membership.group_id);
    }
  }

  const grants = grantsByGroup(rules, new Set(workspaceIds), (rule) => {
    const group = findLiveGroup(rule, byId, byName);
    return group ? [{ key: group.id, name: group.displayName }] : [];
  });
  const groupNames = new Map([...byId.values()].map((group) => [group.id, group.displayName]));
  return { users: [...users.values()], grantsByGroupKey: grants, groupNames, activeWorkspaceIds: workspaceIds, settings };
}
