import type { Change } from '../../../shared/api.ts';
import { AdminError } from '../admin/errors.ts';
import type { Db } from '../store/database.ts';
import { CONNECTION_DELETED } from './connection-names.ts';
import { nameOfGroupChange } from './group-names.ts';

/** A role one user held in one scope at a past moment. */
export interface PastRole {
  role: string;
  since: string;
  via: string[];
  /** The grants behind the role, with group ids; absent for roles recorded before changes carried them. */
  grantedBy?: GrantingGroup[];
  /** Lower grants the role outranked; absent for roles recorded before changes carried them. */
  outranked?: GrantingGroup[];
  viaOrganizationAdmin?: boolean;
}

export type GrantingGroup = NonNullable<Change['grantedBy']>[number];

/** A user as the event log saw them at a past moment. */
export interface PastUser {
  userId: string;
  userName: string;
  /** The name shown for the user, as user.created and user.updated recorded it; null when none was recorded. */
  displayName: string | null;
  connectionId: string | null;
  active: boolean;
  /** Time of the event that last deactivated the user; null while the user is active. */
  deactivatedAt: string | null;
  /** True once a user.deleted change, or the deletion of the user's connection, removed the user. */
  deleted: boolean;
  /** Scope ('organization' or a workspace id) → role. */
  roles: Map<string, PastRole>;
  /**
   * Ids of the groups the user was a direct member of, from member.added and member.removed
   * changes. Groups deleted since stay in the set, so readers skip those marked deleted.
   */
  groupIds: Set<string>;
}

/** A group as the event log saw it at a past moment. */
export interface PastGroup {
  groupId: string;
  /** The group's displayName at the moment, from group.created and group.renamed changes. */
  displayName: string;
  connectionId: string | null;
  /** True once a group.deleted change, or the deletion of the group's connection, removed the group. */
  deleted: boolean;
}

/** Users and groups as the event log saw them at a past moment, by id. */
export interface PastDirectory {
  users: Map<string, PastUser>;
  groups: Map<string, PastGroup>;
}

/**
 * Rejects a moment before the first event of the log, or any moment when the log is empty,
 * because access can be rebuilt only from what the log recorded.
 */
export function checkLogCovers(db: Db, at: string): void {
  const first = db.prepare('SELECT at FROM events ORDER BY id LIMIT 1').pluck().get() as string | undefined;
  if (first === undefined) {
    throw new AdminError('invalid', `The event log has no events yet, so access as of ${at} cannot be rebuilt from it.`);
  }
  if (at < first) {
    throw new AdminError(
      'invalid',
      `The event log starts at ${first}, so access as of ${at} cannot be rebuilt from it. Choose a time at or after ${first}.`,
    );
  }
}

/** Rebuilds every user's access as of `at` (ISO 8601); see directoryAsOf. */
export function accessAsOf(db: Db, at: string): Map<string, PastUser> {
  return directoryAsOf(db, at).users;
}

/**
 * Rebuilds the users with their access and group memberships, and the groups with their
 * names, as of `at` (ISO 8601). It replays the user, group, membership, role and connection
 * deletion changes that the event log recorded up to and including that moment.
 * Events are read in id order, a page at a time, so memory grows with the
 * number of users and groups, not of events.
 */
export function directoryAsOf(db: Db, at: string): PastDirectory {
  const directory: PastDirectory = { users: new Map(), groups: new Map() };
  const page = db.prepare(
    `SELECT id, at, connection_id, detail FROM events
     WHERE id > ? AND at <= ? AND detail LIKE '%"type":"%' ORDER BY id LIMIT 2000`,
  );

  let lastId = 0;
  for (;;) {
    const rows = page.all(lastId, at) as { id: number; at: string; connection_id: string | null; detail: string }[];
    if (rows.length === 0) {
      break;
    }
    for (const row of rows) {
      lastId = row.id;
      const changes = (JSON.parse(row.detail) as { changes?: Change[] }).changes ?? [];
      for (const change of changes) {
        applyChange(directory, change, row.at, row.connection_id);
      }
    }
  }
  return directory;
}

const GROUP_CHANGE_TYPES = new Set(['group.created', 'group.renamed', 'group.deleted']);

