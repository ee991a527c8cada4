import { useEffect } from 'react';
import type { Connection } from '../../../../shared/api.ts';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { useConnectionsStore } from '../../stores/connections.ts';
import { wizardHash } from '../wizard/steps.ts';
import { DeleteConnection } from './DeleteConnection.tsx';
import { OtherCredentialList } from './OtherCredentialList.tsx';
import { TokenTable } from './TokenTable.tsx';

/** Renders one connection's tokens, other credentials and actions: rotate, revoke, disable, delete, reopen the setup. */
export function ConnectionDetails({ connection, onDeleted }: { connection: Connection; onDeleted: () => void }) {
  const credentials = useConnectionsStore((state) => state.credentials[connection.id]);
  const health = useConnectionsStore((state) => state.health[connection.id]);
  const { loadCredentials, setDisabled, actionError, clearActionError } = useConnectionsStore();

  useEffect(() => {
    void loadCredentials(connection.id);
  }, [connection.id, loadCredentials]);

  return (
    <section className="connection-details" aria-label={`Details of ${connection.name}`} data-testid="connection-details">
      {health !== undefined && (
        <p className="health-reason" data-testid="health-reason">
          {health.reason}
        </p>
      )}
      <div className="button-row">
        <a href={wizardHash(connection.id)} data-testid="reopen-setup">
          Open the setup wizard
        </a>
        <button type="button" data-testid="toggle-disabled" onClick={() => void setDisabled(connection.id, !connection.disabled)}>
          {connection.disabled ? 'Enable' : 'Disable'}
        </button>
      </div>
      {connection.disabled && (
        <p className="notice notice-warning">This connection is disabled: its tokens and credentials get 401 until you enable it. Its users and groups stay.</p>
      )}
      <h3>Tokens</h3>
      {credentials === undefined ? <p className="muted">Loading the tokens…</p> : <TokenTable connection={connection} credentials={credentials} />}
      {credentials !== undefined && <OtherCredentialList connection={connection} credentials={credentials} />}
      {actionError !== null && actionError.connectionId === connection.id && <ProblemNotice problem={actionError.problem} onDismiss={clearActionError} />}
      <DeleteConnection connection={connection} onDeleted={onDeleted} />
    </section>
  );
}
