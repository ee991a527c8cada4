import type { ConsoleHandlers } from '../admin/console-handlers.ts';
import type { Engine } from '../engine.ts';
import { Explorer } from './explorer.ts';

type ExplorerHandlers = Pick<ConsoleHandlers, 'getWorkspaceRoster' | 'getGroupGrants' | 'listGroupsAsOf' | 'getAccessMatrix' | 'getUserPermissionsAsOf' | 'getTimeline'>;

/** Console API methods of the effective permissions explorer; all of them only read. */
export function createExplorerHandlers(engine: Engine): ExplorerHandlers {
  const explorer = new Explorer(engine);
  return {
    getWorkspaceRoster: (input) => explorer.roster(input.workspaceId, input.source),
    getGroupGrants: (input) => explorer.groupGrants(input.groupId, input.asOf),
    listGroupsAsOf: (input) => explorer.groupsAsOf(input.asOf),
    getAccessMatrix: (input) => explorer.matrix(input.source),
    getUserPermissionsAsOf: (input) => explorer.userPermissionsAsOf(input.userId, input.asOf),
    getTimeline: () => explorer.timeline(),
  };
}
