import { useEffect } from 'react';
import { Loading } from '../../components/Loading.tsx';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { useDraftsStore } from '../../stores/drafts.ts';
import { useExplorerStore, type ExplorerTab } from '../../stores/explorer.ts';
import { useSnapshotsStore } from '../../stores/snapshots.ts';
import { UserPermissionsPanel } from '../permissions/UserPermissionsPanel.tsx';
import { AccessMatrixView } from './AccessMatrixView.tsx';
import { GroupGrantsView } from './GroupGrantsView.tsx';
import { RosterView } from './RosterView.tsx';
import { SnapshotsPanel } from './SnapshotsPanel.tsx';
import { SourceBar } from './SourceBar.tsx';
import './explorer.css';

const TABS: { id: ExplorerTab; title: string }[] = [
  { id: 'matrix', title: 'Users × workspaces' },
  { id: 'workspace', title: 'Per workspace' },
  { id: 'group', title: 'Per group' },
  { id: 'snapshots', title: 'Snapshots' },
];

function SelectedUser() {
  const { user, userId, source, showUser } = useExplorerStore();
  if (userId === null) {
    return <p className="empty">Select a user in the matrix to see each role with its reason and since when.</p>;
  }
  if (source.mode === 'snapshot' || (source.mode === 'live' && source.draftId !== null)) {
    return <p className="muted">Reasons per user are shown for the live directory, now or as of a past moment. The matrix shows the roles here.</p>;
  }
  return (
    <>
      {user !== null && <UserPermissionsPanel permissions={user} />}
      <button type="button" className="button-quiet" onClick={() => void showUser(null)}>
        Close
      </button>
    </>
  );
}

/**
 * Renders the effective permissions explorer: the users × workspaces heat map, each
 * workspace's roster, what each group grants, and snapshots for offline review. Views read
 * the live directory, a past moment of the event log, or a snapshot.
 */
export function ExplorerScreen() {
  const { tab, setTab, matrix, problem, loading, loadMatrix, loadTimeline, loadCatalog } = useExplorerStore();
  const loadSnapshots = useSnapshotsStore((state) => state.load);
  const loadDrafts = useDraftsStore((state) => state.load);

  useEffect(() => {
    void loadMatrix();
    void loadTimeline();
    void loadCatalog();
    void loadSnapshots();
    void loadDrafts();
  }, [loadMatrix, loadTimeline, loadCatalog, loadSnapshots, loadDrafts]);

  return (
    <>
      <header className="screen-header">
        <h1>Explorer</h1>
        {loading && <Loading what="access" />}
      </header>
      <SourceBar />
      {problem !== null && <ProblemNotice problem={problem} onRetry={() => void loadMatrix()} />}
      <nav className="tabs" aria-label="Explorer views">
        {TABS.map((item) => (
          <button key={item.id} type="button" className={`tab${tab === item.id ? ' tab-current' : ''}`} aria-pressed={tab === item.id} data-testid={`explorer-tab-${item.id}`} onClick={() => setTab(item.id)}>
            {item.title}
          </button>
        ))}
      </nav>
      <section className="card">
        {tab === 'matrix' && (
          <div className="explorer-split">
            <div>
              {matrix !== null && <AccessMatrixView matrix={matrix} />}
              {matrix === null && problem === null && <Loading what="the access matrix" />}
              {matrix === null && problem !== null && (
                <p className="empty" data-testid="matrix-unavailable">
                  No access to show for this source.
                </p>
              )}
            </div>
            <div>
              <SelectedUser />
            </div>
          </div>
        )}
        {tab === 'workspace' && <RosterView />}
        {tab === 'group' && <GroupGrantsView />}
        {tab === 'snapshots' && <SnapshotsPanel />}
      </section>
    </>
  );
}
