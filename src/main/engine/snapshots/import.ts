import type { Snapshot, SnapshotFormat, SnapshotProblem } from '../../../shared/api.ts';
import type { Engine } from '../engine.ts';
import { nowIso } from '../clock.ts';
import { parseSnapshot } from './parse.ts';
import { SnapshotStore } from './store.ts';

/** Maximum number of problems returned to the admin. The result's count gives the total. */
export const MAX_REPORTED_PROBLEMS = 200;

/** A snapshot file to import. */
export interface SnapshotImport {
  name: string;
  format: SnapshotFormat;
  content: string;
  fileName?: string | undefined;
  /** The group of a one-group export that does not name it. */
  groupName?: string | undefined;
  /** The id of the connection the export came from; its groups are then the only ones the snapshot's groups match. */
  connectionId?: string | undefined;
}

/** The outcome of an import: the stored snapshot, or the problems that kept the file out. */
export interface SnapshotImportResult {
  snapshot: Snapshot | null;
  problems: SnapshotProblem[];
  problemCount: number;
}

/**
 * Imports a group membership export as a named snapshot. The whole file is checked
 * first; when any row is bad nothing is stored and every problem is returned with its
 * line. A stored snapshot is recorded as one admin.change event.
 */
export function importSnapshot(engine: Engine, file: SnapshotImport, actor: string): SnapshotImportResult {
  const store = new SnapshotStore(engine.db);
  store.checkNameFree(file.name);
  const connection = file.connectionId === undefined ? null : engine.connections.get(file.connectionId);

  const parsed = parseSnapshot(file.content, file.format, file.groupName === undefined ? {} : { groupName: file.groupName });
  if ('problems' in parsed) {
    return { snapshot: null, problems: parsed.problems.slice(0, MAX_REPORTED_PROBLEMS), problemCount: parsed.problems.length };
  }

  const snapshot = engine.runAdminChange(actor, () => {
    const saved = store.save(parsed.snapshot, {
      name: file.name,
      format: file.format,
      fileName: file.fileName ?? null,
      connectionId: connection?.id ?? null,
      actor,
      now: nowIso(engine.clock),
    });
    const source = connection === null ? '' : ` of the connection "${connection.name}"`;
    const summary = `Imported the ${file.format} snapshot "${saved.name}"${source}: ${saved.userCount} users, ${saved.groupCount} groups, ${saved.membershipCount} memberships`;
    return { result: saved, summary, changes: [{ type: 'snapshot.imported', text: summary }] };
  });
  return { snapshot, problems: [], problemCount: 0 };
}

/** Deletes a snapshot and records the deletion as an admin.change event. */
export function deleteSnapshot(engine: Engine, snapshotId: string, actor: string): Snapshot {
  const store = new SnapshotStore(engine.db);
  return engine.runAdminChange(actor, () => {
    const deleted = store.delete(snapshotId);
    const summary = `Deleted the snapshot "${deleted.name}"`;
    return { result: deleted, summary, changes: [{ type: 'snapshot.deleted', text: summary }] };
  });
}
