import { indexGroups, loadLiveGroups, type LiveGroup } from '../access/live-world.ts';
import { activeWorkspaceIds } from '../access/resolve.ts';
import { readSettings } from '../access/settings.ts';
import { grantsByGroup, type AccessWorld, type MappingRule } from '../access/world.ts';
import type { Db } from '../store/database.ts';
import { groupNameFromEmail } from './formats/membership-csv.ts';
import type { SnapshotDirectory, SnapshotGroup } from './store.ts';

/** Tie between a snapshot group and the live group it is, with the rule that matched them. */
export interface GroupMatch {
  liveGroup: LiveGroup;
  matchedBy: 'externalId' | 'name';
}

/** Key of a snapshot user in evaluations and diffs; snapshot users have no live id. */
export function snapshotUserKey(seq: number): string {
  return `snapshot-user:${seq}`;
}

/** Key of a snapshot group in an AccessWorld. */
function groupKey(seq: number): string {
  return `snapshot-group:${seq}`;
}

/**
 * Ties each snapshot group to the live group it is, so that live mappings apply to it.
 * The first rule is the identity provider's id: the snapshot group's id equals the live
 * group's externalId, because Entra ID sends the object id there. Next come the
 * displayName and then the part of a Google group email before the @. Names match
 * case-insensitively and only when exactly one live group has the name.
 */
export function matchSnapshotGroups(groups: SnapshotGroup[], liveGroups: LiveGroup[]): Map<number, GroupMatch> {
  const byExternalId = new Map<string, LiveGroup>();
  for (const group of liveGroups) {
    if (group.externalId !== null) {
      byExternalId.set(group.externalId, group);
    }
  }
  const { byName } = indexGroups(liveGroups);
  const uniqueByName = (name: string) => {
    const named = byName.get(name.toLowerCase()) ?? [];
    return named.length === 1 ? named[0] : undefined;
  };

  const matches = new Map<number, GroupMatch>();
  for (const group of groups) {
    const byId = group.externalId === null ? undefined : byExternalId.get(group.externalId);
    if (byId !== undefined) {
      matches.set(group.seq, { liveGroup: byId, matchedBy: 'externalId' });
      continue;
    }
    const named = uniqueByName(group.displayName) ?? (group.email === null ? undefined : uniqueByName(groupNameFromEmail(group.email)));
    if (named !== undefined) {
      matches.set(group.seq, { liveGroup: named, matchedBy: 'name' });
    }
  }
  return matches;
}

/**
 * Builds the AccessWorld of a snapshot under the given mapping rules. A rule of a live
 * group applies to the snapshot groups matched to it. A rule that names a group only, as a
 * draft does for a group known from a snapshot, applies to the snapshot groups of that
 * name. Also returns the names of snapshot groups that match no live group.
 */
export function loadSnapshotWorld(db: Db, directory: SnapshotDirectory, rules: MappingRule[]): { world: AccessWorld; unmatchedGroups: string[] } {
  const matches = matchSnapshotGroups(directory.groups, loadLiveGroups(db));
  const groupsByLiveId = new Map<string, SnapshotGroup[]>();
  const groupsByName = new Map<string, SnapshotGroup[]>();
  for (const group of directory.groups) {
    const live = matches.get(group.seq)?.liveGroup.id;
    if (live !== undefined) {
      groupsByLiveId.set(live, [...(groupsByLiveId.get(live) ?? []), group]);
    }
    for (const name of new Set([group.displayName.toLowerCase(), groupNameFromEmail(group.email ?? '').toLowerCase()])) {
      groupsByName.set(name, [...(groupsByName.get(name) ?? []), group]);
    }
  }

  const workspaceIds = activeWorkspaceIds(db);
  const grants = grantsByGroup(rules, new Set(workspaceIds), (rule) => {
    const groups = rule.groupId !== null ? (groupsByLiveId.get(rule.groupId) ?? []) : (groupsByName.get(rule.groupName.toLowerCase()) ?? []);
    return groups.map((group) => ({ key: groupKey(group.seq), name: group.displayName }));
  });
  const world: AccessWorld = {
    users: directory.users.map((user) => ({
      id: snapshotUserKey(user.seq),
      userName: user.userName,
      displayName: user.displayName,
      active: user.active,
      groupKeys: (directory.groupsOfUser.get(user.seq) ?? []).map(groupKey),
    })),
    grantsByGroupKey: grants,
    groupNames: new Map(directory.groups.map((group) => [groupKey(group.seq), group.displayName])),
    activeWorkspaceIds: workspaceIds,
    settings: readSettings(db),
  };
  const unmatchedGroups = directory.groups.filter((group) => !matches.has(group.seq)).map((group) => group.displayName);
  return { world, unmatchedGroups };
}
