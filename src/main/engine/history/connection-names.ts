import type { Change } from '../../../shared/api.ts';
import type { Db } from '../store/database.ts';

/**
 * The change type that `deleteConnection` records, with the connection's `name`. Its event's
 * `connection_id` is the deleted connection's id, so the log keeps the name after the row is gone.
 */
export const CONNECTION_DELETED = 'connection.deleted';

/**
 * Builds the SQL expression of the name that a deleted connection had, read from its
 * `connection.deleted` change, or NULL. `connectionId` is the SQL expression of the id.
 * The deletions are found through `event_refs`, so the lookup reads only deletion events.
 */
export function deletedConnectionNameSql(connectionId: string): string {
  return `(SELECT json_extract(dc.value, '$.name')
     FROM event_refs dr JOIN events de ON de.id = dr.event_id, json_each(de.detail, '$.changes') dc
     WHERE dr.ref_type = 'change' AND dr.ref_key = '${CONNECTION_DELETED}' AND de.connection_id = ${connectionId}
       AND json_extract(dc.value, '$.type') = '${CONNECTION_DELETED}'
     LIMIT 1)`;
}

/**
 * Returns the names of deleted connections by id, as their deletion events recorded them.
 * NOTE: deletions made before they were recorded as `connection.deleted` changes are not
 * known, so views and reports name those connections by id.
 */
export function loadDeletedConnectionNames(db: Db): Map<string, string> {
  const rows = db
    .prepare(
      `SELECT connection_id, detail FROM events
       WHERE id IN (SELECT event_id FROM event_refs WHERE ref_type = 'change' AND ref_key = ?) ORDER BY id`,
    )
    .all(CONNECTION_DELETED) as { connection_id: string | null; detail: string }[];

  const names = new Map<string, string>();
  for (const row of rows) {
    const { changes = [] } = JSON.parse(row.detail) as { changes?: Change[] };
    const deleted = changes.find((change) => change.type === CONNECTION_DELETED);
    if (row.connection_id !== null && deleted?.name !== undefined) {
      names.set(row.connection_id, deleted.name);
    }
  }
  return names;
}

/**
 * Returns the name of every connection by id: the connections that exist and those that were
 * deleted. Connections cannot be renamed, so one name holds for every moment.
 */
export function loadConnectionNamesWithDeleted(db: Db): Map<string, string> {
  const names = loadDeletedConnectionNames(db);
  for (const row of db.prepare('SELECT id, name FROM connections').all() as { id: string; name: string }[]) {
    names.set(row.id, row.name);
  }
  return names;
}

/** Returns the ids of the deleted connections that had this name, ignoring case, oldest deletion first. */
export function findDeletedConnectionIds(db: Db, name: string): string[] {
  const folded = name.trim().toLowerCase();
  return [...loadDeletedConnectionNames(db)].filter(([, deletedName]) => deletedName.toLowerCase() === folded).map(([id]) => id);
}
