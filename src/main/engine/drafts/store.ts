import { randomUUID } from 'node:crypto';
import type { Draft, DraftChange, DraftChangeInput, DraftSummary } from '../../../shared/api.ts';
import type { Grant, WorkspaceRole } from '../../../shared/model.ts';
import { AdminError } from '../admin/errors.ts';
import type { WorkspaceStore } from '../admin/workspaces.ts';
import type { Db } from '../store/database.ts';
import { findDiscardedDraft } from './discarded.ts';
import { describeChangeProblem, type LiveState, loadLiveState } from './live-state.ts';

interface DraftRow {
  id: string;
  name: string;
  created_at: string;
  created_by: string;
  applied_at: string | null;
  applied_by: string | null;
  applied_event_id: number | null;
  change_count: number;
}

interface ChangeRow {
  id: string;
  action: 'add' | 'remove';
  mapping_id: string | null;
  group_id: string | null;
  group_name: string;
  workspace_id: string | null;
  role: WorkspaceRole;
  created_at: string;
}

/** A change about to be stored, after its checks. */
interface NewChange {
  action: 'add' | 'remove';
  mappingId: string | null;
  groupId: string | null;
  groupName: string;
  workspaceId: string | null;
  role: WorkspaceRole;
}

const SELECT_DRAFTS = `SELECT d.*, (SELECT COUNT(*) FROM draft_changes c WHERE c.draft_id = d.id) AS change_count FROM drafts d`;

/**
 * Drafts: named sets of mapping changes (add or remove) kept beside the live mappings
 * until the admin applies or discards them. A draft changes no one's access by itself.
 */
export class DraftStore {
  private readonly db: Db;
  private readonly workspaces: WorkspaceStore;

  constructor(db: Db, workspaces: WorkspaceStore) {
    this.db = db;
    this.workspaces = workspaces;
  }

  /** Lists open drafts first, then applied ones, newest first within each. */
  list(): DraftSummary[] {
    const rows = this.db.prepare(`${SELECT_DRAFTS} ORDER BY d.applied_at IS NOT NULL, COALESCE(d.applied_at, d.created_at) DESC`).all() as DraftRow[];
    return rows.map(toSummary);
  }

  /** Creates an empty draft; open drafts must have distinct names (case-insensitive). */
  create(name: string, actor: string, now: string): Draft {
    const trimmed = name.trim();
    if (trimmed === '') {
      throw new AdminError('invalid', 'A draft needs a name, such as "Q3 cleanup".');
    }
    const clash = this.db.prepare('SELECT name FROM drafts WHERE name = ? COLLATE NOCASE AND applied_at IS NULL').pluck().get(trimmed) as
      | string
      | undefined;
    if (clash !== undefined) {
      throw new AdminError('conflict', `An open draft is already named "${clash}". Choose another name, or open that draft.`);
    }
    const id = randomUUID();
    this.db.prepare('INSERT INTO drafts (id, name, created_at, created_by) VALUES (?, ?, ?, ?)').run(id, trimmed, now, actor);
    return this.get(id);
  }

  /** Returns a draft with its changes, each checked against the live mappings. */
  get(id: string): Draft {
    const row = this.db.prepare(`${SELECT_DRAFTS} WHERE d.id = ?`).get(id) as DraftRow | undefined;
    if (!row) {
      throw new AdminError('not-found', `No draft has the id "${id}". It may have been discarded; list the drafts to see which exist.`);
    }
    const state = loadLiveState(this.db);
    const changes = (this.db.prepare('SELECT * FROM draft_changes WHERE draft_id = ? ORDER BY seq').all(id) as ChangeRow[]).map((change) =>
      toDraftChange(change, state, row.applied_at !== null),
    );
    return { ...toSummary(row), changes };
  }

