import { useEffect, useRef } from 'react';
import { CopyButton } from '../../components/CopyButton.tsx';
import { setupStepsFor } from '../../../../shared/providers/index.ts';
import { fillSetupStep, providerProfile } from '../../lib/providers.ts';
import type { CreatedConnection } from '../../stores/connections.ts';

type Props = {
  created: CreatedConnection;
  onDismiss: () => void;
};

/**
 * Shows the new connection's SCIM base URL and bearer token. The engine stores only a hash of the
 * token, so this panel is the only place that shows it.
 */
export function TokenPanel({ created, onDismiss }: Props) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { connection, token } = created;
  const profile = providerProfile(connection.provider);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="card token-panel" aria-labelledby="token-panel-title" data-testid="token-panel">
      <h2 id="token-panel-title" ref={headingRef} tabIndex={-1}>
        Connection “{connection.name}” created
      </h2>
      <p>Enter these two values in {profile.displayName} as the SCIM base URL and the bearer token.</p>
      <dl className="secret-list">
        <dt>SCIM base URL</dt>
        <dd>
          <code data-testid="token-panel-scim-url">{connection.scimBaseUrl}</code>
          <CopyButton text={connection.scimBaseUrl} label="Copy SCIM base URL" testId="copy-scim-url" />
        </dd>
        <dt>Bearer token</dt>
        <dd>
          <code data-testid="token-panel-token" className="secret">
            {token}
          </code>
          <CopyButton text={token} label="Copy token" testId="copy-token" />
        </dd>
      </dl>
      <p className="notice notice-warning" data-testid="token-once-note">
        This token is shown only now. ScimDesk stores only its hash, so copy it into your identity
        provider before you close this panel. If you lose it, issue a new one with Rotate token
        under Manage.
      </p>
      <h3>Set up {profile.displayName}</h3>
      <ol className="setup-steps" data-testid="setup-steps">
        {setupStepsFor(profile, 'bearer').map((step) => (
          <li key={step}>{fillSetupStep(step, connection.scimBaseUrl)}</li>
        ))}
      </ol>
      <div className="button-row">
        <button type="button" className="button-primary" data-testid="token-panel-dismiss" onClick={onDismiss}>
          I have copied the token
        </button>
      </div>
    </section>
  );
}
