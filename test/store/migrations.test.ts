/** Upgrading a store written by an earlier version (migrations.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { openDatabase } from '../../src/main/engine/store/database.ts';
import { MIGRATIONS } from '../../src/main/engine/store/migrations.ts';

const LATEST_VERSION = Math.max(...MIGRATIONS.map((migration) => migration.version));

let dataDir: string | undefined;

afterEach(() => {
  if (dataDir !== undefined) {
    rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  }
});

function indexesOf(table: string, db: ReturnType<typeof openDatabase>): string[] {
  return db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name").pluck().all(table) as string[];
}

describe('migration 7', () => {
  it('replaces the reference index by type and event', () => {
    dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-migrate-'));
    const old = openDatabase(dataDir);
    // Version 6 had the index by type and event and no partial index. Later versions added the columns dropped here.
    old.exec(`DROP INDEX event_refs_access_lost;
      ALTER TABLE snapshots DROP COLUMN connection_id;
      ALTER TABLE review_decisions DROP COLUMN new_role;
      ALTER TABLE oauth_clients DROP COLUMN revoked_at;
      ALTER TABLE basic_credentials DROP COLUMN revoked_at;
      CREATE INDEX event_refs_type_event ON event_refs(ref_type, event_id);
      INSERT INTO event_refs (ref_type, ref_key, event_id) VALUES ('access-lost', 'user-1', 1), ('user', 'user-1', 1);
      PRAGMA user_version = 6;`);
    old.close();

    const upgraded = openDatabase(dataDir);

    expect(upgraded.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(indexesOf('event_refs', upgraded)).toEqual(['event_refs_access_lost']);
    const lost = upgraded.prepare("SELECT ref_key FROM event_refs INDEXED BY event_refs_access_lost WHERE ref_type = 'access-lost' AND event_id >= 1");
    expect(lost.pluck().all()).toEqual(['user-1']);
    upgraded.close();
  });
});

describe('migration 9', () => {
  it('adds the connection of snapshots', () => {
    dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-migrate-'));
    const old = openDatabase(dataDir);
    old.exec(`ALTER TABLE snapshots DROP COLUMN connection_id;
      ALTER TABLE review_decisions DROP COLUMN new_role;
      ALTER TABLE oauth_clients DROP COLUMN revoked_at;
      ALTER TABLE basic_credentials DROP COLUMN revoked_at;
      INSERT INTO snapshots (id, name, format, file_name, imported_at, imported_by, user_count, group_count, membership_count)
        VALUES ('s1', 'march', 'generic', NULL, '2025-03-01T09:00:00.000Z', 'test', 0, 0, 0);
      PRAGMA user_version = 8;`);
    old.close();

    const upgraded = openDatabase(dataDir);

    expect(upgraded.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(upgraded.prepare("SELECT connection_id FROM snapshots WHERE id = 's1'").pluck().get()).toBeNull();
    upgraded.close();
  });
});

describe('migration 10', () => {
  it('adds the new role of review decisions', () => {
    dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-migrate-'));
    const old = openDatabase(dataDir);
    old.exec(`ALTER TABLE review_decisions DROP COLUMN new_role;
      ALTER TABLE oauth_clients DROP COLUMN revoked_at;
      ALTER TABLE basic_credentials DROP COLUMN revoked_at;
      PRAGMA user_version = 9;`);
    old.close();

    const upgraded = openDatabase(dataDir);

    expect(upgraded.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const columns = upgraded.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('review_decisions');
    expect(columns).toContain('new_role');
    upgraded.close();
  });
});

describe('migration 11', () => {
  it('keeps revoked OAuth clients and Basic credentials', () => {
    dataDir = mkdtempSync(join(tmpdir(), 'scimdesk-migrate-'));
    const old = openDatabase(dataDir);
    old.exec(`ALTER TABLE oauth_clients DROP COLUMN revoked_at;
      ALTER TABLE basic_credentials DROP COLUMN revoked_at;
      PRAGMA user_version = 10;`);
    old.close();

    const upgraded = openDatabase(dataDir);

    expect(upgraded.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const columnsOf = (table: string) => upgraded.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table);
    expect(columnsOf('oauth_clients')).toContain('revoked_at');
    expect(columnsOf('basic_credentials')).toContain('revoked_at');
    upgraded.close();
  });
});
