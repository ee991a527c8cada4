import { useEffect } from 'react';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useExplorerStore } from '../../stores/explorer.ts';
import { useSnapshotsStore } from '../../stores/snapshots.ts';
import { SnapshotComparisonView } from './SnapshotComparisonView.tsx';
import { SnapshotImportForm } from './SnapshotImportForm.tsx';

function ImportProblems() {
  const importProblems = useSnapshotsStore((state) => state.importProblems);
  if (importProblems === null) {
    return null;
  }
  return (
    <div className="notice notice-error" role="alert" data-testid="snapshot-problems">
      <p>
        {importProblems.fileName} was not imported: {importProblems.count} problem{importProblems.count === 1 ? '' : 's'} found, and a file is imported
        whole or not at all. Fix these rows, or check the layout, then import it again.
      </p>
      <ul>
        {importProblems.problems.map((problem, index) => (
          <li key={index}>{problem.line === null ? problem.message : `Line ${problem.line}: ${problem.message}`}</li>
        ))}
      </ul>
      {importProblems.count > importProblems.problems.length && <p>The first {importProblems.problems.length} are listed.</p>}
    </div>
  );
}

/** Offline review: import group membership exports, compare them with the live directory, and review mappings against them. */
export function SnapshotsPanel() {
  const { snapshots, load, problem, busy, compare, remove, comparison } = useSnapshotsStore();
  const setSource = useExplorerStore((state) => state.setSource);
  const setTab = useExplorerStore((state) => state.setTab);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-label="Snapshots" data-testid="snapshots">
      <p className="muted">
        A snapshot is a group membership export from an identity provider. Review the mappings or a draft against it as against live data, with no
        live connection.
      </p>
      <SnapshotImportForm />
      <ImportProblems />
      {problem !== null && <ProblemNotice problem={problem} />}
      {snapshots.length === 0 ? (
        <p className="empty">No snapshots yet. Import an export above.</p>
      ) : (
        <table aria-label="Snapshots" className="snapshot-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Layout</th>
              <th scope="col">Connection</th>
              <th scope="col" className="number">Users</th>
              <th scope="col" className="number">Groups</th>
              <th scope="col" className="number">Memberships</th>
              <th scope="col">Imported</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {snapshots.map((snapshot) => (
              <tr key={snapshot.id} data-testid="snapshot-row" data-snapshot-name={snapshot.name}>
                <th scope="row">{snapshot.name}</th>
                <td>{snapshot.format}</td>
                <td>{snapshot.connectionName ?? <span className="muted">none named</span>}</td>
                <td className="number">{snapshot.userCount.toLocaleString()}</td>
                <td className="number">{snapshot.groupCount.toLocaleString()}</td>
                <td className="number">{snapshot.membershipCount.toLocaleString()}</td>
                <td className="nowrap">{formatDateTime(snapshot.importedAt)}</td>
                <td className="button-row">
                  <button type="button" className="button-small" disabled={busy} onClick={() => void compare(snapshot.id)}>
                    Compare with live
                  </button>
                  <button
                    type="button"
                    className="button-small"
                    onClick={() => {
                      setTab('matrix');
                      void setSource({ mode: 'snapshot', snapshotId: snapshot.id, draftId: null });
                    }}
                  >
                    Review access
                  </button>
                  <button type="button" className="button-quiet button-small" disabled={busy} aria-label={`Delete snapshot ${snapshot.name}`} onClick={() => void remove(snapshot.id)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {comparison !== null && <SnapshotComparisonView comparison={comparison} />}
    </section>
  );
}
