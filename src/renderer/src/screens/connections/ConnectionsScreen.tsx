import { useEffect, useState } from 'react';
import { Loading } from '../../components/Loading.tsx';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { useConnectionsStore, type CreatedConnection } from '../../stores/connections.ts';
import { wizardHash } from '../wizard/steps.ts';
import { ConnectionList } from './ConnectionList.tsx';
import { CreateConnectionForm } from './CreateConnectionForm.tsx';
import { TokenPanel } from './TokenPanel.tsx';
import './connections.css';

/** How often the list and the health states refresh while the screen is open, in milliseconds. */
const REFRESH_MS = 10_000;

export function ConnectionsScreen() {
  const { connections, loaded, loading, loadError, load } = useConnectionsStore();
  // The new token lives only in this component's state and is gone once the panel is dismissed.
  const [created, setCreated] = useState<CreatedConnection | null>(null);

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [load]);

  return (
    <>
      <header className="screen-header">
        <h1>Connections</h1>
        <div className="button-row">
          <a href={wizardHash()} className="button-link-primary" data-testid="open-wizard">
            Set up a connection
          </a>
          <button type="button" className="button-quiet" onClick={() => void load()} disabled={loading}>
            Refresh
          </button>
        </div>
      </header>
      {created !== null ? (
        <TokenPanel created={created} onDismiss={() => setCreated(null)} />
      ) : (
        <CreateConnectionForm onCreated={setCreated} />
      )}
      {loadError !== null && <ProblemNotice problem={loadError} onRetry={() => void load()} />}
      {!loaded && loading && <Loading what="connections" />}
      {loaded && <ConnectionList connections={connections} />}
    </>
  );
}
