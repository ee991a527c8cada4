import type { Db } from '../../store/database.ts';
import { refreshStoredGroupNames } from '../../access/role-reasons.ts';
import { newTimeOrderedId } from '../../store/ids.ts';
import { nameTakenError, ScimError } from '../errors.ts';
import { limitClause } from '../list.ts';

/** A group as stored; its members live in `group_members`, not in the document. */
export interface StoredGroup {
  id: string;
  connectionId: string;
  displayName: string;
  externalId: string | null;
  doc: Record<string, unknown>;
  version: number;
  createdAt: string;
  modifiedAt: string;
}

/** A member as a client sends it: the member's id, and optionally its display text and type. */
export interface MemberInput {
  value: string;
  display?: string;
  type?: string;
}

/** A member id with its kind, as membership changes report it. */
export interface MemberRef {
  id: string;
  type: 'User' | 'Group';
}

interface GroupRow {
  id: string;
  connection_id: string;
  display_name: string;
  external_id: string | null;
  doc: string;
  version: number;
  created_at: string;
  modified_at: string;
}

/**
 * SQL access to `groups` and `group_members`. Membership changes are set operations
 * over JSON arrays of ids, so adding 100 members to a large group touches only
 * those 100 rows.
 */
export class GroupRepository {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  get(connectionId: string, id: string): StoredGroup | undefined {
    const row = this.db
      .prepare('SELECT * FROM groups WHERE id = ? AND connection_id = ?')
      .get(id, connectionId) as GroupRow | undefined;
    return row ? toStoredGroup(row) : undefined;
  }

