import { formatDateTime } from '../../lib/format.ts';
import { useExplorerStore } from '../../stores/explorer.ts';

/** Most roster rows rendered; the counts above always cover everyone. */
const MAX_ROWS = 1000;

/** Renders one workspace's roster by role, highest first, with the reason and start of each role. */
export function RosterView() {
  const { workspaces, workspaceId, roster, showWorkspace, search } = useExplorerStore();
  const term = search.trim().toLowerCase();
  const members = (roster?.members ?? []).filter((member) => term === '' || member.userName.toLowerCase().includes(term));

  return (
    <section aria-label="Workspace roster" data-testid="workspace-roster">
      <div className="inline-form">
        <label>
          Workspace
          <select value={workspaceId ?? ''} data-testid="roster-workspace" onChange={(event) => void showWorkspace(event.target.value)}>
            <option value="" disabled>
              choose…
            </option>
            {workspaces.map((workspace) => (
              <option key={workspace.id} value={workspace.id}>
                {workspace.name}
                {workspace.archivedAt !== null ? ' (archived)' : ''}
              </option>
            ))}
          </select>
        </label>
      </div>
      {roster !== null && (
        <>
          <p data-testid="roster-counts">
            <span className="chip rank-3">{roster.counts.admin} admins</span> <span className="chip rank-2">{roster.counts.editor} editors</span>{' '}
            <span className="chip rank-1">{roster.counts.viewer} viewers</span>
          </p>
          {members.length === 0 ? (
            <p className="empty">No one has a role in this workspace{term === '' ? '' : ' whose name matches the search'}.</p>
          ) : (
            <div className="table-scroll roster-scroll">
              <table aria-label={`Roster of ${roster.workspace.name}`}>
                <thead>
                  <tr>
                    <th scope="col">User</th>
                    <th scope="col">Role</th>
                    <th scope="col">Why</th>
                    <th scope="col">Since</th>
                  </tr>
                </thead>
                <tbody>
                  {members.slice(0, MAX_ROWS).map((member) => (
                    <tr key={member.userId} data-testid="roster-row" data-user-name={member.userName}>
                      <th scope="row">{member.userName}</th>
                      <td>
                        <span className={`chip rank-${['viewer', 'editor', 'admin'].indexOf(member.role) + 1}`}>{member.role}</span>
                      </td>
                      <td>{[member.viaOrganizationAdmin ? 'organization admin rule' : '', ...member.grantedBy].filter(Boolean).join(', ') || '—'}</td>
                      <td className="nowrap">{formatDateTime(member.since, '—')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {members.length > MAX_ROWS && <p className="muted">The first {MAX_ROWS} are listed; search to find the others.</p>}
        </>
      )}
    </section>
  );
}
