import type { Change } from '../../../shared/api.ts';
import { getProvider } from '../../../shared/providers/index.ts';
import { recomputeAccess } from '../access/recompute.ts';
import { refreshStoredGroupNames } from '../access/role-reasons.ts';
import { AdminError } from '../admin/errors.ts';
import { nowIso } from '../clock.ts';
import type { Engine } from '../engine.ts';
import { CONNECTION_DELETED } from '../history/connection-names.ts';
import { runAdminChange } from './admin-change.ts';
import type { ConnectionRecord, ProviderId } from './connections.ts';
import { saveSetupProgress } from './setup-progress.ts';

/** Counts of what deleting a connection removes, taken before the deletion. */
export interface ConnectionRemoval {
  connectionId: string;
  name: string;
  users: number;
  groups: number;
  memberships: number;
  /** Static tokens that are not revoked, expired ones included. */
  tokens: number;
  basicCredentials: number;
  oauthClients: number;
  /** Mappings of the connection's groups, which stay and show as orphaned in Mappings. */
  mappingsKept: number;
}

/** Creates a connection with no credential yet and starts its setup wizard at the reachability step. */
export function startConnectionSetup(engine: Engine, provider: ProviderId, name: string, actor: string): ConnectionRecord {
  return runAdminChange(engine, actor, () => {
    const connection = engine.connections.createWithoutToken(provider, name);
    saveSetupProgress(engine, connection.id, { step: 'reachability', state: {} });
    return {
      result: connection,
      summary: `Started setting up the ${getProvider(provider)?.displayName ?? provider} connection "${connection.name}"`,
      changes: [],
      connectionId: connection.id,
    };
  });
}

/**
 * Disables or enables a connection. A disabled connection's credentials get 401 at once and its
 * users and groups stay as they are; enabling it lets the same credentials work again.
 */
export function setConnectionDisabled(engine: Engine, connectionId: string, disabled: boolean, actor: string): ConnectionRecord {
  const connection = engine.connections.get(connectionId);
  if (connection.disabled === disabled) {
    return connection;
  }
  return runAdminChange(engine, actor, () => {
    engine.db.prepare('UPDATE connections SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, connectionId);
    const verb = disabled ? 'Disabled' : 'Enabled';
    return { result: engine.connections.get(connectionId), summary: `${verb} the connection "${connection.name}"`, changes: [], connectionId };
  });
}

/** Counts what deleting the connection would remove, for the confirmation the admin reads first. */
export function describeConnectionRemoval(engine: Engine, connectionId: string): ConnectionRemoval {
  const connection = engine.connections.get(connectionId);
  const count = (sql: string): number => engine.db.prepare(sql).pluck().get({ id: connectionId }) as number;
  return {
    connectionId,
    name: connection.name,
    users: count('SELECT COUNT(*) FROM users WHERE connection_id = @id'),
    groups: count('SELECT COUNT(*) FROM groups WHERE connection_id = @id'),
    memberships: count(
      `SELECT COUNT(*) FROM group_members WHERE group_id IN (SELECT id FROM groups WHERE connection_id = @id)
       OR member_id IN (SELECT id FROM users WHERE connection_id = @id)`,
    ),
    tokens: engine.connections.listTokens(connectionId).length,
    basicCredentials: count('SELECT COUNT(*) FROM basic_credentials WHERE connection_id = @id'),
    oauthClients: count('SELECT COUNT(*) FROM oauth_clients WHERE connection_id = @id'),
    mappingsKept: count('SELECT COUNT(*) FROM mappings WHERE group_id IN (SELECT id FROM groups WHERE connection_id = @id)'),
  };
}

/**
 * Deletes a connection with its users, groups, memberships, tokens, credentials and setup
 * progress, in one transaction. The users lose their access, which the deletion's event lists.
 * The event log keeps every earlier event, and mappings of the deleted groups stay as orphans.
 * `confirmName` must repeat the connection's name, so that a stale id cannot delete another one.
 */
export function deleteConnection(engine: Engine, connectionId: string, confirmName: string, actor: string): ConnectionRemoval {
  const removal = describeConnectionRemoval(engine, connectionId);
  if (confirmName.trim().toLowerCase() !== removal.name.toLowerCase()) {
    throw new AdminError('invalid', `To delete the connection "${removal.name}", type its name exactly; "${confirmName}" does not match.`);
  }

  return runAdminChange(engine, actor, () => {
    const userIds = engine.db.prepare('SELECT id FROM users WHERE connection_id = ?').pluck().all(connectionId) as string[];
    // Mapped groups get a change each, so that their orphaned mappings can show the group's name.
    const mappedGroups = engine.db
      .prepare('SELECT id, display_name FROM groups WHERE connection_id = ? AND id IN (SELECT group_id FROM mappings) ORDER BY display_name_key')
      .all(connectionId) as { id: string; display_name: string }[];
    // The roles lost below name their groups from the stored reasons, because the groups are gone by then.
    refreshStoredGroupNames(engine.db, mappedGroups.map((group) => group.id));
    engine.db
      .prepare(
        `DELETE FROM group_members WHERE group_id IN (SELECT id FROM groups WHERE connection_id = @id)
         OR member_id IN (SELECT id FROM users WHERE connection_id = @id)`,
      )
      .run({ id: connectionId });
    engine.db.prepare('DELETE FROM groups WHERE connection_id = ?').run(connectionId);
    // The users still exist during the recomputation, so that its changes name them.
    engine.db.prepare('UPDATE users SET active = 0 WHERE connection_id = ?').run(connectionId);
    const changes = recomputeAccess(engine.db, userIds, nowIso(engine.clock));
    engine.db.prepare('DELETE FROM users WHERE connection_id = ?').run(connectionId);
    // Tokens, Basic credentials, OAuth clients and setup progress go with the row (ON DELETE CASCADE).
    engine.db.prepare('DELETE FROM connections WHERE id = ?').run(connectionId);

    // The log keeps the name, so that views of earlier moments and `events` can name the connection.
    const summary = describeRemoval(removal);
    const deleted: Change = { type: CONNECTION_DELETED, text: summary, name: removal.name };
    const groupsDeleted = mappedGroups.map(
      (group): Change => ({ type: 'group.deleted', text: `Deleted group ${group.display_name} with the connection`, groupId: group.id, name: group.display_name }),
    );
    return { result: removal, summary, changes: [deleted, ...groupsDeleted, ...changes], connectionId };
  });
}

function describeRemoval(removal: ConnectionRemoval): string {
  const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
  return (
    `Deleted the connection "${removal.name}" with ${plural(removal.users, 'user')}, ${plural(removal.groups, 'group')}, ` +
    `${plural(removal.memberships, 'membership')} and ${plural(removal.tokens, 'token')}`
  );
}
