/**
 * SQL expressions that name the connection a user's account or a group belongs to, for report
 * rows whose event came from no connection (an admin change). Each reads the live row first.
 * When the account or group is gone, it reads the first event that concerns it and came from a
 * connection, which is the request that provisioned it.
 *
 * NOTE: both read the connections table, so they return NULL once the connection itself is deleted.
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
  return `COALESCE(
    (SELECT oc.name FROM ${table} o JOIN connections oc ON oc.id = o.connection_id WHERE o.id = ${idSql}),
    (SELECT rc.name FROM event_refs r JOIN events re ON re.id = r.event_id JOIN connections rc ON rc.id = re.connection_id
       WHERE r.ref_type = '${refType}' AND r.ref_key = ${idSql} ORDER BY r.event_id LIMIT 1))`;
}
