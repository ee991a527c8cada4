import { useState } from 'react';
import type { ConnectionCredentials, ConsoleOutput } from '../../../../shared/api.ts';
import { getClient } from '../../api/client.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useConnectionsStore } from '../../stores/connections.ts';
import { SecretValue } from './SecretValue.tsx';

type Props = {
  connectionId: string;
  credentials: ConnectionCredentials | undefined;
  onError: (message: string | null) => void;
};

/** Runs a credential action and reloads the connection's credentials. Failures go to onError. */
function useCredentialAction<T>(connectionId: string, onError: Props['onError']) {
  const loadCredentials = useConnectionsStore((state) => state.loadCredentials);
  const [result, setResult] = useState<T | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (failed: string, action: () => Promise<T>) => {
    setBusy(true);
    onError(null);
    try {
      setResult(await action());
      await loadCredentials(connectionId);
    } catch (error) {
      onError(`${failed} ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };
  return { result, busy, run };
}

/** HTTP Basic credentials: a generated user name and password, the password shown once. */
export function BasicSection({ connectionId, credentials, onError }: Props) {
  const { result, busy, run } = useCredentialAction<ConsoleOutput<'issueBasicCredentials'>>(connectionId, onError);
  const existing = credentials?.basic ?? null;

  return (
    <div className="credential-section" data-testid="basic-section">
      {existing !== null && result === null && (
        <p className="muted">
          Basic credentials exist for the user name <code>{existing.username}</code>, last used {formatDateTime(existing.lastUsedAt)}.
          New ones replace them at once.
        </p>
      )}
      {result === null ? (
        <button type="button" className="button-primary" data-testid="create-basic" disabled={busy} onClick={() => void run('Creating the Basic credentials failed.', () => getClient().issueBasicCredentials({ connectionId }))}>
          {existing === null ? 'Create Basic credentials' : 'Replace Basic credentials'}
        </button>
      ) : (
        <>
          <dl className="secret-list">
            <SecretValue label="User name" value={result.username} testId="basic-username" secret={false} />
            <SecretValue label="Password" value={result.password} testId="basic-password" />
          </dl>
          <p className="notice notice-warning">The password is shown only now. ScimDesk stores only its hash.</p>
        </>
      )}
    </div>
  );
}

/** Creates an OAuth client for the client credentials grant and shows its token URL, client id and secret, the secret once. */
export function OAuthSection({ connectionId, credentials, onError }: Props) {
  const { result, busy, run } = useCredentialAction<ConsoleOutput<'createOAuthClient'>>(connectionId, onError);
  const clients = credentials?.oauthClients ?? [];

  return (
    <div className="credential-section" data-testid="oauth-section">
      <p className="muted">
        The provider fetches a bearer token from ScimDesk's token endpoint with these client credentials; each token works for one hour.
      </p>
      {clients.length > 0 && result === null && (
        <p className="muted">
          Existing clients: {clients.map((client) => client.clientId).join(', ')}. Token URL: <code>{credentials?.tokenUrl}</code>
        </p>
      )}
      {result === null ? (
        <button type="button" className="button-primary" data-testid="create-oauth-client" disabled={busy} onClick={() => void run('Creating the OAuth client failed.', () => getClient().createOAuthClient({ connectionId }))}>
          Create OAuth client
        </button>
      ) : (
        <>
          <dl className="secret-list">
            <SecretValue label="Token URL" value={result.tokenUrl} testId="oauth-token-url" secret={false} />
            <SecretValue label="Client ID" value={result.clientId} testId="oauth-client-id" secret={false} />
            <SecretValue label="Client secret" value={result.clientSecret} testId="oauth-client-secret" />
          </dl>
          <p className="notice notice-warning">The client secret is shown only now. ScimDesk stores only its hash.</p>
        </>
      )}
    </div>
  );
}
