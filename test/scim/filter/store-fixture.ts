/**
 * A minimal store for filter tests: the store's table layout in an in-memory
 * better-sqlite3 database, and inserts that derive the columns from a SCIM
 * resource the way the store does.
 */
import Database from 'better-sqlite3';
import type { FilterNode } from '../../../src/main/engine/scim/filter/ast.ts';
import { compileFilter } from '../../../src/main/engine/scim/filter/sql.ts';

export type Resource = Record<string, unknown>;

const TABLES_SQL = `
CREATE TABLE users (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  connection_id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  user_name_key TEXT NOT NULL,
  external_id TEXT,
  display_name TEXT,
  active INTEGER NOT NULL,
  doc TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  modified_at TEXT NOT NULL
);
CREATE TABLE groups (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  connection_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  display_name_key TEXT NOT NULL,
  external_id TEXT,
  doc TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  modified_at TEXT NOT NULL
);
CREATE TABLE group_members (
  group_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  member_type TEXT NOT NULL,
  display TEXT,
  PRIMARY KEY (group_id, member_id)
) WITHOUT ROWID;
`;

/** Opens an in-memory database with the store's tables and the scim_fold function. */
export function createTestDatabase(): Database.Database {
  const db = new Database(':memory:');
  db.exec(TABLES_SQL);
  db.function('scim_fold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  );
  return db;
}

const DEFAULT_TIME = '2026-01-01T00:00:00.000Z';

/** Inserts a User resource written in canonical case. `doc` gets every attribute except id, meta and password. */
export function insertUser(db: Database.Database, user: Resource): void {
  const { id, meta, password: _password, ...doc } = user;
  const times = readMeta(meta);
  db.prepare(
    `INSERT INTO users (id, connection_id, user_name, user_name_key, external_id, display_name, active, doc, version, created_at, modified_at)
     VALUES (?, 'test', ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  ).run(
    id,
    user.userName,
    String(user.userName).toLowerCase(),
    user.externalId ?? null,
    user.displayName ?? null,
    user.active === true ? 1 : 0,
    JSON.stringify(doc),
    times.created,
    times.lastModified,
  );
}

/** Inserts a Group resource. Its `members` go to group_members, and the rest except id and meta to `doc`. */
export function insertGroup(db: Database.Database, group: Resource): void {
  const { id, meta, members = [], ...doc } = group;
  const times = readMeta(meta);
  db.prepare(
    `INSERT INTO groups (id, connection_id, display_name, display_name_key, external_id, doc, version, created_at, modified_at)
     VALUES (?, 'test', ?, ?, ?, ?, 1, ?, ?)`,
  ).run(
    id,
    group.displayName,
    String(group.displayName).toLowerCase(),
    group.externalId ?? null,
    JSON.stringify(doc),
    times.created,
    times.lastModified,
  );
  const insertMember = db.prepare('INSERT INTO group_members (group_id, member_id, member_type, display) VALUES (?, ?, ?, ?)');
  for (const member of members as Resource[]) {
    insertMember.run(id, member.value, member.type, member.display ?? null);
  }
}

/** Returns the ids that a compiled filter selects, in insertion order. */
export function selectIds(db: Database.Database, table: 'users' | 'groups', filter: FilterNode): string[] {
  const compiled = compileFilter(filter, table === 'users' ? 'User' : 'Group');
  const rows = db.prepare(`SELECT id FROM ${table} r WHERE ${compiled.sql} ORDER BY seq`).all(...compiled.params);
  return (rows as { id: string }[]).map((row) => row.id);
}

function readMeta(meta: unknown): { created: string; lastModified: string } {
  const record = (meta ?? {}) as Resource;
  return {
    created: typeof record.created === 'string' ? record.created : DEFAULT_TIME,
    lastModified: typeof record.lastModified === 'string' ? record.lastModified : DEFAULT_TIME,
  };
}