  /**
   * Inserts a group; 409 uniqueness when the connection already has a group with that
   * displayName (case-insensitive), because Entra ID and Okta find groups by it.
   */
  insert(connectionId: string, doc: Record<string, unknown>, now: string): StoredGroup {
    this.assertDisplayNameFree(connectionId, String(doc.displayName), undefined);
    const group: StoredGroup = {
      id: newTimeOrderedId(),
      connectionId,
      displayName: String(doc.displayName),
      externalId: typeof doc.externalId === 'string' ? doc.externalId : null,
      doc,
      version: 1,
      createdAt: now,
      modifiedAt: now,
    };
    this.db
      .prepare(
        `INSERT INTO groups (id, connection_id, display_name, display_name_key, external_id, doc, version, created_at, modified_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(group.id, connectionId, group.displayName, group.displayName.toLowerCase(), group.externalId, JSON.stringify(doc), 1, now, now);
    return group;
  }

  /** Stores a new document (and bumps the version, also for membership-only changes). */
  update(existing: StoredGroup, doc: Record<string, unknown>, now: string): StoredGroup {
    if (String(doc.displayName).toLowerCase() !== existing.displayName.toLowerCase()) {
      this.assertDisplayNameFree(existing.connectionId, String(doc.displayName), existing.id);
    }
    const updated: StoredGroup = {
      ...existing,
      displayName: String(doc.displayName),
      externalId: typeof doc.externalId === 'string' ? doc.externalId : null,
      doc,
      version: existing.version + 1,
      modifiedAt: now,
    };
    this.db
      .prepare(
        `UPDATE groups SET display_name = ?, display_name_key = ?, external_id = ?, doc = ?, version = ?, modified_at = ?
         WHERE id = ?`,
      )
      .run(updated.displayName, updated.displayName.toLowerCase(), updated.externalId, JSON.stringify(doc), updated.version, now, existing.id);
    if (updated.displayName !== existing.displayName) {
      refreshStoredGroupNames(this.db, [existing.id]);
    }
    return updated;
  }

  /** Deletes a group and its memberships, as a member and as a container; returns the members it had. */
  delete(id: string): MemberRef[] {
    const members = this.memberRefs(id);
    // A store of an earlier version may hold an older name, which the roles lost with this group would record.
    refreshStoredGroupNames(this.db, [id]);
    this.db.prepare('DELETE FROM group_members WHERE group_id = ? OR member_id = ?').run(id, id);
    this.db.prepare('DELETE FROM groups WHERE id = ?').run(id);
    return members;
  }

  list(
    connectionId: string,
    where: { sql: string; params: unknown[] } | undefined,
    orderBy: string,
    offset: number,
    limit: number,
  ): { total: number; groups: StoredGroup[] } {
    const condition = where ? `AND (${where.sql})` : '';
    const params = [connectionId, ...(where?.params ?? [])];
    const countAll = (): number =>
      this.db.prepare(`SELECT COUNT(*) FROM groups r WHERE r.connection_id = ? ${condition}`).pluck().get(...params) as number;
    if (limit === 0) {
      return { total: countAll(), groups: [] };
    }
    const rows = this.db
      .prepare(`SELECT r.* FROM groups r WHERE r.connection_id = ? ${condition} ${orderBy} ${limitClause(limit, offset)}`)
      .all(...params) as GroupRow[];
    // A short, non-empty page (or an empty first page) already gives the total, so lookups skip the COUNT.
    const pageGivesTotal = rows.length < limit && (rows.length > 0 || offset === 0);
    const total = pageGivesTotal ? offset + rows.length : countAll();
    return { total, groups: rows.map(toStoredGroup) };
  }

  /** Returns the members as the Group `members` attribute lists them. */
  members(groupId: string): { value: string; display?: string; type: string }[] {
    const rows = this.db
      .prepare(
        `SELECT m.member_id, m.member_type, COALESCE(m.display, u.display_name, u.user_name, g.display_name) AS display
         FROM group_members m
         LEFT JOIN users u ON m.member_type = 'User' AND u.id = m.member_id
         LEFT JOIN groups g ON m.member_type = 'Group' AND g.id = m.member_id
         WHERE m.group_id = ? ORDER BY m.member_id`,
      )
      .all(groupId) as { member_id: string; member_type: string; display: string | null }[];
    return rows.map((row) => ({
      value: row.member_id,
      ...(row.display !== null ? { display: row.display } : {}),
      type: row.member_type,
    }));
  }

  /** True when at least one mapping, live or orphaned, names the group. */
  hasMappings(groupId: string): boolean {
    return this.db.prepare('SELECT 1 FROM mappings WHERE group_id = ? LIMIT 1').get(groupId) !== undefined;
  }

  /** Returns a readable name per member id: the userName of users, the displayName of groups. */
  namesOf(refs: MemberRef[]): Map<string, string> {
    const json = JSON.stringify(refs.map((ref) => ref.id));
    const rows = this.db
      .prepare(
        `SELECT j.value AS id, COALESCE(u.user_name, g.display_name, j.value) AS name FROM json_each(?) j
         LEFT JOIN users u ON u.id = j.value LEFT JOIN groups g ON g.id = j.value`,
      )
      .all(json) as { id: string; name: string }[];
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  memberRefs(groupId: string): MemberRef[] {
    const rows = this.db
      .prepare('SELECT member_id AS id, member_type AS type FROM group_members WHERE group_id = ?')
      .all(groupId) as MemberRef[];
    return rows;
  }

  /**
   * Adds members that are not in the group yet and returns those added. Every id
   * must be a user or group of the same connection: otherwise 400 invalidValue and
   * nothing changes.
   */
  addMembers(group: StoredGroup, members: MemberInput[]): MemberRef[] {
    if (members.length === 0) {
      return [];
    }
    const resolved = this.resolveMembers(group, members);
    const json = JSON.stringify(resolved);
    const added = this.db
      .prepare(
        `SELECT json_extract(j.value, '$.id') AS id, json_extract(j.value, '$.type') AS type FROM json_each(?) j
         WHERE NOT EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = ? AND m.member_id = json_extract(j.value, '$.id'))`,
      )
      .all(json, group.id) as MemberRef[];
    this.db
      .prepare(
        `INSERT OR IGNORE INTO group_members (group_id, member_id, member_type, display)
         SELECT ?, json_extract(j.value, '$.id'), json_extract(j.value, '$.type'), json_extract(j.value, '$.display')
         FROM json_each(?) j`,
      )
      .run(group.id, json);
    return dedupe(added);
  }

  /** Removes the listed member ids (ids not in the group are ignored) and returns those removed. */
  removeMembers(groupId: string, ids: string[]): MemberRef[] {
    if (ids.length === 0) {
      return [];
    }
    const json = JSON.stringify(ids);
    const removed = this.db
      .prepare(
        `SELECT member_id AS id, member_type AS type FROM group_members
         WHERE group_id = ? AND member_id IN (SELECT value FROM json_each(?))`,
      )
      .all(groupId, json) as MemberRef[];
    this.db
      .prepare('DELETE FROM group_members WHERE group_id = ? AND member_id IN (SELECT value FROM json_each(?))')
      .run(groupId, json);
    return removed;
  }

  /** Makes the membership exactly `members`; returns who was added and who was removed. */
  replaceMembers(group: StoredGroup, members: MemberInput[]): { added: MemberRef[]; removed: MemberRef[] } {
    const keep = JSON.stringify(members.map((member) => member.value));
    const removedIds = this.db
      .prepare(
        `SELECT member_id FROM group_members WHERE group_id = ? AND member_id NOT IN (SELECT value FROM json_each(?))`,
      )
      .pluck()
      .all(group.id, keep) as string[];
    const removed = this.removeMembers(group.id, removedIds);
    const added = this.addMembers(group, members);
    return { added, removed };
  }

  private assertDisplayNameFree(connectionId: string, displayName: string, exceptId: string | undefined): void {
    const taken = this.db
      .prepare('SELECT id, display_name FROM groups WHERE connection_id = ? AND display_name_key = ?')
      .get(connectionId, displayName.toLowerCase()) as { id: string; display_name: string } | undefined;
    if (taken !== undefined && taken.id !== exceptId) {
      throw nameTakenError('group', 'displayName', displayName, taken.display_name, taken.id);
    }
  }

  private resolveMembers(group: StoredGroup, members: MemberInput[]): (MemberRef & { display: string | null })[] {
    const json = JSON.stringify(members.map((member) => member.value));
    const known = this.db
      .prepare(
        `SELECT j.value AS id, CASE WHEN u.id IS NOT NULL THEN 'User' WHEN g.id IS NOT NULL THEN 'Group' END AS type
         FROM json_each(?) j
         LEFT JOIN users u ON u.id = j.value AND u.connection_id = ?
         LEFT JOIN groups g ON g.id = j.value AND g.connection_id = ?`,
      )
      .all(json, group.connectionId, group.connectionId) as { id: string; type: 'User' | 'Group' | null }[];

    const unknown = known.filter((row) => row.type === null).map((row) => row.id);
    if (unknown.length > 0) {
      const listed = unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? `, and ${unknown.length - 5} more` : '');
      throw new ScimError(400, 'invalidValue', `members: no user or group of this connection has the id ${listed}.`);
    }
    if (known.some((row) => row.id === group.id)) {
      throw new ScimError(400, 'invalidValue', `members: the group ${group.id} cannot be a member of itself.`);
    }
    return known.map((row, index) => ({
      id: row.id,
      type: row.type as 'User' | 'Group',
      display: members[index]?.display ?? null,
    }));
  }
}

function dedupe(refs: MemberRef[]): MemberRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => (seen.has(ref.id) ? false : (seen.add(ref.id), true)));
}

function toStoredGroup(row: GroupRow): StoredGroup {
  return {
    id: row.id,
    connectionId: row.connection_id,
    displayName: row.display_name,
    externalId: row.external_id,
    doc: JSON.parse(row.doc) as Record<string, unknown>,
    version: row.version,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
  };
}
