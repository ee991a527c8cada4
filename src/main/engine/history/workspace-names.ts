import type { Change } from '../../../shared/api.ts';
import type { Db } from '../store/database.ts';

/** The change type that `Engine.renameWorkspace` records, with `workspaceId`, `previousName` and `name`. */
export const WORKSPACE_RENAMED = 'workspace.renamed';

interface Rename {
  at: string;
  previousName: string;
}

/**
 * Names of workspaces at any moment: the current names, taken back through the renames
 * that the event log records, so that views and reports of a past moment show the
 * names of that moment.
 * NOTE: renames made before they were recorded as `workspace.renamed` changes are not
 * known, so views of a time before such a rename show the current name.
 */
export class WorkspaceNames {
  private readonly current: Map<string, string>;
  /** Renames of each workspace in log order. */
  private readonly renames: Map<string, Rename[]>;

  private constructor(current: Map<string, string>, renames: Map<string, Rename[]>) {
    this.current = current;
    this.renames = renames;
  }

  /** Reads the current names and every recorded rename. */
  static load(db: Db): WorkspaceNames {
    const current = new Map(
      (db.prepare('SELECT id, name FROM workspaces').all() as { id: string; name: string }[]).map((row) => [row.id, row.name]),
    );
    const rows = db
      .prepare(
        `SELECT at, detail FROM events
         WHERE id IN (SELECT event_id FROM event_refs WHERE ref_type = 'change' AND ref_key = ?) ORDER BY id`,
      )
      .all(WORKSPACE_RENAMED) as { at: string; detail: string }[];
    const renames = new Map<string, Rename[]>();
    for (const row of rows) {
      const { changes = [] } = JSON.parse(row.detail) as { changes?: Change[] };
      for (const change of changes) {
        if (change.type === WORKSPACE_RENAMED && change.workspaceId !== undefined && change.previousName !== undefined) {
          const list = renames.get(change.workspaceId) ?? [];
          list.push({ at: row.at, previousName: change.previousName });
          renames.set(change.workspaceId, list);
        }
      }
    }
    return new WorkspaceNames(current, renames);
  }

  /** Returns the ids of the workspaces that exist now. */
  ids(): string[] {
    return [...this.current.keys()];
  }

  /**
   * Returns the name of a workspace at the ISO 8601 moment `at` (a rename at that very moment
   * counts), or its current name without `at`. Undefined for an unknown id.
   */
  nameAt(id: string, at?: string): string | undefined {
    if (at !== undefined) {
      const later = this.renames.get(id)?.find((rename) => rename.at > at);
      if (later !== undefined) {
        return later.previousName;
      }
    }
    return this.current.get(id);
  }
}
