import { deletedConnectionNameSql } from '../../history/connection-names.ts';

/**
 * SQL expressions that name the connection a user's account or a group belongs to, for report
 * rows whose event came from no connection (an admin change). Each reads the live row first.
 * When the account or group is gone, it reads the first event that concerns it and came from a
 * connection, which is the request that provisioned it. A deleted connection is named as its
 * deletion event recorded it.
 */

/** Returns SQL for the connection name of the user whose id `userIdSql` yields, or NULL when no connection is known. */
export function userConnectionNameSql(userIdSql: string): string {
  return ownerConnectionNameSql('users', 'user', userIdSql);
}

/** Returns SQL for the connection name of the group whose id `groupIdSql` yields, or NULL when no connection is known. */
export function groupConnectionNameSql(groupIdSql: string): string {
  return ownerConnectionNameSql('groups', 'group', groupIdSql);
}

function ownerConnectionNameSql(table: 'users' | 'groups', refType: 'user' | 'group', idSql: string): string {
  const ownerId = `COALESCE(
    (SELECT o.connection_id FROM ${table} o WHERE o.id = ${idSql}),
    (SELECT re.connection_id FROM event_refs r JOIN events re ON re.id = r.event_id
       WHERE r.ref_type = '${refType}' AND r.ref_key = ${idSql} AND re.connection_id IS NOT NULL ORDER BY r.event_id LIMIT 1))`;
  return `(SELECT COALESCE(oc.name, ${deletedConnectionNameSql('owner.id')})
     FROM (SELECT ${ownerId} AS id) owner LEFT JOIN connections oc ON oc.id = owner.id)`;
}
