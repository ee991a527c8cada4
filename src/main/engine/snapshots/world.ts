import { indexGroups, loadLiveGroups, type LiveGroup } from '../access/live-world.ts';
import { activeWorkspaceIds } from '../access/resolve.ts';
import { readSettings } from '../access/settings.ts';
import { grantsByGroup, type AccessWorld, type MappingRule } from '../access/world.ts';
import type { AmbiguousGroup } from '../../../shared/api.ts';
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

/** The outcome of matching a snapshot's groups with the live groups. */
export interface SnapshotGroupMatches {
  /** The live group of each matched snapshot group, by the snapshot group's seq. */
  matched: Map<number, GroupMatch>;
  /** The live groups a snapshot group fits when it fits more than one, by the snapshot group's seq. */
  ambiguous: Map<number, LiveGroup[]>;
}

/**
 * Ties each snapshot group to the live group it is, so that live mappings apply to it.
 * With `connectionId`, only that connection's groups are candidates, because the export
 * came from its identity provider. The first rule is the identity provider's id: the
 * snapshot group's id equals the live group's externalId, because Entra ID sends the
 * object id there. Next come the displayName and then the part of a Google group email
 * before the @, compared case-insensitively. A rule that fits several live groups (the
 * same name in two connections) matches none of them, and the group is listed as
 * ambiguous instead. The candidates' mappings may differ, and the export contains no
 * memberships of the other identity provider.
 */
export function matchSnapshotGroups(groups: SnapshotGroup[], liveGroups: LiveGroup[], connectionId: string | null): SnapshotGroupMatches {
  const candidates = connectionId === null ? liveGroups : liveGroups.filter((group) => group.connectionId === connectionId);
  const byExternalId = new Map<string, LiveGroup[]>();
  for (const group of candidates) {
    if (group.externalId !== null) {
      byExternalId.set(group.externalId, [...(byExternalId.get(group.externalId) ?? []), group]);
    }
  }
  const { byName } = indexGroups(candidates);

  const result: SnapshotGroupMatches = { matched: new Map(), ambiguous: new Map() };
  for (const group of groups) {
    // The first rule that fits any live group decides, even when it fits several.
    let fits = group.externalId === null ? [] : (byExternalId.get(group.externalId) ?? []);
    let matchedBy: GroupMatch['matchedBy'] = 'externalId';
    if (fits.length === 0) {
      matchedBy = 'name';
      fits = byName.get(group.displayName.toLowerCase()) ?? [];
    }
    if (fits.length === 0 && group.email !== null) {
      fits = byName.get(groupNameFromEmail(group.email).toLowerCase()) ?? [];
    }
    if (fits.length === 1) {
      result.matched.set(group.seq, { liveGroup: fits[0]!, matchedBy });
    } else if (fits.length > 1) {
      result.ambiguous.set(group.seq, fits);
    }
  }
  return result;
}

/** Loads the name of every connection by its id. */
export function loadConnectionNames(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT id, name FROM connections').all() as { id: string; name: string }[];
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Describes the ambiguous snapshot groups with their candidates' connections, for the admin. */
export function describeAmbiguousGroups(db: Db, groups: SnapshotGroup[], ambiguous: Map<number, LiveGroup[]>): AmbiguousGroup[] {
  if (ambiguous.size === 0) {
    return [];
  }
  const connectionNames = loadConnectionNames(db);
  return groups.flatMap((group) => {
    const fits = ambiguous.get(group.seq);
    if (fits === undefined) {
      return [];
    }
    const candidates = fits
      .map((live) => ({ liveGroupId: live.id, liveName: live.displayName, connectionName: connectionNames.get(live.connectionId) ?? live.connectionId }))
      .sort((a, b) => a.connectionName.localeCompare(b.connectionName));
    return [{ snapshotName: group.displayName, candidates }];
  });
}

/**
 * Builds the AccessWorld of a snapshot under the given mapping rules. A rule of a live
 * group applies to the snapshot groups matched to it. A rule that names a group only, as a
 * draft does for a group known from a snapshot, applies to the snapshot groups of that
 * name. Also returns the names of snapshot groups that match no live group, and those
 * that fit several.
 */
export function loadSnapshotWorld(
  db: Db,
  directory: SnapshotDirectory,
  rules: MappingRule[],
): { world: AccessWorld; unmatchedGroups: string[]; ambiguousGroups: AmbiguousGroup[] } {
  const { matched: matches, ambiguous } = matchSnapshotGroups(directory.groups, loadLiveGroups(db), directory.snapshot.connectionId);
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
  const unmatchedGroups = directory.groups.filter((group) => !matches.has(group.seq) && !ambiguous.has(group.seq)).map((group) => group.displayName);
  return { world, unmatchedGroups, ambiguousGroups: describeAmbiguousGroups(db, directory.groups, ambiguous) };
}
