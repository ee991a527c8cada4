import { useEffect, useState, type FormEvent } from 'react';
import { SNAPSHOT_FORMATS, type Snapshot, type SnapshotFormat } from '../../../../shared/api.ts';
import { useConnectionsStore } from '../../stores/connections.ts';
import { useServerStore } from '../../stores/server.ts';
import { useSnapshotsStore } from '../../stores/snapshots.ts';

/** Largest file the browser console sends, in bytes: the HTTP console accepts request bodies up to 1 MiB with JSON around the text. */
const MAX_HTTP_FILE_BYTES = 900_000;

const FORMAT_LABELS: Record<SnapshotFormat, string> = {
  okta: 'Okta (Group Membership report CSV, or Groups API JSON)',
  entra: 'Microsoft Entra ID (Download members CSV, or Graph JSON)',
  google: 'Google Workspace (member CSV, or Directory API JSON)',
  generic: 'Generic (CSV with group and user columns, or JSON)',
};

/** Imports a group membership export as a snapshot; a file with any bad row is not imported. */
export function SnapshotImportForm() {
  const importFile = useSnapshotsStore((state) => state.importFile);
  const busy = useSnapshotsStore((state) => state.busy);
  const transport = useServerStore((state) => state.info?.transport ?? 'http');
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<SnapshotFormat>('okta');
  const [name, setName] = useState('');
  const [groupName, setGroupName] = useState('');
  const connections = useConnectionsStore((state) => state.connections);
  const loadConnections = useConnectionsStore((state) => state.load);
  const [connectionId, setConnectionId] = useState('');
  const [sizeProblem, setSizeProblem] = useState<string | null>(null);
  const [imported, setImported] = useState<Snapshot | null>(null);
  // A new key empties the file input after an import, so that the same file is not imported twice by mistake.
  const [fileInputKey, setFileInputKey] = useState(0);

  useEffect(() => {
    void loadConnections();
  }, [loadConnections]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (file === null) {
      return;
    }
    if (transport === 'http' && file.size > MAX_HTTP_FILE_BYTES) {
      setSizeProblem(`${file.name} is ${file.size.toLocaleString()} bytes, more than the browser console sends. Import it with "scimdesk snapshot import" instead.`);
      return;
    }
    setSizeProblem(null);
    setImported(null);
    const content = await file.text();
    const snapshotName = name.trim() === '' ? file.name.replace(/\.[^.]+$/, '') : name.trim();
    const snapshot = await importFile({
      name: snapshotName,
      format,
      fileName: file.name,
      content,
      ...(groupName.trim() === '' ? {} : { groupName: groupName.trim() }),
      ...(connectionId === '' ? {} : { connectionId }),
    });
    if (snapshot !== null) {
      setImported(snapshot);
      setFile(null);
      setFileInputKey((key) => key + 1);
      setName('');
      setGroupName('');
    }
  };

  return (
    <form className="snapshot-import" aria-label="Import snapshot" onSubmit={(event) => void submit(event)}>
      <div className="inline-form">
        <label>
          Export file (CSV or JSON)
          <input key={fileInputKey} type="file" accept=".csv,.json,text/csv,application/json" data-testid="snapshot-file" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        </label>
        <label>
          Layout
          <select value={format} data-testid="snapshot-format" onChange={(event) => setFormat(event.target.value as SnapshotFormat)}>
            {SNAPSHOT_FORMATS.map((item) => (
              <option key={item} value={item}>
                {FORMAT_LABELS[item]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Exported from
          <select value={connectionId} data-testid="snapshot-connection" onChange={(event) => setConnectionId(event.target.value)}>
            <option value="">no connection named: match groups of every connection</option>
            {connections.map((connection) => (
              <option key={connection.id} value={connection.id}>
                {connection.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="inline-form">
        <label>
          Snapshot name
          <input value={name} maxLength={200} placeholder="default: the file name" data-testid="snapshot-name" onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          Group of a one-group file
          <input value={groupName} maxLength={500} placeholder="only when the file does not name it" onChange={(event) => setGroupName(event.target.value)} />
        </label>
        <button type="submit" className="button-primary" disabled={busy || file === null}>
          Import
        </button>
      </div>
      {sizeProblem !== null && <p className="text-warning">{sizeProblem}</p>}
      {imported !== null && (
        <p className="notice notice-ok" role="status" data-testid="snapshot-imported">
          Imported “{imported.name}” from {imported.fileName ?? 'the file'}: {imported.userCount.toLocaleString()} users,{' '}
          {imported.groupCount.toLocaleString()} groups and {imported.membershipCount.toLocaleString()} memberships. Compare it with live access from its
          row below.
        </p>
      )}
    </form>
  );
}
