import { useState, type FormEvent } from 'react';
import { PROVIDER_OPTIONS, type ProviderId } from '../../lib/providers.ts';
import { useConnectionsStore, type CreatedConnection } from '../../stores/connections.ts';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';

type Props = {
  /** Receives the new connection and its token, which the caller shows once. */
  onCreated: (created: CreatedConnection) => void;
};

export function CreateConnectionForm({ onCreated }: Props) {
  const create = useConnectionsStore((state) => state.create);
  const creating = useConnectionsStore((state) => state.creating);
  const createError = useConnectionsStore((state) => state.createError);
  const clearCreateError = useConnectionsStore((state) => state.clearCreateError);
  const [provider, setProvider] = useState<ProviderId>('okta');
  const [name, setName] = useState('');

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const created = await create({ provider, name: name.trim() });
    if (created !== null) {
      setName('');
      onCreated(created);
    }
  };

  return (
    <form className="card form" aria-labelledby="create-connection-title" onSubmit={(event) => void submit(event)}>
      <h2 id="create-connection-title">New connection</h2>
      <p className="muted">
        A connection is one identity provider that pushes users and groups to ScimDesk. All
        connections share the SCIM base URL. Each has its own bearer token, and the token decides
        which connection's users and groups a request changes.
      </p>
      <div className="form-row">
        <label>
          Identity provider
          <select
            data-testid="connection-provider"
            value={provider}
            onChange={(event) => setProvider(event.target.value as ProviderId)}
          >
            {PROVIDER_OPTIONS.map((option) => (
              <option key={option.id} value={option.id}>
                {option.displayName}
              </option>
            ))}
          </select>
        </label>
        <label>
          Connection name
          <input
            data-testid="connection-name"
            value={name}
            required
            maxLength={200}
            placeholder="e.g. Okta production"
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <button type="submit" className="button-primary" disabled={creating || name.trim() === ''}>
          {creating ? 'Creating…' : 'Create connection'}
        </button>
      </div>
      {createError !== null && <ProblemNotice problem={createError} onDismiss={clearCreateError} />}
    </form>
  );
}