  /**
   * Finds a draft by name: the open draft of that name, else the latest applied one. For a name
   * that only a discarded draft had, the not-found error names when it was discarded and the actor.
   */
  getByName(name: string): Draft {
    const id = this.db
      .prepare('SELECT id FROM drafts WHERE name = ? COLLATE NOCASE ORDER BY applied_at IS NOT NULL, applied_at DESC LIMIT 1')
      .pluck()
      .get(name.trim()) as string | undefined;
    const discarded = id === undefined ? findDiscardedDraft(this.db, name) : undefined;
    if (discarded !== undefined) {
      const by = discarded.discardedBy === null ? '' : ` by ${discarded.discardedBy}`;
      throw new AdminError(
        'not-found',
        `The draft "${discarded.name}" was discarded on ${discarded.discardedAt}${by} (event ${discarded.eventId}), so its changes are no longer kept. Create a new draft to make them again.`,
      );
    }
    if (id === undefined) {
      const open = this.list().filter((draft) => draft.appliedAt === null).map((draft) => `"${draft.name}"`);
      const known = open.length > 0 ? `Open drafts: ${open.join(', ')}.` : 'There are no open drafts; create one first.';
      throw new AdminError('not-found', `No draft is named "${name}". ${known}`);
    }
    return this.get(id);
  }

