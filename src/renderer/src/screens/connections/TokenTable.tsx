import { useState } from 'react';
import type { Connection, ConnectionCredentials } from '../../../../shared/api.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useConnectionsStore, type RotatedToken } from '../../stores/connections.ts';
import { RevokeCredential } from './RevokeCredential.tsx';

/** Overlaps a rotation offers, in seconds. */
const OVERLAPS: { seconds: number; label: string }[] = [
  { seconds: 0, label: 'none: the old tokens stop at once' },
  { seconds: 3_600, label: '1 hour' },
  { seconds: 86_400, label: '24 hours' },
  { seconds: 7 * 86_400, label: '7 days' },
];

const STATE_TEXT = { active: 'works', expiring: 'works until expiry', expired: 'expired' } as const;

/**
 * Tokens of a connection with their times, a Revoke button each (confirmed first), and rotation with an overlap.
 * The rotated token lives only in this component's state and is gone once dismissed.
 */
export function TokenTable({ connection, credentials }: { connection: Connection; credentials: ConnectionCredentials }) {
  const rotateToken = useConnectionsStore((state) => state.rotateToken);
  const [overlap, setOverlap] = useState(86_400);
  const [rotated, setRotated] = useState<RotatedToken | null>(null);
  const [busy, setBusy] = useState(false);

  const rotate = async () => {
    setBusy(true);
    setRotated(await rotateToken(connection.id, overlap));
    setBusy(false);
  };

  return (
    <>
      {credentials.tokens.length === 0 ? (
        <p className="muted">No tokens. Rotate to issue one.</p>
      ) : (
        <table aria-label={`Tokens of ${connection.name}`} data-testid="token-table" className="compact-table">
          <thead>
            <tr>
              <th scope="col">Token id</th>
              <th scope="col">State</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {credentials.tokens.map((token) => (
              <tr key={token.id} data-testid="token-row" data-token-id={token.id} data-state={token.state}>
                <td>
                  <code>{token.id}</code>
                </td>
                <td className={token.state === 'expired' ? 'muted' : undefined}>{STATE_TEXT[token.state]}</td>
                <td className="nowrap">{formatDateTime(token.createdAt)}</td>
                <td className="nowrap">{formatDateTime(token.expiresAt, 'never')}</td>
                <td className="nowrap">{formatDateTime(token.lastUsedAt)}</td>
                <td>
                  <RevokeCredential
                    connectionId={connection.id}
                    credentialId={token.id}
                    description={`the token ${token.id}`}
                    consequence="Requests that send it get 401 from the next request on."
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {credentials.tokens.length > 0 && (
        <p className="muted" data-testid="token-last-used-note">
          Last used is stored at most once a minute. The wizard&apos;s simulator signs in with a temporary token of its own, so its requests leave these times unchanged.
        </p>
      )}
      <div className="inline-form rotate-form">
        <label>
          Overlap
          <select data-testid="rotation-overlap" value={overlap} onChange={(event) => setOverlap(Number(event.target.value))}>
            {OVERLAPS.map((option) => (
              <option key={option.seconds} value={option.seconds}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="rotate-token" disabled={busy} onClick={() => void rotate()}>
          Rotate token
        </button>
        <span className="muted">The previous tokens keep working during the overlap, so the provider can switch without a failed request.</span>
      </div>
      {rotated !== null && (
        <div className="notice notice-warning" data-testid="rotated-token-panel">
          <p>
            New token <code>{rotated.tokenId}</code>:
          </p>
          <p>
            <code className="secret" data-testid="rotated-token">
              {rotated.token}
            </code>{' '}
            <CopyButton text={rotated.token} label="Copy the new token" />
          </p>
          <p>
            It is shown only now. Enter it in the provider
            {rotated.previous.length > 0 && ` before ${formatDateTime(rotated.previous[0]!.expiresAt)}, when the previous token stops working`}.
          </p>
          <button type="button" className="button-small" onClick={() => setRotated(null)}>
            I have copied the token
          </button>
        </div>
      )}
    </>
  );
}
