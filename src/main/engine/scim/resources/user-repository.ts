import type { Db } from '../../store/database.ts';
import { newTimeOrderedId } from '../../store/ids.ts';
import { nameTakenError, ScimError } from '../errors.ts';
import { limitClause } from '../list.ts';

/** A user as stored: indexed columns beside the JSON document of its attributes. */
export interface StoredUser {
  id: string;
  connectionId: string;
  userName: string;
  externalId: string | null;
  displayName: string | null;
  active: boolean;
  doc: Record<string, unknown>;
  version: number;
  createdAt: string;
  modifiedAt: string;
  /** The groups the user belongs to directly, when the query that read the user requested them. */
  groups?: UserGroup[];
}

/** A group as the User `groups` attribute lists it. */
export interface UserGroup {
  value: string;
  display: string;
  type: 'direct';
}

interface UserRow {
  id: string;
  connection_id: string;
  user_name: string;
  external_id: string | null;
  display_name: string | null;
  active: number;
  doc: string;
  version: number;
  created_at: string;
  modified_at: string;
}

/** SQL access to the `users` table; every method runs inside the caller's transaction. */
export class UserRepository {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  get(connectionId: string, id: string): StoredUser | undefined {
    const row = this.db
      .prepare('SELECT * FROM users WHERE id = ? AND connection_id = ?')
      .get(id, connectionId) as UserRow | undefined;
    return row ? toStoredUser(row) : undefined;
  }

