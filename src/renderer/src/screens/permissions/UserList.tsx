import type { UserSummary } from '../../../../shared/api.ts';

type Props = {
  users: UserSummary[];
  selectedUserId: string | null;
  onSelect: (userId: string) => void;
};

/** Renders the users that match the search. Selecting one shows their effective permissions. */
export function UserList({ users, selectedUserId, onSelect }: Props) {
  if (users.length === 0) {
    return (
      <p className="empty" data-testid="users-empty">
        No users match. Users appear here when an identity provider pushes them; check the search
        text or the Live events screen.
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table aria-label="Users" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Connection</th>
            <th scope="col">Active</th>
            <th scope="col">Organization role</th>
            <th scope="col" className="number">Workspaces</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const selected = user.id === selectedUserId;
            return (
              <tr
                key={user.id}
                data-testid="user-row"
                data-user-name={user.userName}
                className={selected ? 'row-selected' : undefined}
                aria-selected={selected}
              >
                <th scope="row" className="wrap-anywhere">
                  <button type="button" className="link-button" onClick={() => onSelect(user.id)}>
                    {user.userName}
                  </button>
                  <div className="user-display-name">
                    {user.displayName ?? <span className="muted">no display name</span>}
                  </div>
                </th>
                <td>{user.connectionName}</td>
                <td>{user.active ? 'yes' : <span className="text-warning">no (deactivated)</span>}</td>
                <td>{user.organizationRole}</td>
                <td className="number">{user.workspaceCount}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
