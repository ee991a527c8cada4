import { useEffect, useState } from 'react';
import { Loading } from '../../components/Loading.tsx';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { useConnectionsStore, type CreatedConnection } from '../../stores/connections.ts';
import { ConnectionList } from './ConnectionList.tsx';
import { CreateConnectionForm } from './CreateConnectionForm.tsx';
import { TokenPanel } from './TokenPanel.tsx';

export function ConnectionsScreen() {
  const { connections, loaded, loading, loadError, load } = useConnectionsStore();
  // The new token lives only in this component's state and is gone once the panel is dismissed.
  const [created, setCreated] = useState<CreatedConnection | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <header className="screen-header">
        <h1>Connections</h1>
        <button type="button" className="button-quiet" onClick={() => void load()} disabled={loading}>
          Refresh
        </button>
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
