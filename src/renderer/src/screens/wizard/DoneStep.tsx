import { providerProfile } from '../../lib/providers.ts';
import { useSetupWizardStore } from '../../stores/setup-wizard.ts';
import { wizardHash } from './steps.ts';

/** Renders the end of the wizard: what was set up, and where to go next. */
export function DoneStep() {
  const connection = useSetupWizardStore((state) => state.connection)!;
  const progress = useSetupWizardStore((state) => state.progress)!;
  const { goTo } = useSetupWizardStore();
  const profile = providerProfile(connection.provider);
  const verification = progress.state.verification;

  return (
    <section className="card" aria-labelledby="done-title" data-testid="wizard-done">
      <h2 id="done-title">“{connection.name}” is set up</h2>
      <p>
        {profile.displayName} pushes users and groups to ScimDesk. {verification?.via === 'request' && `Verified: ${verification.text}`}
      </p>
      {verification?.via === 'simulator' && (
        <p className="notice notice-warning" data-testid="done-simulator-note">
          Only the simulator verified this connection, with a temporary credential of its own. Check the connection&apos;s health on the
          Connections screen after {profile.displayName}&apos;s first request: that request proves the credential it sends.
        </p>
      )}
      <ul className="plain-list">
        <li>
          <a href="#connections">Connections</a>: health, tokens, rotation and revocation.
        </li>
        <li>
          <a href="#events">Live events</a>: each request and what it changed.
        </li>
        <li>
          <a href="#mappings">Mappings</a>: who gets which role.
        </li>
      </ul>
      <div className="button-row">
        <button type="button" className="button-quiet" onClick={() => void goTo('verify')}>
          Back to verification
        </button>
        <a href={wizardHash()}>Set up another connection</a>
      </div>
    </section>
  );
}
