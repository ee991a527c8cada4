import { randomUUID } from 'node:crypto';
import type { DismissedSuggestion, Group, Mapping, Suggestion } from '../../../shared/api.ts';
import type { Grant } from '../../../shared/model.ts';
import { followsConvention, suggestGrant } from '../access/naming.ts';
import { readSettings } from '../access/settings.ts';
import type { Db } from '../store/database.ts';
import { AdminError } from './errors.ts';
import type { WorkspaceStore } from './workspaces.ts';

interface MappingRow {
  id: string;
  group_id: string;
  group_name: string | null;
  workspace_id: string | null;
  workspace_name: string | null;
  role: string;
  created_at: string;
}

interface GroupRow {
  id: string;
  display_name: string;
  external_id: string | null;
  connection_id: string;
  connection_name: string;
  member_count: number;
}

const SELECT_MAPPINGS = `SELECT mp.id, mp.group_id, g.display_name AS group_name, mp.workspace_id, w.name AS workspace_name,
  mp.role, mp.created_at
  FROM mappings mp LEFT JOIN groups g ON g.id = mp.group_id LEFT JOIN workspaces w ON w.id = mp.workspace_id`;

/** Group-to-role mappings and the suggestions of the naming convention. */
export class MappingStore {
  private readonly db: Db;
  private readonly workspaces: WorkspaceStore;

  constructor(db: Db, workspaces: WorkspaceStore) {
    this.db = db;
    this.workspaces = workspaces;
  }

  list(): Mapping[] {
    const rows = this.db.prepare(`${SELECT_MAPPINGS} ORDER BY g.display_name_key, w.name`).all() as MappingRow[];
    return rows.map(toMapping);
  }

