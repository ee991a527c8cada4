import type { RoleDiffEntry } from '../../../../shared/api.ts';

/** Describes the groups behind a change: their names and the organization-admin rule. */
export function describeBehind(entry: RoleDiffEntry): string {
  const groups = entry.groups.map((group) => group.groupName);
  if (entry.viaOrganizationAdmin) {
    groups.push('organization admin rule');
  }
  return groups.length === 0 ? '—' : groups.join(', ');
}

/** Renders role changes: who and the connection of their account, where, the role before and after, and the group behind each. */
export function RoleDiffTable({ entries, label }: { entries: RoleDiffEntry[]; label: string }) {
  if (entries.length === 0) {
    return <p className="muted">No one's access changes.</p>;
  }
  return (
    <div className="table-scroll diff-scroll">
      <table aria-label={label} className="diff-table" data-testid="role-diff-table">
        <thead>
          <tr>
            <th scope="col">Change</th>
            <th scope="col">User</th>
            <th scope="col">Connection</th>
            <th scope="col">Where</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Group behind it</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr
              key={`${entry.userId}:${entry.scope}`}
              data-testid="role-diff-row"
              data-user-name={entry.userName}
              data-connection-name={entry.connectionName ?? undefined}
              className={`diff-${entry.kind}${entry.lowered ? ' diff-lowered' : ''}`}
            >
              <td>
                <span className={`chip diff-chip diff-chip-${entry.kind}`}>{entry.kind}</span>
              </td>
              <th scope="row">
                {entry.userName}
                {entry.displayName !== null && <div className="user-display-name muted">{entry.displayName}</div>}
              </th>
              <td>{entry.connectionName ?? '—'}</td>
              <td>{entry.workspaceName ?? 'organization'}</td>
              <td>{entry.previousRole ?? '—'}</td>
              <td>{entry.role ?? '—'}</td>
              <td>{describeBehind(entry)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
