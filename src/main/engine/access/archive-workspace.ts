import type { Change, Workspace } from '../../../shared/api.ts';
import type { WorkspaceStore } from '../admin/workspaces.ts';
import type { AdminChangeOutcome } from '../engine.ts';
import type { Db } from '../store/database.ts';
import { recomputeAccess } from './recompute.ts';

/**
 * Archives a workspace and recomputes the access of everyone who had a role in it: an
 * archived workspace grants nothing, and organization admins stop being its admins.
 * Its mappings stay, so that the admin can see what it granted. Runs inside the
 * caller's admin transaction.
 */
export function archiveWorkspaceChange(db: Db, workspaces: WorkspaceStore, id: string, now: string): AdminChangeOutcome<Workspace> {
  const holders = db.prepare('SELECT user_id FROM effective_roles WHERE scope = ?').pluck().all(id) as string[];
  const workspace = workspaces.archive(id, now);
  const roleChanges = recomputeAccess(db, holders, now);

  const lost = roleChanges.filter((change) => change.type === 'role.lost').length;
  const summary = `Archived the workspace "${workspace.name}"; ${lost === 1 ? '1 user' : `${lost} users`} lost their role in it`;
  const archived: Change = { type: 'workspace.archived', text: `Archived the workspace "${workspace.name}"`, workspaceId: id };
  return { result: workspace, summary, changes: [archived, ...roleChanges] };
}
