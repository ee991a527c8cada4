import { useState } from 'react';
import { useConnectionsStore } from '../../stores/connections.ts';

type Props = {
  connectionId: string;
  /** Token id, Basic user name or OAuth client id. */
  credentialId: string;
  /** Name of the credential in the confirmation question, e.g. "the OAuth client scimdesk-1a2b". */
  description: string;
  /** Sentence that names what stops working. */
  consequence: string;
};

/**
 * A Revoke button that requests confirmation first, for every kind of credential. Revocation is
 * final, so the provider needs a new credential afterwards.
 */
export function RevokeCredential({ connectionId, credentialId, description, consequence }: Props) {
  const revokeCredential = useConnectionsStore((state) => state.revokeCredential);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!asking) {
    return (
      <button type="button" className="button-small" data-testid="revoke-credential" onClick={() => setAsking(true)}>
        Revoke…
      </button>
    );
  }

  const confirm = async () => {
    setBusy(true);
    await revokeCredential(connectionId, credentialId);
    setBusy(false);
    setAsking(false);
  };

  return (
    <div className="notice notice-error revoke-confirm" role="alertdialog" aria-label={`Revoke ${description}?`} data-testid="revoke-confirm">
      <p>
        <strong>Revoke {description}?</strong> {consequence} This cannot be undone: the provider needs a new credential afterwards.
      </p>
      <div className="button-row">
        <button type="button" className="button-danger button-small" data-testid="revoke-confirm-button" disabled={busy} onClick={() => void confirm()}>
          Revoke
        </button>
        <button type="button" className="button-quiet button-small" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
