import { randomUUID } from 'node:crypto';
import type { Snapshot, SnapshotFormat } from '../../../shared/api.ts';
import { AdminError } from '../admin/errors.ts';
import type { Db } from '../store/database.ts';
import type { ParsedSnapshot } from './builder.ts';

interface SnapshotRow {
  id: string;
  name: string;
  format: SnapshotFormat;
  file_name: string | null;
  imported_at: string;
  imported_by: string;
  user_count: number;
  group_count: number;
  membership_count: number;
  connection_id: string | null;
  connection_name: string | null;
}

/** Snapshot rows with the name of the connection they came from. */
const SELECT_SNAPSHOTS = 'SELECT s.*, c.name AS connection_name FROM snapshots s LEFT JOIN connections c ON c.id = s.connection_id';

/** A snapshot user as the evaluators read it; `seq` is its index in the export. */
export interface SnapshotUser {
  seq: number;
  userName: string;
  displayName: string | null;
  email: string | null;
  externalId: string | null;
  active: boolean;
}

/** A snapshot group as the evaluators read it. */
export interface SnapshotGroup {
  seq: number;
  displayName: string;
  externalId: string | null;
  email: string | null;
}

/** A whole snapshot loaded in memory for evaluation. */
export interface SnapshotDirectory {
  snapshot: Snapshot;
  users: SnapshotUser[];
  groups: SnapshotGroup[];
  /** Group seqs of each user, by user seq. */
  groupsOfUser: Map<number, number[]>;
}

/** Imported group membership exports, kept for offline review until deleted. */
export class SnapshotStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  list(): Snapshot[] {
    return (this.db.prepare(`${SELECT_SNAPSHOTS} ORDER BY s.imported_at DESC`).all() as SnapshotRow[]).map(toSnapshot);
  }

  get(id: string): Snapshot {
    const row = this.db.prepare(`${SELECT_SNAPSHOTS} WHERE s.id = ?`).get(id) as SnapshotRow | undefined;
    if (!row) {
      throw new AdminError('not-found', `No snapshot has the id "${id}". List the snapshots to see which exist.`);
    }
    return toSnapshot(row);
  }

  /** Finds a snapshot by name (case-insensitive). */
  getByName(name: string): Snapshot {
    const row = this.db.prepare(`${SELECT_SNAPSHOTS} WHERE s.name = ? COLLATE NOCASE`).get(name.trim()) as SnapshotRow | undefined;
    if (!row) {
      const names = this.list().map((snapshot) => `"${snapshot.name}"`);
      const known = names.length > 0 ? `Imported snapshots: ${names.join(', ')}.` : 'No snapshot has been imported yet.';
      throw new AdminError('not-found', `No snapshot is named "${name}". ${known}`);
    }
    return toSnapshot(row);
  }

  /** Throws when the name is blank, or a conflict when a snapshot already has this name. */
  checkNameFree(name: string): void {
    if (name.trim() === '') {
      throw new AdminError('invalid', 'The snapshot name is blank. Give it a name, such as the month of the export.');
    }
    const clash = this.db.prepare('SELECT name FROM snapshots WHERE name = ? COLLATE NOCASE').pluck().get(name.trim()) as string | undefined;
    if (clash !== undefined) {
      throw new AdminError('conflict', `A snapshot named "${clash}" already exists. Choose another name, or delete that snapshot first.`);
    }
  }

  /** Stores a parsed export under a name; runs inside the caller's transaction, so it is stored whole or not at all. */
  save(
    parsed: ParsedSnapshot,
    meta: { name: string; format: SnapshotFormat; fileName: string | null; connectionId: string | null; actor: string; now: string },
  ): Snapshot {
    this.checkNameFree(meta.name);
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO snapshots (id, name, format, file_name, imported_at, imported_by, user_count, group_count, membership_count, connection_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        meta.name.trim(),
        meta.format,
        meta.fileName,
        meta.now,
        meta.actor,
        parsed.users.length,
        parsed.groups.length,
        parsed.memberships.length,
        meta.connectionId,
      );

    const insertUser = this.db.prepare(
      'INSERT INTO snapshot_users (snapshot_id, seq, user_name, user_name_key, external_id, display_name, email, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    parsed.users.forEach((user, seq) =>
      insertUser.run(id, seq, user.userName, user.userName.toLowerCase(), user.externalId, user.displayName, user.email, user.active ? 1 : 0),
    );
    const insertGroup = this.db.prepare('INSERT INTO snapshot_groups (snapshot_id, seq, display_name, external_id, email) VALUES (?, ?, ?, ?, ?)');
    parsed.groups.forEach((group, seq) => insertGroup.run(id, seq, group.displayName, group.externalId, group.email));
    const insertMembership = this.db.prepare('INSERT INTO snapshot_memberships (snapshot_id, group_seq, user_seq) VALUES (?, ?, ?)');
    for (const [group, user] of parsed.memberships) {
      insertMembership.run(id, group, user);
    }
    return this.get(id);
  }

  /** Deletes a snapshot with its users, groups and memberships. */
  delete(id: string): Snapshot {
    const snapshot = this.get(id);
    this.db.prepare('DELETE FROM snapshots WHERE id = ?').run(id);
    return snapshot;
  }

  /** Loads a snapshot's users, groups and memberships for evaluation. */
  loadDirectory(id: string): SnapshotDirectory {
    const snapshot = this.get(id);
    const users = (
      this.db.prepare('SELECT seq, user_name, display_name, email, external_id, active FROM snapshot_users WHERE snapshot_id = ? ORDER BY seq').all(id) as {
        seq: number;
        user_name: string;
        display_name: string | null;
        email: string | null;
        external_id: string | null;
        active: number;
      }[]
    ).map((row) => ({ seq: row.seq, userName: row.user_name, displayName: row.display_name, email: row.email, externalId: row.external_id, active: row.active === 1 }));
    const groups = this.db
      .prepare('SELECT seq, display_name AS displayName, external_id AS externalId, email FROM snapshot_groups WHERE snapshot_id = ? ORDER BY seq')
      .all(id) as SnapshotGroup[];
    const groupsOfUser = new Map<number, number[]>();
    const memberships = this.db.prepare('SELECT group_seq, user_seq FROM snapshot_memberships WHERE snapshot_id = ?').all(id) as {
      group_seq: number;
      user_seq: number;
    }[];
    for (const membership of memberships) {
      const list = groupsOfUser.get(membership.user_seq);
      if (list === undefined) {
        groupsOfUser.set(membership.user_seq, [membership.group_seq]);
      } else {
        list.push(membership.group_seq);
      }
    }
    return { snapshot, users, groups, groupsOfUser };
  }
}

function toSnapshot(row: SnapshotRow): Snapshot {
  return {
    id: row.id,
    name: row.name,
    format: row.format,
    fileName: row.file_name,
    importedAt: row.imported_at,
    importedBy: row.imported_by,
    userCount: row.user_count,
    groupCount: row.group_count,
    membershipCount: row.membership_count,
    connectionId: row.connection_id,
    connectionName: row.connection_name,
  };
}
