import { useState, type FormEvent } from 'react';
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '../../../../shared/providers/index.ts';
import { useSetupWizardStore } from '../../stores/setup-wizard.ts';
import { describeAuthMethods, describeSyncCycle, describeUnofferedAuthMethods } from './provider-facts.ts';
import { wizardHash } from './steps.ts';

/** Step 1: the provider and a name for the connection. Continuing creates the connection without a token. */
export function ProviderChoice() {
  const start = useSetupWizardStore((state) => state.start);
  const busy = useSetupWizardStore((state) => state.busy);
  const [provider, setProvider] = useState<ProviderId | null>(null);
  const [name, setName] = useState('');

  const choose = (id: ProviderId) => {
    setProvider(id);
    if (name.trim() === '' || PROVIDER_IDS.some((other) => name === `${PROVIDERS[other].displayName} production`)) {
      setName(`${PROVIDERS[id].displayName} production`);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (provider === null) {
      return;
    }
    // The new connection gets its own URL, so that a reload resumes its setup.
    void start(provider, name.trim()).then((connectionId) => {
      if (connectionId !== null) {
        window.location.hash = wizardHash(connectionId);
      }
    });
  };

  return (
    <form className="card form" aria-labelledby="choose-provider-title" onSubmit={submit}>
      <h2 id="choose-provider-title">Choose the identity provider</h2>
      <p className="muted">ScimDesk walks you through that provider's setup and checks the connection before you rely on it.</p>
      <fieldset className="provider-grid">
        <legend className="visually-hidden">Identity provider</legend>
        {PROVIDER_IDS.map((id) => {
          const profile = PROVIDERS[id];
          return (
            <label key={id} className={`provider-card${provider === id ? ' provider-card-selected' : ''}`} data-testid={`provider-${id}`}>
              <input type="radio" name="provider" value={id} checked={provider === id} onChange={() => choose(id)} />
              <span className="provider-card-name">{profile.displayName}</span>
              <span className="muted">Credentials: {describeAuthMethods(profile)}</span>
              {describeUnofferedAuthMethods(profile) !== null && (
                <span className="muted" data-testid="unoffered-credentials">
                  Not offered here: {describeUnofferedAuthMethods(profile)}
                </span>
              )}
              <span className="muted">Timing: {describeSyncCycle(profile)}</span>
            </label>
          );
        })}
      </fieldset>
      <div className="form-row">
        <label>
          Connection name
          <input data-testid="wizard-connection-name" value={name} required maxLength={200} onChange={(event) => setName(event.target.value)} />
        </label>
        <button type="submit" className="button-primary" data-testid="wizard-start" disabled={provider === null || name.trim() === '' || busy}>
          {busy ? 'Creating…' : 'Continue'}
        </button>
      </div>
    </form>
  );
}
