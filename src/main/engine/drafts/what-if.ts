import type { Draft, DraftDiff } from '../../../shared/api.ts';
import { loadLiveMappingRules, loadLiveWorld } from '../access/live-world.ts';
import { diffWorlds } from '../access/role-diff.ts';
import type { MappingRule } from '../access/world.ts';
import { judgeImpact } from '../guardrails/check.ts';
import { impactOfDiff } from '../guardrails/impact.ts';
import { readGuardrailSettings } from '../guardrails/settings.ts';
import { SnapshotStore } from '../snapshots/store.ts';
import { loadSnapshotWorld } from '../snapshots/world.ts';
import type { Db } from '../store/database.ts';
import { rulesWithDraft } from './rules.ts';

/**
 * Computes a draft's what-if. Every user is resolved with the pure resolver under the
 * live mappings and under the draft's, against the live memberships or, with `snapshotId`,
 * a snapshot's. Each role gained, lost or changed is listed with the groups behind it.
 * On live data the result also carries the guardrail verdict of applying the draft.
 */
export function computeDraftDiff(db: Db, draft: Draft, snapshotId?: string): DraftDiff {
  const liveRules = loadLiveMappingRules(db);
  const draftRules = rulesWithDraft(liveRules, draft);
  const workspaceNames = loadWorkspaceNames(db);
  const connectionNames = loadConnectionNames(db);

  if (snapshotId === undefined) {
    const diff = diffWorlds(loadLiveWorld(db, liveRules), loadLiveWorld(db, draftRules), workspaceNames, connectionNames);
    const guardrail = judgeImpact(impactOfDiff(diff), readGuardrailSettings(db).maxLossShare, undefined, 'preview');
    return { draft, source: { kind: 'live', snapshotId: null, snapshotName: null, unmatchedGroups: [], ambiguousGroups: [] }, diff, guardrail };
  }

  const directory = new SnapshotStore(db).loadDirectory(snapshotId);
  const before = loadSnapshotWorld(db, directory, liveRules);
  const after = loadSnapshotWorld(db, directory, draftRules);
  return {
    draft,
    source: { kind: 'snapshot', snapshotId, snapshotName: directory.snapshot.name, unmatchedGroups: before.unmatchedGroups, ambiguousGroups: before.ambiguousGroups },
    diff: diffWorlds(before.world, after.world, workspaceNames),
    guardrail: null,
  };
}

/** Rules of the live mappings, or of the live mappings with a draft applied. */
export function rulesFor(db: Db, draft: Draft | undefined): MappingRule[] {
  const liveRules = loadLiveMappingRules(db);
  return draft === undefined ? liveRules : rulesWithDraft(liveRules, draft);
}

/** Names of all connections by id. */
export function loadConnectionNames(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT id, name FROM connections').all() as { id: string; name: string }[];
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Names of all workspaces by id, archived ones included. */
export function loadWorkspaceNames(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT id, name FROM workspaces').all() as { id: string; name: string }[];
  return new Map(rows.map((row) => [row.id, row.name]));
}
