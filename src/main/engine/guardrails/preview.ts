import type { Change, ChangePreview, GuardedChange, RoleDiff, RoleDiffEntry } from '../../../shared/api.ts';
import { WORKSPACE_ROLE_RANK, type WorkspaceRole } from '../../../shared/model.ts';
import { countEntries } from '../access/role-diff.ts';
import { applyDraft } from '../drafts/apply.ts';
import { DraftStore } from '../drafts/store.ts';
import { computeDraftDiff, loadWorkspaceNames } from '../drafts/what-if.ts';
import type { Engine } from '../engine.ts';
import { judgeImpact } from './check.ts';
import { impactOfDiff, impactOfPreviewedChanges } from './impact.ts';
import { readGuardrailSettings } from './settings.ts';

const ORGANIZATION = 'organization';
const KIND_OF_TYPE: Record<string, RoleDiffEntry['kind']> = { 'role.gained': 'gained', 'role.lost': 'lost', 'role.changed': 'changed' };

/**
 * Previews a guarded change: what it would do to everyone's access and the guardrails'
 * verdict, without changing anything. A draft is previewed with its what-if. Any other
 * change runs in a transaction that rolls back.
 */
export function previewGuardedChange(engine: Engine, change: GuardedChange, actor: string): ChangePreview {
  const maxLossShare = readGuardrailSettings(engine.db).maxLossShare;
  if (change.kind === 'applyDraft') {
    const draft = new DraftStore(engine.db, engine.workspaces).get(change.draftId);
    const { diff } = computeDraftDiff(engine.db, draft);
    return { diff, guardrail: judgeImpact(impactOfDiff(diff), maxLossShare, undefined, 'preview') };
  }

  const changes = engine.previewAdminChange(() => runGuardedChange(engine, change, actor));
  const impact = impactOfPreviewedChanges(engine.db, changes);
  return { diff: diffOfChanges(engine, changes, impact.adminsBefore, impact.adminsAfter), guardrail: judgeImpact(impact, maxLossShare, undefined, 'preview') };
}

/** Makes a guarded change for real, with the admin's confirmation when they gave one. */
export function runGuardedChange(engine: Engine, change: GuardedChange, actor: string, confirmedLossCount?: number): unknown {
  const confirmation = confirmedLossCount === undefined ? undefined : { confirmedLossCount };
  switch (change.kind) {
    case 'addMapping':
      return engine.addMapping(change.groupId, change.grant, actor, confirmation);
    case 'removeMapping':
      return engine.removeMapping(change.id, actor, confirmation);
    case 'applySuggestions':
      return engine.applySuggestions(change.groupIds, actor, confirmation);
    case 'archiveWorkspace':
      return engine.archiveWorkspace(change.id, actor, confirmation);
    case 'updateSettings':
      return engine.updateSettings(change.settings, actor, confirmation);
    case 'applyDraft':
      return applyDraft(engine, change.draftId, actor, confirmation);
  }
}

/** Turns the role changes of a change into the diff the console shows. */
function diffOfChanges(engine: Engine, changes: Change[], adminsBefore: number, adminsAfter: number): RoleDiff {
  const workspaceNames = loadWorkspaceNames(engine.db);
  const displayName = engine.db.prepare('SELECT display_name FROM users WHERE id = ?').pluck();
  const connectionName = engine.db.prepare('SELECT c.name FROM users u JOIN connections c ON c.id = u.connection_id WHERE u.id = ?').pluck();
  const entries: RoleDiffEntry[] = changes
    .filter((change) => ['role.gained', 'role.lost', 'role.changed'].includes(change.type) && change.userId !== undefined && change.scope !== undefined)
    .map((change) => {
      const scope = change.scope!;
      const role = change.type === 'role.lost' ? null : (change.role ?? null);
      const previousRole = change.type === 'role.gained' ? null : (change.previousRole ?? null);
      return {
        kind: KIND_OF_TYPE[change.type] ?? 'changed',
        lowered: role === null || (previousRole !== null && rank(role) < rank(previousRole)),
        userId: change.userId!,
        userName: change.userName ?? change.userId!,
        displayName: (displayName.get(change.userId) as string | null | undefined) ?? null,
        connectionName: (connectionName.get(change.userId) as string | undefined) ?? null,
        scope,
        workspaceId: scope === ORGANIZATION ? null : scope,
        workspaceName: scope === ORGANIZATION ? null : (workspaceNames.get(scope) ?? scope),
        previousRole,
        role,
        groups: (change.grantedBy ?? []).map((grant) => ({ groupId: grant.groupId, groupName: grant.groupName })),
        viaOrganizationAdmin: change.viaOrganizationAdmin ?? false,
      };
    });
  const totalUsers = engine.db.prepare('SELECT COUNT(*) FROM users WHERE active = 1').pluck().get() as number;
  return { entries, counts: countEntries(entries, totalUsers, adminsBefore, adminsAfter) };
}

function rank(role: string): number {
  return role in WORKSPACE_ROLE_RANK ? WORKSPACE_ROLE_RANK[role as WorkspaceRole] : 0;
}
