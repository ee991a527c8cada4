import type { SnapshotComparison } from '../../../shared/api.ts';
import { loadLiveGroups } from '../access/live-world.ts';
import type { Db } from '../store/database.ts';
import type { SnapshotDirectory } from './store.ts';
import { describeAmbiguousGroups, loadConnectionNames, matchSnapshotGroups, type SnapshotGroupMatches } from './world.ts';

interface LiveUser {
  id: string;
  connection_id: string;
  user_name: string;
  user_name_key: string;
  display_name: string | null;
  external_id: string | null;
  active: number;
  connection_name: string;
}

/**
 * Compares a snapshot with the live directory: with the users and groups of the snapshot's
 * connection when it names one, else with those of every connection. Users are matched by
 * userName (case-insensitive) or by the identity provider's id in externalId, so one
 * snapshot user may match an account in each connection. Groups are matched as for
 * evaluation, and memberships are compared within groups present on both sides. Every live
 * account, group and membership is listed with its connection's name, because two
 * connections may provision the same userName or group name.
 */
export function compareSnapshot(db: Db, directory: SnapshotDirectory): SnapshotComparison {
  const connectionId = directory.snapshot.connectionId;
  const liveUsers = (
    db
      .prepare(
        `SELECT u.id, u.connection_id, u.user_name, u.user_name_key, u.display_name, u.external_id, u.active, c.name AS connection_name
         FROM users u JOIN connections c ON c.id = u.connection_id ORDER BY u.user_name_key, c.name`,
      )
      .all() as LiveUser[]
  ).filter((user) => connectionId === null || user.connection_id === connectionId);
  const liveByName = groupBy(liveUsers, (user) => user.user_name_key);
  const liveByExternalId = groupBy(
    liveUsers.filter((user) => user.external_id !== null),
    (user) => user.external_id!,
  );

  const liveOfSnapshotUser = new Map<number, LiveUser[]>();
  for (const user of directory.users) {
    let live = liveByName.get(user.userName.toLowerCase()) ?? [];
    if (live.length === 0 && user.externalId !== null) {
      live = liveByExternalId.get(user.externalId) ?? [];
    }
    if (live.length > 0) {
      liveOfSnapshotUser.set(user.seq, live);
    }
  }
  const matchedLiveIds = new Set([...liveOfSnapshotUser.values()].flat().map((user) => user.id));

  const liveGroups = loadLiveGroups(db).filter((group) => connectionId === null || group.connectionId === connectionId);
  const connectionNames = loadConnectionNames(db);
  const { matched: groupMatches, ambiguous } = matchSnapshotGroups(directory.groups, liveGroups, connectionId);
  // A live group that an ambiguous snapshot group fits is not "only live": the snapshot may well contain it.
  const accountedGroupIds = new Set([...groupMatches.values()].map((match) => match.liveGroup.id));
  for (const group of [...ambiguous.values()].flat()) {
    accountedGroupIds.add(group.id);
  }

  return {
    snapshot: directory.snapshot,
    users: {
      onlyInSnapshot: directory.users
        .filter((user) => !liveOfSnapshotUser.has(user.seq))
        .map((user) => ({ userName: user.userName, displayName: user.displayName })),
      onlyLive: liveUsers
        .filter((user) => !matchedLiveIds.has(user.id))
        .map((user) => ({ userName: user.user_name, displayName: user.display_name, connectionName: user.connection_name })),
      inBoth: liveOfSnapshotUser.size,
      activeDiffers: directory.users.flatMap((user) =>
        (liveOfSnapshotUser.get(user.seq) ?? [])
          .filter((live) => (live.active === 1) !== user.active)
          .map((live) => ({
            userName: live.user_name,
            displayName: live.display_name,
            connectionName: live.connection_name,
            activeInSnapshot: user.active,
            activeLive: live.active === 1,
          })),
      ),
    },
    groups: {
      matched: directory.groups.flatMap((group) => {
        const match = groupMatches.get(group.seq);
        return match ? [{ snapshotName: group.displayName, liveGroupId: match.liveGroup.id, liveName: match.liveGroup.displayName, matchedBy: match.matchedBy }] : [];
      }),
      onlyInSnapshot: directory.groups.filter((group) => !groupMatches.has(group.seq) && !ambiguous.has(group.seq)).map((group) => group.displayName),
      ambiguous: describeAmbiguousGroups(db, directory.groups, ambiguous),
      onlyLive: liveGroups
        .filter((group) => !accountedGroupIds.has(group.id))
        .map((group) => ({ displayName: group.displayName, connectionName: connectionNames.get(group.connectionId) ?? group.connectionId }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.connectionName.localeCompare(b.connectionName)),
    },
    memberships: compareMemberships(db, directory, liveOfSnapshotUser, groupMatches, liveUsers, connectionNames),
  };
}

function compareMemberships(
  db: Db,
  directory: SnapshotDirectory,
  liveOfSnapshotUser: Map<number, LiveUser[]>,
  groupMatches: SnapshotGroupMatches['matched'],
  liveUsers: LiveUser[],
  connectionNames: Map<string, string>,
): SnapshotComparison['memberships'] {
  type Membership = SnapshotComparison['memberships']['onlyLive'][number];
  const connectionOf = (groupConnectionId: string) => connectionNames.get(groupConnectionId) ?? groupConnectionId;
  const snapshotPairs = new Map<string, Membership>();
  for (const user of directory.users) {
    for (const groupSeq of directory.groupsOfUser.get(user.seq) ?? []) {
      const match = groupMatches.get(groupSeq);
      if (match === undefined) {
        continue;
      }
      // The snapshot user's account in the group's connection, which is the one a live membership can name.
      const account = liveOfSnapshotUser.get(user.seq)?.find((live) => live.connection_id === match.liveGroup.connectionId);
      const userKey = account?.id ?? `snapshot:${user.userName.toLowerCase()}`;
      snapshotPairs.set(`${userKey}|${match.liveGroup.id}`, {
        userName: user.userName,
        groupName: match.liveGroup.displayName,
        connectionName: connectionOf(match.liveGroup.connectionId),
      });
    }
  }

  const comparedGroups = new Map([...groupMatches.values()].map((match) => [match.liveGroup.id, match.liveGroup]));
  const namesById = new Map(liveUsers.map((user) => [user.id, user.user_name]));
  const livePairs = new Map<string, Membership>();
  const rows = db.prepare("SELECT group_id, member_id FROM group_members WHERE member_type = 'User'").all() as { group_id: string; member_id: string }[];
  for (const row of rows) {
    const group = comparedGroups.get(row.group_id);
    const userName = namesById.get(row.member_id);
    if (group !== undefined && userName !== undefined) {
      livePairs.set(`${row.member_id}|${row.group_id}`, { userName, groupName: group.displayName, connectionName: connectionOf(group.connectionId) });
    }
  }

  const byUserThenGroup = (a: Membership, b: Membership) =>
    a.userName.localeCompare(b.userName) || a.groupName.localeCompare(b.groupName) || a.connectionName.localeCompare(b.connectionName);
  return {
    onlyInSnapshot: [...snapshotPairs].filter(([key]) => !livePairs.has(key)).map(([, pair]) => pair).sort(byUserThenGroup),
    onlyLive: [...livePairs].filter(([key]) => !snapshotPairs.has(key)).map(([, pair]) => pair).sort(byUserThenGroup),
    inBoth: [...snapshotPairs.keys()].filter((key) => livePairs.has(key)).length,
  };
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list === undefined) {
      groups.set(key, [item]);
    } else {
      list.push(item);
    }
  }
  return groups;
}
