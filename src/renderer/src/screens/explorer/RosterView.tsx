import { formatPreciseDateTime } from '../../lib/format.ts';
import { useExplorerStore } from '../../stores/explorer.ts';

/** Most roster rows rendered; the counts above always cover everyone. */
const MAX_ROWS = 1000;

/**
 * Renders one workspace's roster by role, highest first, with the reason and start of each role.
 * The search is the one the matrix uses, shown here too so that a filter set there can be seen and cleared.
 */
export function RosterView() {
  const { workspaces, workspaceId, roster, showWorkspace, search, setSearch, matrix } = useExplorerStore();
  const term = search.trim().toLowerCase();
  const members = (roster?.members ?? []).filter((member) => term === '' || member.userName.toLowerCase().includes(term));
  // The matrix of the chosen source names each workspace as it was then, for a past moment.
  const namesThen = new Map((matrix?.workspaces ?? []).map((workspace) => [workspace.id, workspace.name]));

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
                {namesThen.get(workspace.id) ?? workspace.name}
                {workspace.archivedAt !== null ? ' (archived)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search
          <input type="search" data-testid="roster-search" value={search} maxLength={200} placeholder="user name" onChange={(event) => setSearch(event.target.value)} />
        </label>
      </div>
      {roster !== null && (
        <>
          <p data-testid="roster-counts">
            <span className="chip rank-3">{countOf(roster.counts.admin, 'admin')}</span> <span className="chip rank-2">{countOf(roster.counts.editor, 'editor')}</span>{' '}
            <span className="chip rank-1">{countOf(roster.counts.viewer, 'viewer')}</span>
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
                      <td className="nowrap">{member.since === null ? '—' : formatPreciseDateTime(member.since)}</td>
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

/** Returns a count with its role, such as "1 admin" or "2 editors". */
function countOf(count: number, role: string): string {
  return `${count} ${role}${count === 1 ? '' : 's'}`;
}
