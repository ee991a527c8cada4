import type { AccessMatrix, GroupGrants, PastGroup, UserPermissions, ViewSource, WorkspaceRoster, Timeline } from '../../../shared/api.ts';
import { loadLiveWorld } from '../access/live-world.ts';
import type { AccessWorld } from '../access/world.ts';
import { AdminError } from '../admin/errors.ts';
import { checkNotLaterThanNow } from '../audit/time.ts';
import { DraftStore } from '../drafts/store.ts';
import { rulesFor } from '../drafts/what-if.ts';
import type { Engine } from '../engine.ts';
import { SnapshotStore } from '../snapshots/store.ts';
import { loadSnapshotWorld } from '../snapshots/world.ts';
import { groupGrantsOfWorld, loadSinceIndex, matrixOfWorld, rosterOfWorld } from './live-views.ts';
import { PastAccess } from './past-views.ts';
import { buildTimeline } from './timeline.ts';

/**
 * The effective permissions explorer: per workspace, per group and the users ×
 * workspaces matrix, from the live directory, from a snapshot, under the live mappings or
 * a draft's, or as of a past moment rebuilt from the event log.
 */
export class Explorer {
  private readonly engine: Engine;

  constructor(engine: Engine) {
    this.engine = engine;
  }

  roster(workspaceId: string, source: ViewSource = {}): WorkspaceRoster {
    const workspace = this.engine.workspaces.get(workspaceId);
    if (source.asOf !== undefined) {
      return this.past(source).roster(workspace);
    }
    const live = source.snapshotId === undefined && source.draftId === undefined;
    return rosterOfWorld(this.world(source), workspace, live ? loadSinceIndex(this.engine.db) : undefined);
  }

  matrix(source: ViewSource = {}): AccessMatrix {
    if (source.asOf !== undefined) {
      return this.past(source).matrix();
    }
    const kind = source.snapshotId === undefined ? 'live' : 'snapshot';
    return matrixOfWorld(this.world(source), this.engine.workspaces.list(), kind, this.connectionNames());
  }

  groupGrants(groupId: string, asOf?: string): GroupGrants {
    if (asOf !== undefined) {
      const name = this.engine.db.prepare('SELECT display_name FROM groups WHERE id = ?').pluck().get(groupId) as string | undefined;
      return this.past({ asOf }).groupGrants(groupId, name ?? groupId);
    }
    return groupGrantsOfWorld(this.engine.db, this.world({}), groupId);
  }

  /** Lists the groups that existed at `asOf`, for the per-group view of that moment. */
  groupsAsOf(asOf: string): PastGroup[] {
    return this.past({ asOf }).groups();
  }

  userPermissionsAsOf(userId: string, asOf: string): UserPermissions {
    return this.past({ asOf }).userPermissions(userId);
  }

  timeline(): Timeline {
    return buildTimeline(this.engine.db);
  }

  private connectionNames(): Map<string, string> {
    return new Map(this.engine.connections.list().map((connection) => [connection.id, connection.name]));
  }

  private world(source: ViewSource): AccessWorld {
    const db = this.engine.db;
    const draft = source.draftId === undefined ? undefined : new DraftStore(db, this.engine.workspaces).get(source.draftId);
    const rules = rulesFor(db, draft);
    if (source.snapshotId === undefined) {
      return loadLiveWorld(db, rules);
    }
    return loadSnapshotWorld(db, new SnapshotStore(db).loadDirectory(source.snapshotId), rules).world;
  }

  private past(source: ViewSource): PastAccess {
    if (source.snapshotId !== undefined || source.draftId !== undefined) {
      throw new AdminError('invalid', 'A view as of a past moment reads the event log, so it cannot also use a snapshot or a draft. Choose one.');
    }
    return new PastAccess(this.engine.db, normalizeMoment(source.asOf ?? '', this.engine.clock.now()));
  }
}

/**
 * Turns an ISO 8601 timestamp into the UTC form the event log stores
 * (2025-03-01T09:00:00.000Z), so that moments compare as strings. A moment later
 * than `now` is rejected, because the event log cannot show it.
 */
export function normalizeMoment(value: string, now: Date): string {
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim()) || Number.isNaN(time)) {
    throw new AdminError('invalid', `"${value}" is not an ISO 8601 timestamp. Give one such as 2025-03-01T09:00:00Z.`);
  }
  const moment = new Date(time).toISOString();
  checkNotLaterThanNow(moment, `The moment "${value}"`, now);
  return moment;
}
