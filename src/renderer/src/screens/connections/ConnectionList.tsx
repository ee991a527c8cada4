import type { Connection } from '../../../../shared/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { describeSilence, providerDisplayName } from '../../lib/providers.ts';

function TokenList({ tokens }: { tokens: Connection['tokens'] }) {
  if (tokens.length === 0) {
    return <span className="muted">No tokens</span>;
  }
  return (
    <ul className="plain-list">
      {tokens.map((token) => (
        <li key={token.id}>
          <code>{token.id}</code>{' '}
          <span className="muted">last used {formatDateTime(token.lastUsedAt)}</span>
          {token.expiresAt !== null && (
            <span className="muted">, expires {formatDateTime(token.expiresAt)}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

function ConnectionRow({ connection, now }: { connection: Connection; now: Date }) {
  const silence = describeSilence(connection.provider, connection.lastRequestAt, now);
  return (
    <tr data-testid="connection-row" data-connection-id={connection.id}>
      <th scope="row">
        {connection.name}
        {connection.disabled && <span className="chip chip-muted">disabled</span>}
      </th>
      <td>{providerDisplayName(connection.provider)}</td>
      <td className="nowrap">{formatDateTime(connection.createdAt)}</td>
      <td className="number">{connection.userCount.toLocaleString()}</td>
      <td className="number">{connection.groupCount.toLocaleString()}</td>
      <td className="number">{connection.requestCount.toLocaleString()}</td>
      <td className={connection.errorCount > 0 ? 'number text-error' : 'number'}>
        {connection.errorCount.toLocaleString()}
      </td>
      <td>
        {connection.lastRequestAt === null ? (
          <span className="muted">No request yet. Follow the provider's setup steps to send one.</span>
        ) : (
          <>
            <div>{formatDateTime(connection.lastRequestAt)}</div>
            {connection.lastRequestSummary !== null && (
              <div className="muted">{connection.lastRequestSummary}</div>
            )}
            {silence !== null && (
              <div className="text-warning" data-testid="connection-silent">
                {silence}
              </div>
            )}
          </>
        )}
      </td>
      <td>
        <TokenList tokens={connection.tokens} />
      </td>
    </tr>
  );
}

/** Table of connections with their traffic counters and tokens (ids only, never secrets). */
export function ConnectionList({ connections }: { connections: Connection[] }) {
  // The silence warnings compare with the time of this render, which each refresh updates.
  const now = new Date();
  if (connections.length === 0) {
    return (
      <p className="empty" data-testid="connections-empty">
        No connections yet. Create one above, then enter its SCIM base URL and token in your
        identity provider.
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table aria-label="Connections" data-testid="connections-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Provider</th>
            <th scope="col">Created</th>
            <th scope="col" className="number">Users</th>
            <th scope="col" className="number">Groups</th>
            <th scope="col" className="number">Requests</th>
            <th scope="col" className="number">Errors</th>
            <th scope="col">Last request</th>
            <th scope="col">Tokens</th>
          </tr>
        </thead>
        <tbody>
          {connections.map((connection) => (
            <ConnectionRow key={connection.id} connection={connection} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
