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

/** Creates a static bearer token and shows it once. The token never expires unless the admin picks a date. */
export function TokenSection({ connectionId, credentials, onError }: Props) {
  const loadCredentials = useConnectionsStore((state) => state.loadCredentials);
  const [issued, setIssued] = useState<ConsoleOutput<'issueToken'> | null>(null);
  const [expires, setExpires] = useState(false);
  const [expiryDate, setExpiryDate] = useState('');
  const [busy, setBusy] = useState(false);
  const working = credentials?.tokens.filter((token) => token.state !== 'expired') ?? [];

  const create = async () => {
    setBusy(true);
    onError(null);
    try {
      const expiresAt = expires && expiryDate !== '' ? new Date(`${expiryDate}T00:00:00`).toISOString() : null;
      setIssued(await getClient().issueToken({ connectionId, expiresAt }));
      await loadCredentials(connectionId);
    } catch (error) {
      onError(`Creating the token failed. ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="credential-section" data-testid="token-section">
      {working.length > 0 && issued === null && (
        <p className="muted">
          This connection has {working.length} working token{working.length === 1 ? '' : 's'}, the newest created{' '}
          {formatDateTime(working[working.length - 1]!.createdAt)}. Create another only if you no longer have it.
        </p>
      )}
      {issued === null ? (
        <>
          <fieldset className="inline-choices">
            <legend>Expiry</legend>
            <label>
              <input type="radio" name="expiry" checked={!expires} onChange={() => setExpires(false)} /> Never expires (recommended)
            </label>
            <label>
              <input type="radio" name="expiry" checked={expires} onChange={() => setExpires(true)} /> Expires on{' '}
              <input type="date" aria-label="Expiry date" value={expiryDate} disabled={!expires} onChange={(event) => setExpiryDate(event.target.value)} />
            </label>
          </fieldset>
          <p className="muted">
            When its token expires, an identity provider stops provisioning until someone enters a new one (Entra ID also quarantines
            the connection), so a token without expiry is the safer choice. Rotate it on the Connections screen when it must change.
          </p>
          <button type="button" className="button-primary" data-testid="create-token" disabled={busy || (expires && expiryDate === '')} onClick={() => void create()}>
            {working.length > 0 ? 'Create another token' : 'Create token'}
          </button>
        </>
      ) : (
        <>
          <dl className="secret-list">
            <SecretValue label="Bearer token" value={issued.token} testId="wizard-token" />
          </dl>
          <p className="notice notice-warning" data-testid="token-once-note">
            This token is shown only now. ScimDesk stores only its hash, so copy it into your identity provider before you leave this
            step.
          </p>
        </>
      )}
    </div>
  );
}
