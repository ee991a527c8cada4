import { useEffect, useState } from 'react';
import { credentialMethodsOf, effectiveCredentialMethod, type CredentialMethod } from '../../../../shared/providers/index.ts';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { providerProfile } from '../../lib/providers.ts';
import { useConnectionsStore } from '../../stores/connections.ts';
import { useSetupWizardStore } from '../../stores/setup-wizard.ts';
import { BasicSection, OAuthSection } from './OtherCredentials.tsx';
import { StepFooter } from './StepFooter.tsx';
import { TokenSection } from './TokenSection.tsx';

const METHOD_TITLES: Record<CredentialMethod, string> = {
  bearer: 'Bearer token',
  basic: 'HTTP Basic',
  'oauth-client-credentials': 'OAuth client credentials',
};

/**
 * Step 3: the credential the provider will send. Each secret appears once, in this component's
 * state only, and is gone when the admin leaves the step.
 */
export function CredentialsStep() {
  const connection = useSetupWizardStore((state) => state.connection)!;
  const progress = useSetupWizardStore((state) => state.progress)!;
  const { goTo, remember } = useSetupWizardStore();
  const credentials = useConnectionsStore((state) => state.credentials[connection.id]);
  const loadCredentials = useConnectionsStore((state) => state.loadCredentials);
  const actionError = useConnectionsStore((state) => state.actionError);
  const clearActionError = useConnectionsStore((state) => state.clearActionError);
  const [localError, setLocalError] = useState<string | null>(null);
  const profile = providerProfile(connection.provider);
  const methods = credentialMethodsOf(profile);
  const method = effectiveCredentialMethod(profile, progress.state.authMethod);

  useEffect(() => {
    void loadCredentials(connection.id);
  }, [connection.id, loadCredentials]);

  const working = credentials?.tokens.filter((token) => token.state !== 'expired').length ?? 0;
  const ready =
    (method === 'bearer' && working > 0) ||
    (method === 'basic' && credentials?.basic != null) ||
    (method === 'oauth-client-credentials' && (credentials?.oauthClients.length ?? 0) > 0);

  return (
    <section className="card" aria-labelledby="credentials-title">
      <h2 id="credentials-title">Credentials for {profile.displayName}</h2>
      {methods.length > 1 && (
        <fieldset className="route-list">
          <legend>{profile.displayName} will send</legend>
          {methods.map((option) => (
            <label key={option} className="route-option">
              <input type="radio" name="auth-method" value={option} checked={method === option} onChange={() => void remember({ authMethod: option })} />
              <strong>{METHOD_TITLES[option]}</strong>
            </label>
          ))}
        </fieldset>
      )}
      {method === 'bearer' && <TokenSection connectionId={connection.id} credentials={credentials} onError={setLocalError} />}
      {method === 'basic' && <BasicSection connectionId={connection.id} credentials={credentials} onError={setLocalError} />}
      {method === 'oauth-client-credentials' && <OAuthSection connectionId={connection.id} credentials={credentials} onError={setLocalError} />}
      {localError !== null && (
        <ProblemNotice problem={{ message: localError, nextStep: 'Try again.' }} onDismiss={() => setLocalError(null)} />
      )}
      {actionError !== null && actionError.connectionId === connection.id && <ProblemNotice problem={actionError.problem} onDismiss={clearActionError} />}
      <StepFooter
        onBack={() => void goTo('reachability')}
        onContinue={() => void goTo('provider-steps', { authMethod: method })}
        continueDisabled={!ready}
        hint={ready ? undefined : 'Create the credential first.'}
      />
    </section>
  );
}
