import type { ReportExport } from '../../../../shared/api.ts';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useReportsStore } from '../../stores/reports.ts';
import { useServerStore } from '../../stores/server.ts';

const KIND_LABELS: Record<ReportExport['kind'], string> = { access: 'Access', changes: 'Changes', mappings: 'Mappings', review: 'Access review', bundle: 'Evidence bundle' };

function formatBytes(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function formatRows(count: number): string {
  return count === 1 ? '1 row' : `${count} rows`;
}

function ExportStatus({ entry }: { entry: ReportExport }) {
  if (entry.state === 'running') {
    const label = entry.totalRows === 0 ? 'Starting…' : `${entry.rowsWritten} of ${entry.totalRows} rows`;
    return (
      <div className="export-progress">
        <progress value={entry.rowsWritten} max={Math.max(entry.totalRows, 1)} aria-label={`Progress of ${entry.fileName}`} />
        <span className="muted">{label}</span>
      </div>
    );
  }
  if (entry.state === 'failed') {
    return <span className="text-error">{entry.error}</span>;
  }
  if (entry.logWarning !== null) {
    return (
      <div className="text-error" role="alert" data-testid="export-log-warning">
        Written from changed data: {formatRows(entry.rowsWritten)}, {formatBytes(entry.byteCount ?? 0)}. {entry.logWarning} The file's header says so too.
      </div>
    );
  }
  return (
    <span className="text-ok">
      Done: {formatRows(entry.rowsWritten)}, {formatBytes(entry.byteCount ?? 0)}
    </span>
  );
}

/**
 * Lists the exports started from this console since its host started, with their progress, and offers each finished
 * file for download or shows where it is. Exports from the CLI and earlier runs are only in the event log.
 */
export function ExportList() {
  const { exports, exportError, dismissExportError, reveal } = useReportsStore();
  const transport = useServerStore((state) => state.info?.transport);

  return (
    <section className="card" aria-labelledby="exports-title">
      <h2 id="exports-title">Exports from this console session</h2>
      {exportError !== null && <ProblemNotice problem={exportError} onDismiss={dismissExportError} testId="export-problem" />}
      {exports.length === 0 ? (
        <p className="empty" data-testid="exports-empty">
          No exports from this console session yet. Files are written to the reports folder of the data directory. This list does not show exports
          made with the CLI or before the console started. The event log records every export with its file's SHA-256 (change type{' '}
          <code>report.exported</code>, or <code>bundle.exported</code> for bundles).
        </p>
      ) : (
        <div className="table-scroll">
          <table aria-label="Exports" data-testid="exports-table">
            <thead>
              <tr>
                <th scope="col">Report</th>
                <th scope="col">Format</th>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col">File</th>
              </tr>
            </thead>
            <tbody>
              {exports.map((entry) => (
                <tr key={entry.id} data-testid="export-row" data-file-name={entry.fileName} data-state={entry.state}>
                  <th scope="row">{KIND_LABELS[entry.kind]}</th>
                  <td>{entry.format.toUpperCase()}</td>
                  <td className="nowrap">{formatDateTime(entry.startedAt)}</td>
                  <td>
                    <ExportStatus entry={entry} />
                  </td>
                  <td>
                    {entry.state === 'done' && transport === 'http' && (
                      <a href={`/api/reports/${encodeURIComponent(entry.fileName)}`} download={entry.fileName} data-testid="export-download">
                        Download {entry.fileName}
                      </a>
                    )}
                    {entry.state === 'done' && transport === 'ipc' && (
                      <button type="button" className="button-small" onClick={() => void reveal(entry.id)}>
                        Show in folder
                      </button>
                    )}
                    {entry.state === 'done' && (
                      <div className="export-path">
                        <code>{entry.filePath}</code> <CopyButton text={entry.filePath} label={`Copy the path of ${entry.fileName}`} />
                      </div>
                    )}
                    {entry.sha256 !== null && (
                      <div className="muted export-digest">
                        SHA-256 <code>{entry.sha256}</code>
                      </div>
                    )}
                    {entry.manifestSha256 !== null && (
                      <div className="muted export-digest" data-testid="manifest-digest">
                        manifest SHA-256 <code>{entry.manifestSha256}</code>, recorded in the event log. Keep both digests apart from the bundle.
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
