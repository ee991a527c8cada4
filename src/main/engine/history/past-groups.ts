import type { GrantingGroup, PastDirectory, PastRole, PastUser } from './access-at.ts';

/** A group as the per-user views list it. */
export interface GroupRef {
  id: string;
  displayName: string;
}

/**
 * Returns the groups that the user was a direct member of at the moment, with their names of
 * that moment, in the order of the live view: by displayName folded to lower case.
 */
export function pastGroupsOf(directory: PastDirectory, user: PastUser): GroupRef[] {
  const groups: GroupRef[] = [];
  for (const groupId of user.groupIds) {
    const group = directory.groups.get(groupId);
    if (group?.deleted === true) {
      continue;
    }
    groups.push({ id: groupId, displayName: group?.displayName ?? groupId });
  }
  return groups.sort((a, b) => compareFolded(a.displayName, b.displayName) || compareFolded(a.id, b.id));
}

/**
 * Returns the grants behind a past role, each named as its group was named at the moment.
 * Roles recorded before role changes carried group ids know their groups by the names of
 * `via` only, so those grants have an empty group id and keep the recorded name.
 */
export function pastGrantsOf(directory: PastDirectory, past: PastRole): GrantingGroup[] {
  if (past.grantedBy === undefined) {
    return past.via.map((groupName) => ({ groupId: '', groupName, role: past.role as GrantingGroup['role'] }));
  }
  return nameGrants(directory, past.grantedBy);
}

/** Returns the lower grants that a past role outranked, named as in pastGrantsOf. */
export function pastOutrankedOf(directory: PastDirectory, past: PastRole): GrantingGroup[] {
  return nameGrants(directory, past.outranked ?? []);
}

/**
 * Names each grant by its group's name at the moment and sorts them by name, then group id, as
 * role changes record them. A rename changes no one's access, so no role change carries the new name.
 */
function nameGrants(directory: PastDirectory, grants: GrantingGroup[]): GrantingGroup[] {
  return grants
    .map((grant) => ({ ...grant, groupName: directory.groups.get(grant.groupId)?.displayName ?? grant.groupName }))
    .sort((a, b) => a.groupName.localeCompare(b.groupName) || a.groupId.localeCompare(b.groupId));
}

/**
 * Compares names folded to lower case, as the live views' ORDER BY display_name_key does.
 * SQLite compares UTF-8 bytes, so the two orders differ only between characters above U+FFFF
 * and characters from U+E000 to U+FFFF.
 */
function compareFolded(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  if (left === right) {
    return 0;
  }
  return left < right ? -1 : 1;
}