  /** Maps a group to a grant; the group must exist and must not have that grant yet. */
  add(groupId: string, grant: Grant, actor: string, now: string): Mapping {
    const group = this.db.prepare('SELECT display_name FROM groups WHERE id = ?').pluck().get(groupId) as string | undefined;
    if (group === undefined) {
      throw new AdminError('not-found', `No group has the id "${groupId}". Groups appear once an identity provider pushes them.`);
    }
    const workspaceId = grant.kind === 'workspace' ? this.workspaces.get(grant.workspaceId).id : null;
    const role = grant.kind === 'workspace' ? grant.role : 'admin';

    const duplicate = this.db
      .prepare('SELECT 1 FROM mappings WHERE group_id = ? AND workspace_id IS ? AND role = ?')
      .get(groupId, workspaceId, role);
    if (duplicate) {
      throw new AdminError('conflict', `${group} is already mapped to ${describeGrant(grant, this.workspaces)}.`);
    }

    const id = randomUUID();
    this.db
      .prepare('INSERT INTO mappings (id, group_id, workspace_id, role, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, groupId, workspaceId, role, now, actor);
    // Mapped by hand, the grant is no longer a dismissed suggestion: removing it later dismisses it again.
    this.db.prepare('DELETE FROM suggestion_dismissals WHERE group_id = ? AND grant_key = ?').run(groupId, grantKey(grant));
    return this.get(id);
  }

  get(id: string): Mapping {
    const row = this.db.prepare(`${SELECT_MAPPINGS} WHERE mp.id = ?`).get(id) as MappingRow | undefined;
    if (!row) {
      throw new AdminError('not-found', `No mapping has the id "${id}".`);
    }
    return toMapping(row);
  }

  /**
   * Removes a mapping. When the naming convention suggests the grant it removes, that suggestion
   * is dismissed, so that the console does not offer the removed mapping again at once.
   */
  remove(id: string, actor: string, now: string): Mapping {
    const mapping = this.get(id);
    this.db.prepare('DELETE FROM mappings WHERE id = ?').run(id);
    const suggestion = this.suggestionFor(mapping.groupId);
    if (suggestion !== undefined && sameGrant(suggestion.grant, mapping.grant)) {
      this.recordDismissal(suggestion, 'mapping-removed', actor, now);
    }
    return mapping;
  }

  /** Stops offering the suggestion of a group until the admin restores it. */
  dismissSuggestion(groupId: string, actor: string, now: string): Suggestion {
    const suggestion = this.suggestionFor(groupId);
    if (suggestion === undefined) {
      throw new AdminError('not-found', `The group with the id "${groupId}" has no suggestion to dismiss.`);
    }
    if (this.dismissal(suggestion) !== undefined) {
      throw new AdminError('conflict', `The suggestion for ${suggestion.groupName} is already dismissed.`);
    }
    this.recordDismissal(suggestion, 'dismissed', actor, now);
    return suggestion;
  }

  /** Offers a dismissed suggestion again. */
  restoreSuggestion(groupId: string): Suggestion {
    const suggestion = this.suggestionFor(groupId);
    if (suggestion === undefined || this.dismissal(suggestion) === undefined) {
      throw new AdminError('not-found', `The group with the id "${groupId}" has no dismissed suggestion to restore.`);
    }
    this.db.prepare('DELETE FROM suggestion_dismissals WHERE group_id = ? AND grant_key = ?').run(groupId, grantKey(suggestion.grant));
    return suggestion;
  }

  /**
   * Names a group with its connection, as in "admins from Okta", for the summaries of admin changes,
   * because several connections may push groups of the same name. A group that is gone keeps `fallbackName`.
   */
  describeGroup(groupId: string, fallbackName: string | null): string {
    const row = this.db
      .prepare('SELECT g.display_name, c.name AS connection_name FROM groups g JOIN connections c ON c.id = g.connection_id WHERE g.id = ?')
      .get(groupId) as { display_name: string; connection_name: string } | undefined;
    return row === undefined ? (fallbackName ?? groupId) : `${row.display_name} from ${row.connection_name}`;
  }

  /** Ids of the users in a group, whose access a mapping change affects. */
  memberUserIds(groupId: string): string[] {
    return this.db
      .prepare("SELECT member_id FROM group_members WHERE group_id = ? AND member_type = 'User'")
      .pluck()
      .all(groupId) as string[];
  }

  /** Every group with its member count, mappings and naming-convention status. */
  listGroups(): Group[] {
    const settings = readSettings(this.db);
    const workspaces = this.workspaces.list().filter((workspace) => workspace.archivedAt === null);
    const mappings = this.list();
    const rows = this.db
      .prepare(
        `SELECT g.id, g.display_name, g.external_id, g.connection_id, c.name AS connection_name,
           (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) AS member_count
         FROM groups g JOIN connections c ON c.id = g.connection_id ORDER BY g.display_name_key`,
      )
      .all() as GroupRow[];

    return rows.map((row) => {
      const own = mappings.filter((mapping) => mapping.groupId === row.id);
      const suggested = suggestGrant(row.display_name, settings.namingSlug, workspaces);
      return {
        id: row.id,
        displayName: row.display_name,
        externalId: row.external_id,
        connectionId: row.connection_id,
        connectionName: row.connection_name,
        memberCount: row.member_count,
        mappings: own,
        followsConvention: followsConvention(row.display_name, settings.namingSlug),
        renameWarning: renameWarning(row.display_name, own, suggested?.grant, this.workspaces),
      };
    });
  }

  /** Lists the naming convention's suggestions for groups without the suggested grant, except dismissed ones. */
  listSuggestions(): Suggestion[] {
    return this.conventionSuggestions().filter((suggestion) => this.dismissal(suggestion) === undefined);
  }

  /** Lists the suggestions that were dismissed, with who dismissed them, when and why. */
  listDismissedSuggestions(): DismissedSuggestion[] {
    const dismissed: DismissedSuggestion[] = [];
    for (const suggestion of this.conventionSuggestions()) {
      const row = this.dismissal(suggestion);
      if (row !== undefined) {
        dismissed.push({ ...suggestion, cause: row.cause, dismissedAt: row.dismissed_at, dismissedBy: row.dismissed_by });
      }
    }
    return dismissed;
  }

  /** Lists every suggestion of the naming convention for groups without the suggested grant, dismissed or not. */
  private conventionSuggestions(groupId?: string): Suggestion[] {
    const settings = readSettings(this.db);
    const workspaces = this.workspaces.list().filter((workspace) => workspace.archivedAt === null);
    const mappings = this.list();
    const groups = this.db
      .prepare(
        `SELECT g.id, g.display_name, c.name AS connection_name FROM groups g JOIN connections c ON c.id = g.connection_id
         WHERE ? IS NULL OR g.id = ? ORDER BY g.display_name_key, c.name`,
      )
      .all(groupId ?? null, groupId ?? null) as { id: string; display_name: string; connection_name: string }[];

    const suggestions: Suggestion[] = [];
    for (const group of groups) {
      const suggested = suggestGrant(group.display_name, settings.namingSlug, workspaces);
      if (!suggested || mappings.some((mapping) => mapping.groupId === group.id && sameGrant(mapping.grant, suggested.grant))) {
        continue;
      }
      suggestions.push({
        groupId: group.id,
        groupName: group.display_name,
        connectionName: group.connection_name,
        grant: suggested.grant,
        workspaceName: suggested.grant.kind === 'workspace' ? this.workspaces.get(suggested.grant.workspaceId).name : null,
        reason: suggested.reason,
        excludedFromAcceptAll: suggested.grant.kind === 'organization-admin' && settings.namingSlug === '',
      });
    }
    return suggestions;
  }

  private suggestionFor(groupId: string): Suggestion | undefined {
    return this.conventionSuggestions(groupId)[0];
  }

  private dismissal(suggestion: Suggestion): DismissalRow | undefined {
    return this.db
      .prepare('SELECT cause, dismissed_at, dismissed_by FROM suggestion_dismissals WHERE group_id = ? AND grant_key = ?')
      .get(suggestion.groupId, grantKey(suggestion.grant)) as DismissalRow | undefined;
  }

  private recordDismissal(suggestion: Suggestion, cause: DismissalRow['cause'], actor: string, now: string): void {
    this.db
      .prepare(
        `INSERT INTO suggestion_dismissals (group_id, grant_key, cause, dismissed_at, dismissed_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (group_id, grant_key) DO UPDATE SET cause = excluded.cause, dismissed_at = excluded.dismissed_at, dismissed_by = excluded.dismissed_by`,
      )
      .run(suggestion.groupId, grantKey(suggestion.grant), cause, now, actor);
  }
}

interface DismissalRow {
  cause: 'dismissed' | 'mapping-removed';
  dismissed_at: string;
  dismissed_by: string;
}

/** Returns the key of a grant in `suggestion_dismissals`. */
function grantKey(grant: Grant): string {
  return grant.kind === 'organization-admin' ? 'organization-admin' : `workspace:${grant.workspaceId}:${grant.role}`;
}

/** Describes a grant in words: "organization admin" or "editor in Data Science". */
export function describeGrant(grant: Grant, workspaces: WorkspaceStore): string {
  return grant.kind === 'organization-admin' ? 'organization admin' : `${grant.role} in ${workspaces.get(grant.workspaceId).name}`;
}

function sameGrant(a: Grant, b: Grant): boolean {
  if (a.kind === 'organization-admin' || b.kind === 'organization-admin') {
    return a.kind === b.kind;
  }
  return a.workspaceId === b.workspaceId && a.role === b.role;
}

function renameWarning(name: string, mappings: Mapping[], suggested: Grant | undefined, workspaces: WorkspaceStore): string | null {
  if (mappings.length === 0 || !suggested || mappings.some((mapping) => sameGrant(mapping.grant, suggested))) {
    return null;
  }
  const current = mappings.map((mapping) => describeGrant(mapping.grant, workspaces)).join(', ');
  return `The name "${name}" suggests ${describeGrant(suggested, workspaces)}, but the group is mapped to ${current}. Check whether the group was renamed, and update its mappings.`;
}

function toMapping(row: MappingRow): Mapping {
  const grant: Grant =
    row.workspace_id === null
      ? { kind: 'organization-admin' }
      : { kind: 'workspace', workspaceId: row.workspace_id, role: row.role as 'viewer' | 'editor' | 'admin' };
  return {
    id: row.id,
    groupId: row.group_id,
    groupName: row.group_name,
    grant,
    workspaceName: row.workspace_name,
    createdAt: row.created_at,
  };
}