function applyChange(directory: PastDirectory, change: Change, at: string, connectionId: string | null): void {
  if (change.type === CONNECTION_DELETED) {
    // The deletion removes the connection's users and groups without a user.deleted or
    // group.deleted change for each. Its event's connection_id is the deleted connection.
    markConnectionDeleted(directory, connectionId);
    return;
  }
  if (GROUP_CHANGE_TYPES.has(change.type)) {
    applyGroupChange(directory.groups, change, connectionId);
    return;
  }
  if (change.userId === undefined) {
    return;
  }
  const users = directory.users;
  let user = users.get(change.userId);
  if (!user) {
    user = {
      userId: change.userId,
      userName: change.userName ?? change.userId,
      displayName: null,
      connectionId,
      active: true,
      deactivatedAt: null,
      deleted: false,
      roles: new Map(),
      groupIds: new Set(),
    };
    users.set(change.userId, user);
  }
  if (change.userName !== undefined) {
    user.userName = change.userName;
  }

  switch (change.type) {
    case 'user.created':
      user.active = true;
      user.deactivatedAt = null;
      user.deleted = false;
      user.connectionId = connectionId;
      user.displayName = change.displayName ?? null;
      break;
    case 'user.updated':
      user.displayName = change.displayName ?? null;
      break;
    case 'user.deactivated':
      user.active = false;
      user.deactivatedAt = at;
      break;
    case 'user.reactivated':
      user.active = true;
      user.deactivatedAt = null;
      break;
    case 'user.deleted':
      user.deleted = true;
      break;
    case 'role.gained':
    case 'role.changed':
      if (change.scope !== undefined && change.role !== undefined) {
        user.roles.set(change.scope, { role: change.role, since: at, ...reasonsOfChange(change) });
      }
      break;
    case 'role.reason': {
      // The role stays, and so does its since; only the grants behind it changed.
      const current = change.scope === undefined ? undefined : user.roles.get(change.scope);
      if (current !== undefined && change.scope !== undefined) {
        user.roles.set(change.scope, { role: current.role, since: current.since, ...reasonsOfChange(change) });
      }
      break;
    }
    case 'role.lost':
      if (change.scope !== undefined) {
        user.roles.delete(change.scope);
      }
      break;
    case 'member.added':
      if (change.groupId !== undefined) {
        user.groupIds.add(change.groupId);
      }
      break;
    case 'member.removed':
      if (change.groupId !== undefined) {
        user.groupIds.delete(change.groupId);
      }
      break;
    default:
      break;
  }
}

/**
 * Applies group.created, group.renamed and group.deleted. A rename recorded before group
 * changes carried `name` keeps the earlier name (see nameOfGroupChange).
 */
function applyGroupChange(groups: Map<string, PastGroup>, change: Change, connectionId: string | null): void {
  if (change.groupId === undefined) {
    return;
  }
  const name = nameOfGroupChange(change);
  const group = groups.get(change.groupId);
  if (group === undefined) {
    groups.set(change.groupId, {
      groupId: change.groupId,
      displayName: name ?? change.groupId,
      connectionId,
      deleted: change.type === 'group.deleted',
    });
    return;
  }
  if (name !== undefined) {
    group.displayName = name;
  }
  if (change.type === 'group.deleted') {
    group.deleted = true;
  }
}

function markConnectionDeleted(directory: PastDirectory, connectionId: string | null): void {
  if (connectionId === null) {
    return;
  }
  for (const user of directory.users.values()) {
    if (user.connectionId === connectionId) {
      user.deleted = true;
    }
  }
  for (const group of directory.groups.values()) {
    if (group.connectionId === connectionId) {
      group.deleted = true;
    }
  }
}

function reasonsOfChange(change: Change): Omit<PastRole, 'role' | 'since'> {
  const reasons: Omit<PastRole, 'role' | 'since'> = { via: change.via ?? [] };
  if (change.grantedBy !== undefined) {
    reasons.grantedBy = change.grantedBy;
    reasons.outranked = change.outranked ?? [];
    reasons.viaOrganizationAdmin = change.viaOrganizationAdmin ?? false;
  }
  return reasons;
}
