import type { AccessMatrix, GroupGrants, PastGroup, UserPermissions, Workspace, WorkspaceRoster } from '../../../shared/api.ts';
import type { Grant, WorkspaceRole } from '../../../shared/model.ts';
import { AdminError } from '../admin/errors.ts';
import { checkLogCovers, directoryAsOf, type PastDirectory, type PastRole, type PastUser } from '../history/access-at.ts';
import { loadConnectionNamesWithDeleted } from '../history/connection-names.ts';
import { describeDeactivation } from '../history/deactivation.ts';
import { pastGrantsOf, pastGroupsOf, pastOutrankedOf } from '../history/past-groups.ts';
import { WorkspaceNames } from '../history/workspace-names.ts';
import type { Db } from '../store/database.ts';
import { countRoles, describeGrantMember, rankOf, sortRoster } from './live-views.ts';

const ORGANIZATION = 'organization';

/**
 * Rebuilds the views of the explorer as of a past moment from the event log (see
 * directoryAsOf). Workspaces and groups carry their names of that moment (see
 * WorkspaceNames and pastGrantsOf), and connections deleted since carry the name their
 * deletion event recorded.
 * NOTE: roles recorded before role changes carried group ids know their groups by name
 * only, so their grants show an empty group id and no outranked grants.
 */
export class PastAccess {
  readonly at: string;
  private readonly db: Db;
  private readonly directory: PastDirectory;
  private readonly users: PastUser[];
  private readonly usersByKey = new Map<string, PastUser>();
  private pastWorkspaces: Workspace[] | undefined;
  private readonly names: WorkspaceNames;
  private connectionNames: Map<string, string> | undefined;

  constructor(db: Db, at: string) {
    this.db = db;
    this.at = at;
    checkLogCovers(db, at);
    this.names = WorkspaceNames.load(db);
    this.directory = directoryAsOf(db, at);
    this.users = [...this.directory.users.values()].filter((user) => !user.deleted).sort((a, b) => a.userName.localeCompare(b.userName));
    for (const user of this.users) {
      this.usersByKey.set(user.userName.toLowerCase(), user);
      this.usersByKey.set(user.userId, user);
    }
  }

  /** Workspaces that existed and were not archived at the moment. */
  workspaces(): Workspace[] {
    this.pastWorkspaces ??= this.loadWorkspaces();
    return this.pastWorkspaces;
  }

  /** Explains every user who existed at the moment, in userName order. */
  allUserPermissions(): UserPermissions[] {
    return this.users.map((user) => this.userPermissions(user.userId));
  }

  /** Returns the name of a connection, also one deleted since, or undefined when the log does not record it. */
  private connectionName(connectionId: string): string | undefined {
    this.connectionNames ??= loadConnectionNamesWithDeleted(this.db);
    return this.connectionNames.get(connectionId);
  }

  private loadWorkspaces(): Workspace[] {
    const rows = this.db
      .prepare(
        `SELECT id, name, slug, created_at AS createdAt, archived_at AS archivedAt FROM workspaces
         WHERE created_at <= ? AND (archived_at IS NULL OR archived_at > ?)`,
      )
      .all(this.at, this.at) as Workspace[];
    return rows
      .map((workspace) => ({ ...workspace, name: this.names.nameAt(workspace.id, this.at) ?? workspace.name, archivedAt: null }))
      .sort((a, b) => compareIgnoringCase(a.name, b.name));
  }

  roster(workspace: Workspace): WorkspaceRoster {
    const members = this.users.flatMap((user) => {
      const past = user.roles.get(workspace.id);
      if (past === undefined) {
        return [];
      }
      return [
        {
          userId: user.userId,
          userName: user.userName,
          displayName: user.displayName,
          role: past.role as WorkspaceRole,
          since: past.since,
          grantedBy: pastGrantsOf(this.directory, past).map((grant) => grant.groupName),
          viaOrganizationAdmin: past.viaOrganizationAdmin ?? false,
        },
      ];
    });
    const named = { ...workspace, name: this.workspaceName(workspace.id) };
    return { workspace: named, asOf: this.at, counts: countRoles(members), members: sortRoster(members) };
  }

  /** Builds the users × workspaces matrix of the moment. */
  matrix(): AccessMatrix {
    const columns = this.workspaces();
    return {
      asOf: this.at,
      source: 'past',
      workspaces: columns.map((workspace) => ({ id: workspace.id, name: workspace.name })),
      users: this.users.map((user) => ({
        id: user.userId,
        userName: user.userName,
        displayName: user.displayName,
        active: user.active,
        connectionName: user.connectionId === null ? null : (this.connectionName(user.connectionId) ?? null),
        organizationAdmin: user.roles.has(ORGANIZATION),
        ranks: columns.map((workspace) => rankOf(user.roles.get(workspace.id)?.role)),
      })),
    };
  }

