import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import type { AccessMatrix } from '../../../../shared/api.ts';
import { useExplorerStore, type ExplorerSource } from '../../stores/explorer.ts';

/** Height of one matrix row in pixels; the virtualizer lays rows out with it. */
const ROW_HEIGHT = 30;
/** Height of a row that also names the user's connection, when users come from several connections. */
const ROW_HEIGHT_WITH_CONNECTION = 42;
const ROLE_OF_RANK = ['no role', 'viewer', 'editor', 'admin'];

type MatrixUser = AccessMatrix['users'][number];

function matchesSearch(user: MatrixUser, search: string): boolean {
  return search === '' || user.userName.toLowerCase().includes(search) || (user.displayName ?? '').toLowerCase().includes(search);
}

/** Returns the grid's columns: user, organization role, then one per workspace. */
function gridColumns(workspaceCount: number): string {
  return `minmax(14rem, 18rem) 4rem repeat(${workspaceCount}, 5rem)`;
}

/** Returns why the matrix shows no row. The caller passes `searching` only when the source has users, so the search hid them all. */
function emptyMatrixMessage(source: ExplorerSource, searching: boolean): string {
  if (searching) {
    return 'No user matches. Check the search text.';
  }
  if (source.mode === 'past') {
    return 'There were no users at this moment.';
  }
  return source.mode === 'snapshot' ? 'The snapshot has no users.' : 'No users have been provisioned yet.';
}

type MatrixRowProps = { user: MatrixUser; matrix: AccessMatrix; selected: boolean; showConnection: boolean; onSelect: () => void };

function MatrixRow({ user, matrix, selected, showConnection, onSelect }: MatrixRowProps) {
  const title = user.connectionName === null ? user.userName : `${user.userName}, provisioned by ${user.connectionName}`;
  return (
    <>
      <div role="rowheader" className="matrix-user" title={title}>
        <div className="matrix-user-line">
          <button type="button" className="link-button" onClick={onSelect} aria-pressed={selected}>
            {user.userName}
          </button>
          {!user.active && <span className="chip chip-muted">inactive</span>}
        </div>
        {showConnection && (
          <div className="matrix-connection muted" data-testid="matrix-connection">
            {user.connectionName ?? 'no connection'}
          </div>
        )}
      </div>
      <div role="cell" className={`matrix-cell ${user.organizationAdmin ? 'rank-3' : 'rank-0'}`} title={user.organizationAdmin ? 'organization admin' : 'member'}>
        {user.organizationAdmin ? 'admin' : ''}
      </div>
      {user.ranks.map((rank, index) => (
        <div
          role="cell"
          key={matrix.workspaces[index]!.id}
          className={`matrix-cell rank-${rank}`}
          data-role={ROLE_OF_RANK[rank]}
          title={`${user.userName}: ${ROLE_OF_RANK[rank]} in ${matrix.workspaces[index]!.name}`}
        >
          {rank === 0 ? '' : ROLE_OF_RANK[rank]![0]!.toUpperCase()}
        </div>
      ))}
    </>
  );
}

/**
 * Renders the users × workspaces matrix as a heat map: one row per user, one cell per
 * workspace, darker for a higher role. Only the rows in view are rendered, so 10,000 users
 * scroll smoothly. The search filters by user name or display name.
 */
export function AccessMatrixView({ matrix }: { matrix: AccessMatrix }) {
  const { search, setSearch, userId, showUser, source } = useExplorerStore();
  const scroller = useRef<HTMLDivElement>(null);
  const term = search.trim().toLowerCase();
  const users = useMemo(() => matrix.users.filter((user) => matchesSearch(user, term)), [matrix, term]);
  // The same userName can come from two connections, so each row then names its connection.
  const showConnection = useMemo(() => new Set(matrix.users.map((user) => user.connectionName)).size > 1, [matrix]);
  const rowHeight = showConnection ? ROW_HEIGHT_WITH_CONNECTION : ROW_HEIGHT;
  const virtualizer = useVirtualizer({ count: users.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 12 });
  const columns = gridColumns(matrix.workspaces.length);
  const totals = matrix.workspaces.map((_, index) => users.filter((user) => (user.ranks[index] ?? 0) > 0).length);

  return (
    <section aria-label="Access matrix" data-testid="access-matrix">
      <div className="inline-form" role="search">
        <label>
          Search users
          <input type="search" data-testid="matrix-search" value={search} maxLength={200} placeholder="user name or display name" onChange={(event) => setSearch(event.target.value)} />
        </label>
        <span className="muted" role="status" data-testid="matrix-count">
          {users.length.toLocaleString()} of {matrix.users.length.toLocaleString()} users
        </span>
        <ul className="matrix-legend" aria-label="Legend">
          {ROLE_OF_RANK.map((role, rank) => (
            <li key={role}>
              <span className={`matrix-swatch rank-${rank}`} /> {role}
            </li>
          ))}
        </ul>
      </div>
      <div className="matrix" role="table" aria-label="Users by workspace" aria-rowcount={users.length + 1}>
        <div className="matrix-header" role="row" style={{ gridTemplateColumns: columns }}>
          <div role="columnheader">User</div>
          <div role="columnheader">Org</div>
          {matrix.workspaces.map((workspace, index) => (
            <div role="columnheader" key={workspace.id} className="matrix-column" title={`${workspace.name}: ${totals[index]} users with a role`}>
              <span className="matrix-column-name">{workspace.name}</span>
              <span className="matrix-column-total">{totals[index]!.toLocaleString()}</span>
            </div>
          ))}
        </div>
        <div ref={scroller} className="matrix-scroll" data-testid="matrix-scroll">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const user = users[item.index]!;
              return (
                <div
                  key={user.id}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className={`matrix-row${user.id === userId ? ' row-selected' : ''}`}
                  data-testid="matrix-row"
                  data-user-name={user.userName}
                  style={{ transform: `translateY(${item.start}px)`, height: rowHeight, gridTemplateColumns: columns }}
                >
                  <MatrixRow user={user} matrix={matrix} selected={user.id === userId} showConnection={showConnection} onSelect={() => void showUser(user.id)} />
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {users.length === 0 && (
        <p className="empty" data-testid="matrix-empty">
          {emptyMatrixMessage(source, matrix.users.length > 0 && term !== '')}
        </p>
      )}
    </section>
  );
}
