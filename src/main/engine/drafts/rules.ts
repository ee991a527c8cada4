import type { Draft } from '../../../shared/api.ts';
import type { LiveMappingRule } from '../access/live-world.ts';
import type { MappingRule } from '../access/world.ts';

/**
 * Returns the mapping rules in force once a draft is applied: the live rules without the
 * mappings it removes, plus the mappings it adds. Changes with a problem are skipped, as
 * applying skips them.
 */
export function rulesWithDraft(liveRules: LiveMappingRule[], draft: Draft): MappingRule[] {
  const applicable = draft.changes.filter((change) => change.problem === null);
  const removed = new Set(applicable.filter((change) => change.action === 'remove').map((change) => change.mappingId));
  const kept: MappingRule[] = liveRules.filter((rule) => !removed.has(rule.mappingId));
  const added: MappingRule[] = applicable
    .filter((change) => change.action === 'add')
    .map((change) => ({
      groupId: change.groupId,
      groupName: change.groupName,
      workspaceId: change.grant.kind === 'workspace' ? change.grant.workspaceId : null,
      role: change.grant.kind === 'workspace' ? change.grant.role : 'admin',
    }));
  return [...kept, ...added];
}
