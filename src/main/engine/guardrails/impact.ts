import type { Change, RoleDiff } from '../../../shared/api.ts';
import { WORKSPACE_ROLE_RANK, type WorkspaceRole } from '../../../shared/model.ts';
import type { Db } from '../store/database.ts';
import type { AccessImpact } from './check.ts';

const ORGANIZATION = 'organization';

/**
 * Measures the impact of role changes that were just stored (the output of
 * `recomputeAccess` inside the change's transaction): the admin count before is
 * rebuilt from the stored count and the organization roles gained and lost.
 */
export function impactOfStoredChanges(db: Db, changes: Change[]): AccessImpact {
  const adminsAfter = countAdmins(db);
  const organization = organizationChanges(changes);
  return { ...lossesOf(db, changes), adminsBefore: adminsAfter - organization.gained + organization.lost.length, adminsAfter };
}

/**
 * Measures the impact of role changes that a preview computed and rolled back: the
 * store contains the state before them, so the admin count after is rebuilt instead.
 */
export function impactOfPreviewedChanges(db: Db, changes: Change[]): AccessImpact {
  const adminsBefore = countAdmins(db);
  const organization = organizationChanges(changes);
  return { ...lossesOf(db, changes), adminsBefore, adminsAfter: adminsBefore + organization.gained - organization.lost.length };
}

/** Measures the impact of a computed diff, such as a draft's what-if. */
export function impactOfDiff(diff: RoleDiff): AccessImpact {
  return {
    usersLosingAccess: diff.counts.usersLosingAccess,
    totalUsers: diff.counts.totalUsers,
    adminsBefore: diff.counts.adminsBefore,
    adminsAfter: diff.counts.adminsAfter,
    lostAdmins: diff.entries.filter((entry) => entry.scope === ORGANIZATION && entry.kind === 'lost').map((entry) => entry.userName),
  };
}

function countAdmins(db: Db): number {
  return db.prepare('SELECT COUNT(*) FROM effective_roles WHERE scope = ?').pluck().get(ORGANIZATION) as number;
}

function organizationChanges(changes: Change[]): { gained: number; lost: Change[] } {
  const organization = changes.filter((change) => change.scope === ORGANIZATION);
  return { gained: organization.filter((change) => change.type === 'role.gained').length, lost: organization.filter((change) => change.type === 'role.lost') };
}

function lossesOf(db: Db, changes: Change[]): Pick<AccessImpact, 'usersLosingAccess' | 'totalUsers' | 'lostAdmins'> {
  const losing = new Set(changes.filter(isLoss).map((change) => change.userId));
  return {
    usersLosingAccess: losing.size,
    totalUsers: db.prepare('SELECT COUNT(*) FROM users WHERE active = 1').pluck().get() as number,
    lostAdmins: organizationChanges(changes).lost.map((change) => change.userName ?? change.userId ?? ''),
  };
}

function isLoss(change: Change): boolean {
  if (change.type === 'role.lost') {
    return true;
  }
  if (change.type !== 'role.changed' || change.role === undefined || change.previousRole === undefined) {
    return false;
  }
  return rank(change.role) < rank(change.previousRole);
}

function rank(role: string): number {
  return role in WORKSPACE_ROLE_RANK ? WORKSPACE_ROLE_RANK[role as WorkspaceRole] : 0;
}
