import type { Connection, ConnectionCredentials } from '../../../../shared/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { RevokeCredential } from './RevokeCredential.tsx';

/** Lists a connection's HTTP Basic credentials and OAuth clients (never a secret), each with a Revoke button. */
export function OtherCredentialList({ connection, credentials }: { connection: Connection; credentials: ConnectionCredentials }) {
  const { basic, oauthClients } = credentials;
  if (basic === null && oauthClients.length === 0) {
    return null;
  }

  return (
    <>
      <h3>Other credentials</h3>
      <ul className="plain-list credential-list" aria-label={`Other credentials of ${connection.name}`}>
        {basic !== null && (
          <li data-testid="basic-credential-row" data-credential-id={basic.username}>
            <span>
              HTTP Basic user <code>{basic.username}</code>, last used {formatDateTime(basic.lastUsedAt)}
            </span>
            <RevokeCredential
              connectionId={connection.id}
              credentialId={basic.username}
              description={`the HTTP Basic user ${basic.username}`}
              consequence="Requests with this user name and password get 401 from the next request on."
            />
          </li>
        )}
        {oauthClients.map((client) => (
          <li key={client.clientId} data-testid="oauth-client-row" data-credential-id={client.clientId}>
            <span>
              OAuth client <code>{client.clientId}</code>, last token {formatDateTime(client.lastUsedAt)}, {client.activeAccessTokens} access
              token{client.activeAccessTokens === 1 ? '' : 's'} valid now
            </span>
            <RevokeCredential
              connectionId={connection.id}
              credentialId={client.clientId}
              description={`the OAuth client ${client.clientId}`}
              consequence={`The token endpoint rejects its secret from then on. ${describeAccessTokens(client.activeAccessTokens)}`}
            />
          </li>
        ))}
      </ul>
    </>
  );
}

function describeAccessTokens(count: number): string {
  if (count === 0) {
    return 'None of the access tokens it was issued is valid now.';
  }
  return count === 1 ? 'The access token it was issued stops working at once.' : `The ${count} access tokens it was issued stop working at once.`;
}