  /** Adds one mapping change to an open draft after checking it against the live state. */
  addChange(draftId: string, input: DraftChangeInput, now: string): Draft {
    const draft = this.requireOpen(draftId);
    const row = input.action === 'add' ? this.prepareAdd(draft, input) : this.prepareRemove(draft, input.mappingId);
    const seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 FROM draft_changes WHERE draft_id = ?').pluck().get(draftId) as number) ?? 1;
    this.db
      .prepare(
        `INSERT INTO draft_changes (id, draft_id, seq, action, mapping_id, group_id, group_name, workspace_id, role, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(randomUUID(), draftId, seq, row.action, row.mappingId, row.groupId, row.groupName, row.workspaceId, row.role, now);
    return this.get(draftId);
  }

  /** Removes one change from an open draft. */
  removeChange(draftId: string, changeId: string): Draft {
    this.requireOpen(draftId);
    const removed = this.db.prepare('DELETE FROM draft_changes WHERE id = ? AND draft_id = ?').run(changeId, draftId);
    if (removed.changes === 0) {
      throw new AdminError('not-found', `The draft has no change with the id "${changeId}". Reload the draft to see its changes.`);
    }
    return this.get(draftId);
  }

  /** Deletes an open draft with its changes. The live mappings stay as they are. */
  discard(draftId: string): Draft {
    const draft = this.requireOpen(draftId);
    this.db.prepare('DELETE FROM drafts WHERE id = ?').run(draftId);
    return draft;
  }

  /** Records that a draft was applied by the given event. */
  markApplied(draftId: string, actor: string, now: string, eventId: number): void {
    this.db.prepare('UPDATE drafts SET applied_at = ?, applied_by = ?, applied_event_id = ? WHERE id = ?').run(now, actor, eventId, draftId);
  }

  /** Returns a draft that is still open, or throws a conflict naming when it was applied. */
  requireOpen(draftId: string): Draft {
    const draft = this.get(draftId);
    if (draft.appliedAt !== null) {
      throw new AdminError(
        'conflict',
        `The draft "${draft.name}" was applied on ${draft.appliedAt} (event ${draft.appliedEventId}), so it can no longer change. Create a new draft.`,
      );
    }
    return draft;
  }

  private prepareAdd(draft: Draft, input: Extract<DraftChangeInput, { action: 'add' }>): NewChange {
    const workspaceId = input.grant.kind === 'workspace' ? input.grant.workspaceId : null;
    const role: WorkspaceRole = input.grant.kind === 'workspace' ? input.grant.role : 'admin';
    if (workspaceId !== null) {
      const workspace = this.workspaces.get(workspaceId);
      if (workspace.archivedAt !== null) {
        throw new AdminError('invalid', `The workspace "${workspace.name}" is archived, so a mapping to it would grant nothing. Choose an active workspace.`);
      }
    }

    const group = this.resolveGroup(input.groupId, input.groupName);
    const duplicate = draft.changes.some(
      (change) =>
        change.action === 'add' &&
        (change.groupId ?? change.groupName.toLowerCase()) === (group.groupId ?? group.groupName.toLowerCase()) &&
        sameGrant(change.grant, input.grant),
    );
    if (duplicate) {
      throw new AdminError('conflict', `The draft already maps ${group.groupName} to this grant.`);
    }
    return { action: 'add', mappingId: null, groupId: group.groupId, groupName: group.groupName, workspaceId, role };
  }

  private prepareRemove(draft: Draft, mappingId: string): NewChange {
    const mapping = this.db
      .prepare(
        `SELECT mp.group_id, COALESCE(g.display_name, mp.group_id) AS group_name, mp.workspace_id, mp.role
         FROM mappings mp LEFT JOIN groups g ON g.id = mp.group_id WHERE mp.id = ?`,
      )
      .get(mappingId) as { group_id: string; group_name: string; workspace_id: string | null; role: WorkspaceRole } | undefined;
    if (!mapping) {
      throw new AdminError('not-found', `No live mapping has the id "${mappingId}". List the mappings to see their ids.`);
    }
    if (draft.changes.some((change) => change.action === 'remove' && change.mappingId === mappingId)) {
      throw new AdminError('conflict', `The draft already removes the mapping of ${mapping.group_name}.`);
    }
    return { action: 'remove', mappingId, groupId: mapping.group_id, groupName: mapping.group_name, workspaceId: mapping.workspace_id, role: mapping.role };
  }

  /**
   * Finds the group of an 'add': by id among live groups, else by name. A name that no live
   * group has is kept as it is, so that a draft can map a group known only from a snapshot.
   */
  private resolveGroup(groupId: string | undefined, groupName: string | undefined): { groupId: string | null; groupName: string } {
    if (groupId !== undefined) {
      const name = this.db.prepare('SELECT display_name FROM groups WHERE id = ?').pluck().get(groupId) as string | undefined;
      if (name === undefined) {
        throw new AdminError('not-found', `No group has the id "${groupId}". Groups appear once an identity provider pushes them.`);
      }
      return { groupId, groupName: name };
    }
    if (groupName === undefined || groupName.trim() === '') {
      throw new AdminError('invalid', 'Name the group to map: give its id or its displayName.');
    }
    const matches = this.db.prepare('SELECT id, display_name FROM groups WHERE display_name_key = ?').all(groupName.trim().toLowerCase()) as {
      id: string;
      display_name: string;
    }[];
    if (matches.length > 1) {
      throw new AdminError('conflict', `Several connections have a group named "${groupName}". Choose the group by its id instead.`);
    }
    const match = matches[0];
    return match ? { groupId: match.id, groupName: match.display_name } : { groupId: null, groupName: groupName.trim() };
  }
}

function toSummary(row: DraftRow): DraftSummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    createdBy: row.created_by,
    appliedAt: row.applied_at,
    appliedBy: row.applied_by,
    appliedEventId: row.applied_event_id,
    changeCount: row.change_count,
  };
}

function toDraftChange(row: ChangeRow, state: LiveState, applied: boolean): DraftChange {
  const grant: Grant = row.workspace_id === null ? { kind: 'organization-admin' } : { kind: 'workspace', workspaceId: row.workspace_id, role: row.role };
  const change = {
    id: row.id,
    action: row.action,
    mappingId: row.mapping_id,
    groupId: row.group_id,
    groupName: state.groupNames.get(row.group_id ?? '') ?? row.group_name,
    connectionName: state.groupConnectionNames.get(row.group_id ?? '') ?? null,
    grant,
    workspaceName: row.workspace_id === null ? null : (state.workspaces.get(row.workspace_id)?.name ?? null),
    problem: null,
    createdAt: row.created_at,
  };
  // An applied draft is history: its changes are shown as they were, without checks.
  return applied ? change : { ...change, problem: describeChangeProblem(change, state) };
}

function sameGrant(a: Grant, b: Grant): boolean {
  if (a.kind === 'organization-admin' || b.kind === 'organization-admin') {
    return a.kind === b.kind;
  }
  return a.workspaceId === b.workspaceId && a.role === b.role;
}
