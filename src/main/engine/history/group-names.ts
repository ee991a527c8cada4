import type { Change } from '../../../shared/api.ts';
import type { Db } from '../store/database.ts';
import { loadConnectionNamesWithDeleted } from './connection-names.ts';

/** A deleted group as the event log last recorded it. */
export interface RecordedGroup {
  displayName: string;
  /** Name of the connection that provisioned it, when the log records it. */
  connectionName: string | null;
}

/** Group changes that carry the group's displayName in `name`, or in their text for older events. */
const GROUP_CHANGE_TYPES = new Set(['group.created', 'group.renamed', 'group.deleted']);
const NAME_IN_TEXT: Record<string, RegExp> = {
  'group.created': /^Created group (.*)$/,
  'group.deleted': /^Deleted group (.*) with \d+ members$/,
};

/**
 * Returns the last displayName that the event log recorded for each of the given groups, with
 * its connection, read from the newest group change of each that names it. Ids the log never
 * named are left out.
 * NOTE: renames recorded before group changes carried `name` are skipped, because their text
 * cannot be split into the two names reliably. For such a group the name before the rename is returned.
 */
export function loadRecordedGroups(db: Db, groupIds: Iterable<string>): Map<string, RecordedGroup> {
  const events = db.prepare(
    `SELECT connection_id, detail FROM events
     WHERE id IN (SELECT event_id FROM event_refs WHERE ref_type = 'group' AND ref_key = ?) ORDER BY id DESC`,
  );
  const recorded = new Map<string, RecordedGroup>();
  let connectionNames: Map<string, string> | undefined;

  for (const groupId of groupIds) {
    for (const row of events.iterate(groupId) as IterableIterator<{ connection_id: string | null; detail: string }>) {
      const { changes = [] } = JSON.parse(row.detail) as { changes?: Change[] };
      const displayName = changes
        .filter((change) => change.groupId === groupId && GROUP_CHANGE_TYPES.has(change.type))
        .map(nameOfGroupChange)
        .findLast((name) => name !== undefined);
      if (displayName !== undefined) {
        connectionNames ??= loadConnectionNamesWithDeleted(db);
        const connectionName = row.connection_id === null ? null : (connectionNames.get(row.connection_id) ?? null);
        recorded.set(groupId, { displayName, connectionName });
        break;
      }
    }
  }
  return recorded;
}

/** Returns the displayName that a group change records, from `name` or, in older events, from its text. */
export function nameOfGroupChange(change: Change): string | undefined {
  return change.name ?? NAME_IN_TEXT[change.type]?.exec(change.text)?.[1];
}