  /**
   * Explains what a group granted and to whom at the moment, in the shape of the live view.
   * Each grant that the roles of the moment show lists every member of the group then, with
   * what the grant did for them. `groupName` names a group that the event log does not name.
   * It also matches the grants of roles recorded before role changes carried group ids.
   * NOTE: mapping changes in the log name their grant in text only, so grants are found through
   * the roles they gave. A grant that gave no member a role at the moment (all of them
   * deactivated, say) is therefore not listed.
   */
  groupGrants(groupId: string, groupName: string): GroupGrants {
    const workspaceNames = new Map(this.workspaces().map((workspace) => [workspace.id, workspace.name]));
    const grantsOfGroup = (past: PastRole) => ({
      granting: pastGrantsOf(this.directory, past).filter((grant) => grant.groupId === groupId || (grant.groupId === '' && grant.groupName === groupName)),
      outranked: pastOutrankedOf(this.directory, past).filter((grant) => grant.groupId === groupId),
    });

    // The grants of the group, found in the roles they gave or were outranked in.
    const grants = new Map<string, { scope: string; role: WorkspaceRole }>();
    for (const user of this.users) {
      for (const [scope, past] of user.roles) {
        const { granting, outranked } = grantsOfGroup(past);
        for (const grant of [...granting, ...outranked]) {
          grants.set(`${scope}|${grant.role}`, { scope, role: grant.role });
        }
      }
    }

    const group = this.directory.groups.get(groupId);
    const members = group?.deleted === true ? [] : this.users.filter((user) => user.groupIds.has(groupId));
    const listed = [...grants.values()].map(({ scope, role }) => ({
      grant: toGrant(scope, role),
      workspaceName: scope === ORGANIZATION ? null : (workspaceNames.get(scope) ?? scope),
      users: members.map((user) => {
        const past = user.roles.get(scope);
        const deciding = past === undefined ? [] : grantsOfGroup(past).granting;
        return describeGrantMember(user, role, deciding, past?.role ?? null);
      }),
    }));
    return { group: { id: groupId, displayName: group?.displayName ?? groupName, memberCount: members.length }, asOf: this.at, grants: listed };
  }

  /**
   * Lists the groups that existed at the moment, including those of connections deleted since,
   * with their names and member counts of then, ordered by name.
   * NOTE: memberships of nested groups are not in the log's changes, so only users are counted.
   */
  groups(): PastGroup[] {
    const memberCounts = new Map<string, number>();
    for (const user of this.users) {
      for (const groupId of user.groupIds) {
        memberCounts.set(groupId, (memberCounts.get(groupId) ?? 0) + 1);
      }
    }
    const liveGroupIds = new Set(this.db.prepare('SELECT id FROM groups').pluck().all() as string[]);

    return [...this.directory.groups.values()]
      .filter((group) => !group.deleted)
      .map((group) => ({
        id: group.groupId,
        displayName: group.displayName,
        memberCount: memberCounts.get(group.groupId) ?? 0,
        connectionName: group.connectionId === null ? null : (this.connectionName(group.connectionId) ?? null),
        deletedSince: !liveGroupIds.has(group.groupId),
      }))
      .sort((a, b) => compareIgnoringCase(a.displayName, b.displayName));
  }

  /** Explains one user's roles at the moment, in the shape of the live per-user view. */
  userPermissions(idOrUserName: string): UserPermissions {
    const user = this.usersByKey.get(idOrUserName) ?? this.usersByKey.get(idOrUserName.toLowerCase());
    if (user === undefined) {
      throw new AdminError('not-found', `No user "${idOrUserName}" existed on ${this.at}. Pick a later moment, or check the userName.`);
    }
    const connectionName = user.connectionId === null ? undefined : this.connectionName(user.connectionId);
    const workspaceNames = new Map(this.workspaces().map((workspace) => [workspace.id, workspace.name]));
    const organization = user.roles.get(ORGANIZATION);
    const workspaces = [...user.roles].filter(([scope]) => scope !== ORGANIZATION);

    return {
      user: {
        id: user.userId,
        userName: user.userName,
        displayName: user.displayName,
        active: user.active,
        connectionId: user.connectionId ?? '',
        connectionName: connectionName ?? describeUnknownConnection(user.connectionId),
        organizationRole: organization ? 'admin' : 'member',
        workspaceCount: workspaces.length,
      },
      organization: {
        role: organization ? 'admin' : 'member',
        since: organization?.since ?? null,
        grantedBy: organization ? pastGrantsOf(this.directory, organization).map((grant) => ({ groupId: grant.groupId, groupName: grant.groupName })) : [],
      },
      workspaces: workspaces
        .map(([scope, past]) => ({
          workspaceId: scope,
          workspaceName: workspaceNames.get(scope) ?? this.workspaceName(scope),
          role: past.role as WorkspaceRole,
          since: past.since,
          grantedBy: pastGrantsOf(this.directory, past),
          outranked: pastOutrankedOf(this.directory, past),
          viaOrganizationAdmin: past.viaOrganizationAdmin ?? false,
        }))
        .sort((a, b) => a.workspaceName.localeCompare(b.workspaceName)),
      groups: pastGroupsOf(this.directory, user),
      noAccessReason: user.active ? null : describeDeactivation(user.deactivatedAt),
    };
  }

  private workspaceName(id: string): string {
    return this.names.nameAt(id, this.at) ?? `workspace ${id}`;
  }
}

function toGrant(scope: string, role: WorkspaceRole): Grant {
  return scope === ORGANIZATION ? { kind: 'organization-admin' } : { kind: 'workspace', workspaceId: scope, role };
}

/** Orders names with ASCII letters folded, as the NOCASE collation of the live views does. */
function compareIgnoringCase(a: string, b: string): number {
  const left = a.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  const right = b.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  if (left === right) {
    return 0;
  }
  return left < right ? -1 : 1;
}

/** Names a connection whose name neither the store nor the event log has, by its id when known. */
function describeUnknownConnection(connectionId: string | null): string {
  return connectionId === null ? 'an unknown connection' : `a deleted connection (id ${connectionId})`;
}
