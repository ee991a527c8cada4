import { Fragment, useState } from 'react';
import type { Connection } from '../../../../shared/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { providerDisplayName } from '../../lib/providers.ts';
import { useConnectionsStore } from '../../stores/connections.ts';
import { ConnectionDetails } from './ConnectionDetails.tsx';
import { HealthBadge } from './HealthBadge.tsx';

/** Share of failed requests as a percentage with one decimal, or a dash before the first request. */
function errorRate(connection: Connection): string {
  if (connection.requestCount === 0) {
    return '–';
  }
  return `${((connection.errorCount / connection.requestCount) * 100).toFixed(1)} %`;
}

function ConnectionRow({ connection, open, onToggle }: { connection: Connection; open: boolean; onToggle: () => void }) {
  const health = useConnectionsStore((state) => state.health[connection.id]);
  return (
    <tr data-testid="connection-row" data-connection-id={connection.id} className={open ? 'row-selected' : undefined}>
      <th scope="row" className="connection-name-cell">
        {connection.name}
        {connection.disabled && <span className="chip chip-muted">disabled</span>}
        <div className="muted">{providerDisplayName(connection.provider)}</div>
        <div className="muted">created {formatDateTime(connection.createdAt)}</div>
        <button type="button" className="button-small connection-manage" aria-expanded={open} data-testid="manage-connection" onClick={onToggle}>
          {open ? 'Close' : 'Manage'}
        </button>
      </th>
      <td>
        <HealthBadge health={health} />
        {!open && health !== undefined && health.state !== 'healthy' && <div className="muted health-reason-short">{health.reason}</div>}
      </td>
      <td className="number">{connection.userCount.toLocaleString()}</td>
      <td className="number">{connection.groupCount.toLocaleString()}</td>
      <td className="number">{connection.requestCount.toLocaleString()}</td>
      <td className={connection.errorCount > 0 ? 'number text-error' : 'number'} data-testid="error-rate">
        {errorRate(connection)}
      </td>
      <td>
        {connection.lastRequestAt === null ? (
          <span className="muted">No request yet</span>
        ) : (
          <>
            <div>{formatDateTime(connection.lastRequestAt)}</div>
            {connection.lastRequestSummary !== null && <div className="muted">{connection.lastRequestSummary}</div>}
          </>
        )}
      </td>
      <td>
        {connection.tokens.length} token{connection.tokens.length === 1 ? '' : 's'}
        {connection.revokedTokenCount > 0 && <span className="muted"> ({connection.revokedTokenCount} revoked)</span>}
        <div className="muted" data-testid="token-last-used">
          last used {formatDateTime(connection.tokenLastUsedAt)}
        </div>
      </td>
    </tr>
  );
}

/**
 * Table of connections with health, traffic and tokens (ids only, never secrets); a row opens its details below it.
 * The Manage button sits in the name cell, so that it stays in view when a narrow window scrolls the table sideways.
 */
export function ConnectionList({ connections }: { connections: Connection[] }) {
  const [openId, setOpenId] = useState<string | null>(null);
  if (connections.length === 0) {
    return (
      <p className="empty" data-testid="connections-empty">
        No connections yet. Set one up with the wizard, or create one above and enter its SCIM base URL and token in your identity
        provider.
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table aria-label="Connections" data-testid="connections-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Health</th>
            <th scope="col" className="number">Users</th>
            <th scope="col" className="number">Groups</th>
            <th scope="col" className="number">Requests</th>
            <th scope="col" className="number">Error rate</th>
            <th scope="col">Last request</th>
            <th scope="col">Tokens</th>
          </tr>
        </thead>
        <tbody>
          {connections.map((connection) => (
            <Fragment key={connection.id}>
              <ConnectionRow
                connection={connection}
                open={openId === connection.id}
                onToggle={() => setOpenId(openId === connection.id ? null : connection.id)}
              />
              {openId === connection.id && (
                <tr className="details-row">
                  <td colSpan={8}>
                    <ConnectionDetails connection={connection} onDeleted={() => setOpenId(null)} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
