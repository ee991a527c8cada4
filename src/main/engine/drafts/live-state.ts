import type { DraftChange } from '../../../shared/api.ts';
import type { Db } from '../store/database.ts';

/** Live groups, mappings and workspaces, against which a draft's changes are checked. */
export interface LiveState {
  groupNames: Map<string, string>;
  /** Name of the connection that provisioned each live group, by group id. */
  groupConnectionNames: Map<string, string>;
  /** Live group ids by lower-case displayName. */
  groupIdsByName: Map<string, string[]>;
  /** Live mapping ids. */
  mappingIds: Set<string>;
  /** Keys `groupId|workspaceId|role` of live mappings, to spot an add that is already live. */
  mappingKeys: Set<string>;
  workspaces: Map<string, { name: string; archivedAt: string | null }>;
}

/** Loads the live state that draft changes are checked against. */
export function loadLiveState(db: Db): LiveState {
  const groups = db
    .prepare('SELECT g.id, g.display_name, c.name AS connection_name FROM groups g JOIN connections c ON c.id = g.connection_id')
    .all() as { id: string; display_name: string; connection_name: string }[];
  const groupIdsByName = new Map<string, string[]>();
  for (const group of groups) {
    const key = group.display_name.toLowerCase();
    groupIdsByName.set(key, [...(groupIdsByName.get(key) ?? []), group.id]);
  }
  const mappings = db.prepare('SELECT id, group_id, workspace_id, role FROM mappings').all() as {
    id: string;
    group_id: string;
    workspace_id: string | null;
    role: string;
  }[];
  const workspaces = db.prepare('SELECT id, name, archived_at FROM workspaces').all() as { id: string; name: string; archived_at: string | null }[];
  return {
    groupNames: new Map(groups.map((group) => [group.id, group.display_name])),
    groupConnectionNames: new Map(groups.map((group) => [group.id, group.connection_name])),
    groupIdsByName,
    mappingIds: new Set(mappings.map((mapping) => mapping.id)),
    mappingKeys: new Set(mappings.map((mapping) => mappingKey(mapping.group_id, mapping.workspace_id, mapping.role))),
    workspaces: new Map(workspaces.map((workspace) => [workspace.id, { name: workspace.name, archivedAt: workspace.archived_at }])),
  };
}

/** Returns the key of a group's grant: `groupId|workspaceId|role`. */
export function mappingKey(groupId: string, workspaceId: string | null, role: string): string {
  return `${groupId}|${workspaceId ?? ''}|${role}`;
}

/**
 * Returns why a draft change no longer does anything, as a sentence, or null when it
 * still applies. Changes with a problem are skipped by the what-if and by apply alike.
 */
export function describeChangeProblem(change: Omit<DraftChange, 'problem'>, state: LiveState): string | null {
  const workspaceId = change.grant.kind === 'workspace' ? change.grant.workspaceId : null;
  const role = change.grant.kind === 'workspace' ? change.grant.role : 'admin';

  if (change.action === 'remove') {
    return change.mappingId !== null && state.mappingIds.has(change.mappingId)
      ? null
      : `The mapping of ${change.groupName} was already removed, so this change does nothing. Remove it from the draft.`;
  }

  if (workspaceId !== null) {
    const workspace = state.workspaces.get(workspaceId);
    if (workspace === undefined || workspace.archivedAt !== null) {
      const name = workspace?.name ?? workspaceId;
      return `The workspace "${name}" is archived or gone, so this mapping would grant nothing. Remove it from the draft.`;
    }
  }
  if (change.groupId !== null && !state.groupNames.has(change.groupId)) {
    return `The group ${change.groupName} no longer exists, so this mapping would grant nothing. Remove it from the draft.`;
  }
  const groupId = change.groupId ?? uniqueGroupId(change.groupName, state);
  if (groupId !== undefined && state.mappingKeys.has(mappingKey(groupId, workspaceId, role))) {
    return `${change.groupName} is already mapped to this grant, so this change does nothing. Remove it from the draft.`;
  }
  return null;
}

/** Returns the id of the one live group with this name (case-insensitive), or undefined. */
export function uniqueGroupId(groupName: string, state: LiveState): string | undefined {
  const ids = state.groupIdsByName.get(groupName.toLowerCase()) ?? [];
  return ids.length === 1 ? ids[0] : undefined;
}
