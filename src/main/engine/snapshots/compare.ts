import type { SnapshotComparison } from '../../../shared/api.ts';
import { loadLiveGroups } from '../access/live-world.ts';
import type { Db } from '../store/database.ts';
import type { SnapshotDirectory } from './store.ts';
import { matchSnapshotGroups } from './world.ts';

interface LiveUser {
  id: string;
  user_name: string;
  user_name_key: string;
  display_name: string | null;
  external_id: string | null;
}

/**
 * Compares a snapshot with the live directory. Users are matched by userName
 * (case-insensitive) or by the identity provider's id in externalId, and groups as for
 * evaluation. Memberships are compared within groups present on both sides.
 */
export function compareSnapshot(db: Db, directory: SnapshotDirectory): SnapshotComparison {
  const liveUsers = db.prepare('SELECT id, user_name, user_name_key, display_name, external_id FROM users ORDER BY user_name_key').all() as LiveUser[];
  const liveByName = new Map(liveUsers.map((user) => [user.user_name_key, user]));
  const liveByExternalId = new Map(liveUsers.filter((user) => user.external_id !== null).map((user) => [user.external_id!, user]));

  const liveOfSnapshotUser = new Map<number, LiveUser>();
  for (const user of directory.users) {
    const live = liveByName.get(user.userName.toLowerCase()) ?? (user.externalId === null ? undefined : liveByExternalId.get(user.externalId));
    if (live !== undefined) {
      liveOfSnapshotUser.set(user.seq, live);
    }
  }
  const matchedLiveIds = new Set([...liveOfSnapshotUser.values()].map((user) => user.id));

  const liveGroups = loadLiveGroups(db);
  const groupMatches = matchSnapshotGroups(directory.groups, liveGroups);
  const matchedGroupIds = new Set([...groupMatches.values()].map((match) => match.liveGroup.id));

  return {
    snapshot: directory.snapshot,
    users: {
      onlyInSnapshot: directory.users
        .filter((user) => !liveOfSnapshotUser.has(user.seq))
        .map((user) => ({ userName: user.userName, displayName: user.displayName })),
      onlyLive: liveUsers.filter((user) => !matchedLiveIds.has(user.id)).map((user) => ({ userName: user.user_name, displayName: user.display_name })),
      inBoth: liveOfSnapshotUser.size,
    },
    groups: {
      matched: directory.groups.flatMap((group) => {
        const match = groupMatches.get(group.seq);
        return match ? [{ snapshotName: group.displayName, liveGroupId: match.liveGroup.id, liveName: match.liveGroup.displayName, matchedBy: match.matchedBy }] : [];
      }),
      onlyInSnapshot: directory.groups.filter((group) => !groupMatches.has(group.seq)).map((group) => group.displayName),
      onlyLive: liveGroups.filter((group) => !matchedGroupIds.has(group.id)).map((group) => group.displayName).sort((a, b) => a.localeCompare(b)),
    },
    memberships: compareMemberships(db, directory, liveOfSnapshotUser, groupMatches, liveUsers),
  };
}

function compareMemberships(
  db: Db,
  directory: SnapshotDirectory,
  liveOfSnapshotUser: Map<number, LiveUser>,
  groupMatches: ReturnType<typeof matchSnapshotGroups>,
  liveUsers: LiveUser[],
): SnapshotComparison['memberships'] {
  const snapshotPairs = new Map<string, { userName: string; groupName: string }>();
  for (const user of directory.users) {
    for (const groupSeq of directory.groupsOfUser.get(user.seq) ?? []) {
      const match = groupMatches.get(groupSeq);
      if (match === undefined) {
        continue;
      }
      const userKey = liveOfSnapshotUser.get(user.seq)?.id ?? `snapshot:${user.userName.toLowerCase()}`;
      snapshotPairs.set(`${userKey}|${match.liveGroup.id}`, { userName: user.userName, groupName: match.liveGroup.displayName });
    }
  }

  const comparedGroups = new Map([...groupMatches.values()].map((match) => [match.liveGroup.id, match.liveGroup.displayName]));
  const namesById = new Map(liveUsers.map((user) => [user.id, user.user_name]));
  const livePairs = new Map<string, { userName: string; groupName: string }>();
  const rows = db.prepare("SELECT group_id, member_id FROM group_members WHERE member_type = 'User'").all() as { group_id: string; member_id: string }[];
  for (const row of rows) {
    const groupName = comparedGroups.get(row.group_id);
    const userName = namesById.get(row.member_id);
    if (groupName !== undefined && userName !== undefined) {
      livePairs.set(`${row.member_id}|${row.group_id}`, { userName, groupName });
    }
  }

  const byUserThenGroup = (a: { userName: string; groupName: string }, b: { userName: string; groupName: string }) =>
    a.userName.localeCompare(b.userName) || a.groupName.localeCompare(b.groupName);
  return {
    onlyInSnapshot: [...snapshotPairs].filter(([key]) => !livePairs.has(key)).map(([, pair]) => pair).sort(byUserThenGroup),
    onlyLive: [...livePairs].filter(([key]) => !snapshotPairs.has(key)).map(([, pair]) => pair).sort(byUserThenGroup),
    inBoth: [...snapshotPairs.keys()].filter((key) => livePairs.has(key)).length,
  };
}
