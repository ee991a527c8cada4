import type { UserPermissions, WorkspaceAccess } from '../../../../shared/api.ts';
import { formatPreciseDateTime } from '../../lib/format.ts';

type GrantingGroup = WorkspaceAccess['grantedBy'][number];

function GroupGrants({ grants, emptyText }: { grants: GrantingGroup[]; emptyText: string }) {
  if (grants.length === 0) {
    return <span className="muted">{emptyText}</span>;
  }
  return (
    <ul className="plain-list">
      {grants.map((grant) => (
        <li key={`${grant.groupId}:${grant.role}`}>
          {grant.groupName} <span className="muted">({grant.role})</span>
        </li>
      ))}
    </ul>
  );
}

function WorkspaceAccessTable({ workspaces, noAccess }: { workspaces: WorkspaceAccess[]; noAccess: boolean }) {
  if (workspaces.length === 0) {
    return (
      <p className="empty">
        {noAccess
          ? 'No workspace access, for the reason above.'
          : "No workspace access. None of this user's groups maps to a workspace role."}
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table aria-label="Workspace access" data-testid="workspace-access-table" className="stacking-table">
        <thead>
          <tr>
            <th scope="col">Workspace</th>
            <th scope="col">Role</th>
            <th scope="col">Since</th>
            <th scope="col">Granted by</th>
            <th scope="col">Outranked grants</th>
          </tr>
        </thead>
        <tbody>
          {workspaces.map((access) => (
            <tr key={access.workspaceId} data-testid="workspace-access-row" data-workspace-name={access.workspaceName}>
              <th scope="row">{access.workspaceName}</th>
              <td data-testid="workspace-role" data-label="Role">
                <strong>{access.role}</strong>
              </td>
              <td data-label="Since">
                {access.since === null ? 'unknown' : formatPreciseDateTime(access.since)}
              </td>
              <td data-testid="workspace-granted-by" data-label="Granted by">
                {access.viaOrganizationAdmin && (
                  <div className="chip chip-info">organization admin rule</div>
                )}
                <GroupGrants
                  grants={access.grantedBy}
                  emptyText={access.viaOrganizationAdmin ? '' : 'no group'}
                />
              </td>
              <td data-label="Outranked grants">
                <GroupGrants grants={access.outranked} emptyText="none" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Renders a user's effective permissions with the reason for each role. */
export function UserPermissionsPanel({ permissions }: { permissions: UserPermissions }) {
  const { user, organization, workspaces, groups, noAccessReason } = permissions;
  return (
    <section className="card user-permissions" aria-labelledby="user-permissions-title" data-testid="user-permissions">
      <h2 id="user-permissions-title">
        {user.displayName ?? user.userName}
        {user.displayName !== null && <span className="muted"> ({user.userName})</span>}
      </h2>
      <p className="muted">From connection {user.connectionName}.</p>

      {noAccessReason !== null && (
        <p className="notice notice-warning" data-testid="no-access-reason">
          {noAccessReason}
        </p>
      )}

      <h3>Organization role</h3>
      <p data-testid="organization-role">
        <strong>{organization.role}</strong>
        {organization.since !== null && <span className="muted" data-testid="organization-since"> since {formatPreciseDateTime(organization.since)}</span>}
      </p>
      {organization.grantedBy.length > 0 ? (
        <p>
          Granted by{' '}
          {organization.grantedBy.map((group, index) => (
            <span key={group.groupId}>
              {index > 0 && ', '}
              <strong>{group.groupName}</strong>
            </span>
          ))}
          .
        </p>
      ) : (
        <p className="muted">No group of this user maps to organization admin.</p>
      )}

      <h3>Workspaces</h3>
      <WorkspaceAccessTable workspaces={workspaces} noAccess={noAccessReason !== null} />

      <h3>Groups</h3>
      {groups.length === 0 ? (
        <p className="muted">This user belongs to no group.</p>
      ) : (
        <ul className="chip-row" aria-label="Groups of this user" data-testid="user-groups">
          {groups.map((group) => (
            <li key={group.id} className="chip">
              {group.displayName}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
