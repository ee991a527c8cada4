import type { Change, Draft, RoleDiff } from '../../../shared/api.ts';
import { recomputeAccess } from '../access/recompute.ts';
import { AdminError } from '../admin/errors.ts';
import { describeGrant } from '../admin/mappings.ts';
import { nowIso } from '../clock.ts';
import type { Engine } from '../engine.ts';
import type { LossConfirmation } from '../guardrails/check.ts';
import { loadLiveState, uniqueGroupId } from './live-state.ts';
import { DraftStore } from './store.ts';
import { computeDraftDiff } from './what-if.ts';

/** An applied draft: the draft as applied, the id of its event and the diff it recorded. */
export interface AppliedDraft {
  draft: Draft;
  eventId: number;
  diff: RoleDiff;
}

/**
 * Applies a draft in one transaction with one `admin.change` event: its removals and
 * additions of mappings, the recomputed access of every member of the groups concerned,
 * and the what-if diff. Changes with a problem are skipped. Guardrails judge the role
 * changes before anything commits; a change they stop rolls back entirely.
 */
export function applyDraft(engine: Engine, draftId: string, actor: string, confirmation?: LossConfirmation): AppliedDraft {
  const store = new DraftStore(engine.db, engine.workspaces);
  let eventId = 0;
  let recorded: RoleDiff | undefined;

  engine.runAdminChange(
    actor,
    () => {
      const now = nowIso(engine.clock);
      const draft = store.requireOpen(draftId);
      const applicable = draft.changes.filter((change) => change.problem === null);
      if (applicable.length === 0) {
        throw new AdminError('invalid', `The draft "${draft.name}" has no change to apply. Add a mapping change, or discard the draft.`);
      }
      const { diff } = computeDraftDiff(engine.db, draft);
      recorded = diff;

      const state = loadLiveState(engine.db);
      const mappingChanges: Change[] = [];
      const touchedGroups = new Set<string>();
      for (const change of applicable.filter((item) => item.action === 'remove')) {
        const mapping = engine.mappings.remove(change.mappingId!, actor, now);
        touchedGroups.add(mapping.groupId);
        mappingChanges.push({ type: 'mapping.removed', text: `Removed the mapping of ${engine.mappings.describeGroup(mapping.groupId, change.groupName)} to ${describeGrant(mapping.grant, engine.workspaces)}`, groupId: mapping.groupId });
      }
      for (const change of applicable.filter((item) => item.action === 'add')) {
        const groupId = change.groupId ?? uniqueGroupId(change.groupName, state);
        if (groupId === undefined) {
          throw new AdminError(
            'invalid',
            `The draft maps the group "${change.groupName}", which no identity provider has pushed yet, so it cannot be applied. Apply it once the group arrives, or remove that change.`,
          );
        }
        const mapping = engine.mappings.add(groupId, change.grant, actor, now);
        touchedGroups.add(groupId);
        mappingChanges.push({ type: 'mapping.added', text: `Mapped ${engine.mappings.describeGroup(groupId, mapping.groupName)} to ${describeGrant(mapping.grant, engine.workspaces)}`, groupId });
      }

      const affected = [...touchedGroups].flatMap((groupId) => engine.mappings.memberUserIds(groupId));
      const roleChanges = recomputeAccess(engine.db, affected, now);
      const counts = diff.counts;
      const summary = `Applied the draft "${draft.name}": ${applicable.length} mapping change${applicable.length === 1 ? '' : 's'}; ${counts.gained} roles gained, ${counts.lost} lost, ${counts.changed} changed`;
      return {
        result: draft,
        summary,
        changes: [...mappingChanges, ...roleChanges],
        extra: { draft: { id: draft.id, name: draft.name, changes: applicable }, diff },
        afterEvent: (id: number) => {
          eventId = id;
          store.markApplied(draftId, actor, now, id);
        },
      };
    },
    { confirmation },
  );
  return { draft: store.get(draftId), eventId, diff: recorded! };
}
