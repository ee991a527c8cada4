import { ORGANIZATION_SCOPE } from '../../access/recompute.ts';
import type { ChainVerification } from '../chain.ts';
import { GENESIS_DIGEST } from '../../events/log.ts';
import { WorkspaceNames } from '../../history/workspace-names.ts';
import type { Db } from '../../store/database.ts';
import type { LogState } from '../report-model.ts';

/** Input of every report planner: one read snapshot of the store and the facts of the moment. */
export interface ReportContext {
  db: Db;
  generatedAt: string;
  dataDirectoryId: string;
  log: LogState;
  /** Workspace names now and at past moments. */
  workspaceNames: WorkspaceNames;
}

/** Label of the organization scope in reports. */
export const ORGANIZATION_LABEL = 'Organization';

/**
 * Builds the context of a report from a read snapshot. `chain` is the chain check
 * made in that snapshot. Without it the log counts as not intact, because nothing
 * checked it. Only callers that read rows and write no report header omit it.
 */
export function createReportContext(db: Db, generatedAt: string, dataDirectoryId: string, chain?: ChainVerification): ReportContext {
  const head = db.prepare('SELECT id, digest FROM events ORDER BY id DESC LIMIT 1').get() as { id: number; digest: string } | undefined;
  const eventCount = db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
  const workspaceNames = WorkspaceNames.load(db);
  return {
    db,
    generatedAt,
    dataDirectoryId,
    log: {
      headEventId: head?.id ?? 0,
      headDigest: head?.digest ?? GENESIS_DIGEST,
      eventCount,
      chainIntact: chain?.ok ?? false,
      chainBreakCount: chain?.breakCount ?? 0,
      firstBrokenEventId: chain?.breaks[0]?.eventId ?? null,
      firstBreak: chain === undefined ? 'The chain was not checked.' : (chain.breaks[0]?.message ?? null),
    },
    workspaceNames,
  };
}

/** Names a scope: "Organization" or the workspace's name at the moment `at`, by default its current name. */
export function scopeName(context: ReportContext, scope: string, at?: string): string {
  if (scope === ORGANIZATION_SCOPE) {
    return ORGANIZATION_LABEL;
  }
  return context.workspaceNames.nameAt(scope, at) ?? `workspace ${scope}`;
}

/** Sorts names case-insensitively and drops duplicates. */
export function sortedNames(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || a.localeCompare(b));
}