  /** Returns users by id regardless of connection (for the console and the access model). */
  getById(id: string): StoredUser | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? toStoredUser(row) : undefined;
  }

  /** Inserts a user; 409 uniqueness when the connection already has its userName (case-insensitive). */
  insert(connectionId: string, doc: Record<string, unknown>, now: string): StoredUser {
    const userName = String(doc.userName);
    this.assertUserNameFree(connectionId, userName, undefined);
    const user: StoredUser = {
      id: newTimeOrderedId(),
      connectionId,
      userName,
      externalId: textOrNull(doc.externalId),
      displayName: textOrNull(doc.displayName),
      active: doc.active !== false,
      doc: { ...doc, active: doc.active !== false },
      version: 1,
      createdAt: now,
      modifiedAt: now,
    };
    this.db
      .prepare(
        `INSERT INTO users (id, connection_id, user_name, user_name_key, external_id, display_name, active, doc, version, created_at, modified_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        user.id,
        connectionId,
        userName,
        userName.toLowerCase(),
        user.externalId,
        user.displayName,
        user.active ? 1 : 0,
        JSON.stringify(user.doc),
        user.version,
        now,
        now,
      );
    return user;
  }

  /** Stores a new document for an existing user and bumps its version. */
  update(existing: StoredUser, doc: Record<string, unknown>, now: string): StoredUser {
    const userName = String(doc.userName);
    if (userName.toLowerCase() !== existing.userName.toLowerCase()) {
      this.assertUserNameFree(existing.connectionId, userName, existing.id);
    }
    const active = doc.active !== false;
    const updated: StoredUser = {
      ...existing,
      userName,
      externalId: textOrNull(doc.externalId),
      displayName: textOrNull(doc.displayName),
      active,
      doc: { ...doc, active },
      version: existing.version + 1,
      modifiedAt: now,
    };
    this.db
      .prepare(
        `UPDATE users SET user_name = ?, user_name_key = ?, external_id = ?, display_name = ?, active = ?, doc = ?,
         version = ?, modified_at = ? WHERE id = ?`,
      )
      .run(
        userName,
        userName.toLowerCase(),
        updated.externalId,
        updated.displayName,
        active ? 1 : 0,
        JSON.stringify(updated.doc),
        updated.version,
        now,
        existing.id,
      );
    return updated;
  }

  /** Deletes a user and its group memberships; returns the ids of the groups it left. */
  delete(id: string): string[] {
    const groups = this.db
      .prepare('SELECT group_id FROM group_members WHERE member_id = ?')
      .pluck()
      .all(id) as string[];
    this.db.prepare('DELETE FROM group_members WHERE member_id = ?').run(id);
    this.db.prepare('DELETE FROM users WHERE id = ?').run(id);
    return groups;
  }

  /**
   * Returns one page of a filtered list in a stable order, with the total count, and with each
   * user's groups when `withGroups` is set. The groups come from a subquery of the same statement,
   * which costs less than a second statement per user.
   */
  list(
    connectionId: string,
    where: { sql: string; params: unknown[] } | undefined,
    orderBy: string,
    offset: number,
    limit: number,
    withGroups = false,
  ): { total: number; users: StoredUser[] } {
    const condition = where ? `AND (${where.sql})` : '';
    const params = [connectionId, ...(where?.params ?? [])];
    const countAll = (): number =>
      this.db.prepare(`SELECT COUNT(*) FROM users r WHERE r.connection_id = ? ${condition}`).pluck().get(...params) as number;
    if (limit === 0) {
      return { total: countAll(), users: [] };
    }
    const groupsColumn = withGroups ? `, (${GROUPS_OF_USER_JSON}) AS groups_json` : '';
    const rows = this.db
      .prepare(`SELECT r.*${groupsColumn} FROM users r WHERE r.connection_id = ? ${condition} ${orderBy} ${limitClause(limit, offset)}`)
      .all(...params) as (UserRow & { groups_json?: string })[];
    // A short, non-empty page (or an empty first page) already gives the total, so lookups skip the COUNT.
    const pageGivesTotal = rows.length < limit && (rows.length > 0 || offset === 0);
    const total = pageGivesTotal ? offset + rows.length : countAll();
    const users = rows.map((row) => {
      const user = toStoredUser(row);
      if (row.groups_json !== undefined) {
        const groups = JSON.parse(row.groups_json) as GroupRow[];
        user.groups = toUserGroups(groups.map(([id, display_name, display_name_key]) => ({ id, display_name, display_name_key })));
      }
      return user;
    });
    return { total, users };
  }

  /** Returns the groups a user belongs to directly, as the User `groups` attribute lists them. */
  groupsOf(userId: string): UserGroup[] {
    // The IN subquery runs several times faster per call than the equivalent join.
    const rows = this.db
      .prepare(
        `SELECT id, display_name, display_name_key FROM groups
         WHERE id IN (SELECT group_id FROM group_members WHERE member_id = ?)`,
      )
      .all(userId) as { id: string; display_name: string; display_name_key: string }[];
    return toUserGroups(rows);
  }

  /** Rejects a userName that another user of the connection has, compared without regard to case, as RFC 7643 defines userName (caseExact false). */
  private assertUserNameFree(connectionId: string, userName: string, exceptId: string | undefined): void {
    const taken = this.db
      .prepare('SELECT id, user_name FROM users WHERE connection_id = ? AND user_name_key = ?')
      .get(connectionId, userName.toLowerCase()) as { id: string; user_name: string } | undefined;
    if (taken !== undefined && taken.id !== exceptId) {
      throw nameTakenError('user', 'userName', userName, taken.user_name, taken.id);
    }
  }
}

/** Selects a user's groups (alias `r`) as a JSON array of [id, display_name, display_name_key]. */
const GROUPS_OF_USER_JSON = `SELECT json_group_array(json_array(g.id, g.display_name, g.display_name_key)) FROM groups g
  WHERE g.id IN (SELECT group_id FROM group_members WHERE member_id = r.id)`;

type GroupRow = [id: string, display_name: string, display_name_key: string];

/**
 * Sorts a user's groups by name and id and converts them to the `groups` attribute. Sorted here
 * rather than by ORDER BY, which would build a temporary B-tree for every user read.
 */
function toUserGroups(rows: { id: string; display_name: string; display_name_key: string }[]): UserGroup[] {
  rows.sort((a, b) => compareText(a.display_name_key, b.display_name_key) || compareText(a.id, b.id));
  return rows.map((row) => ({ value: row.id, display: row.display_name, type: 'direct' }));
}

function compareText(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function toStoredUser(row: UserRow): StoredUser {
  return {
    id: row.id,
    connectionId: row.connection_id,
    userName: row.user_name,
    externalId: row.external_id,
    displayName: row.display_name,
    active: row.active === 1,
    doc: JSON.parse(row.doc) as Record<string, unknown>,
    version: row.version,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
  };
}
