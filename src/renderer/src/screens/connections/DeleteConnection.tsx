import { useState, type FormEvent } from 'react';
import type { Connection, ConnectionRemoval } from '../../../../shared/api.ts';
import { useConnectionsStore } from '../../stores/connections.ts';

function count(value: number, noun: string, plural = `${noun}s`): string {
  return `${value.toLocaleString()} ${value === 1 ? noun : plural}`;
}

/** Renders the deletion of a connection: first what it removes, then a request to type the name as confirmation. */
export function DeleteConnection({ connection, onDeleted }: { connection: Connection; onDeleted: () => void }) {
  const { describeRemoval, remove } = useConnectionsStore();
  const [removal, setRemoval] = useState<ConnectionRemoval | null>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    const deleted = await remove(connection.id, typed);
    setBusy(false);
    if (deleted) {
      onDeleted();
    }
  };

  if (removal === null) {
    return (
      <div className="button-row delete-row">
        <button type="button" className="button-danger" data-testid="delete-connection" onClick={() => void describeRemoval(connection.id).then(setRemoval)}>
          Delete connection…
        </button>
      </div>
    );
  }

  return (
    <form className="notice notice-error delete-confirm" role="alertdialog" aria-labelledby="delete-title" data-testid="delete-confirm" onSubmit={(event) => void submit(event)}>
      <p id="delete-title">
        <strong>Delete “{removal.name}”?</strong>
      </p>
      <p data-testid="delete-summary">
        This removes {count(removal.users, 'user')}, {count(removal.groups, 'group')}, {count(removal.memberships, 'membership')},{' '}
        {count(removal.tokens, 'token')}, {count(removal.basicCredentials, 'Basic credential pair', 'Basic credential pairs')} and{' '}
        {count(removal.oauthClients, 'OAuth client')}. Its users lose all access at once. The event log keeps its history
        {removal.mappingsKept > 0 && `, and ${count(removal.mappingsKept, 'mapping')} of its groups stay as orphaned mappings`}.
      </p>
      <label>
        Type the connection name to confirm
        <input data-testid="delete-confirm-name" value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" />
      </label>
      <div className="button-row">
        <button type="submit" className="button-danger" disabled={busy || typed.trim().toLowerCase() !== removal.name.toLowerCase()}>
          Delete for good
        </button>
        <button type="button" className="button-quiet" onClick={() => setRemoval(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
