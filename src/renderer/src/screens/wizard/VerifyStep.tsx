import { useEffect } from 'react';
import type { Simulation } from '../../../../shared/api.ts';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { providerProfile } from '../../lib/providers.ts';
import { useConnectionsStore } from '../../stores/connections.ts';
import { useSetupRequestsStore } from '../../stores/setup-requests.ts';
import { useSetupWizardStore } from '../../stores/setup-wizard.ts';
import { useSimulationStore } from '../../stores/simulation.ts';
import { HealthBadge } from '../connections/HealthBadge.tsx';
import { SimulationRun } from './SimulationRun.tsx';
import { StepFooter } from './StepFooter.tsx';

/** Returns the label of the simulator button for the current run, if any. */
function simulatorLabel(run: Simulation | null): string {
  if (run === null) {
    return 'Run the simulator';
  }
  return run.state === 'running' ? 'Running…' : 'Run it again';
}

/** How often the step looks for new requests and the connection's health, in milliseconds. */
const POLL_MS = 2000;

/**
 * Step 5: proof that the connection works. The step waits for the provider's first request and
 * shows what each request means, or runs the built-in simulator of the provider. Only a request
 * from the provider proves its credential, because the simulator uses a temporary one.
 */
export function VerifyStep() {
  const connection = useSetupWizardStore((state) => state.connection)!;
  const progress = useSetupWizardStore((state) => state.progress)!;
  const { goTo, remember } = useSetupWizardStore();
  const { requests, poll, error: pollError } = useSetupRequestsStore();
  const health = useConnectionsStore((state) => state.health[connection.id]);
  const loadConnections = useConnectionsStore((state) => state.load);
  const { run, start, error: simulationError, reset } = useSimulationStore();
  const profile = providerProfile(connection.provider);
  const verification = progress.state.verification;

  useEffect(() => {
    reset();
    const refresh = () => {
      void poll(connection.id);
      void loadConnections();
    };
    refresh();
    const timer = window.setInterval(refresh, POLL_MS);
    return () => window.clearInterval(timer);
  }, [connection.id, poll, loadConnections, reset]);

  // The simulator's requests use its own temporary credential, so only the others can prove the provider's.
  const providerRequests = requests.filter((request) => !request.fromSimulator);
  const simulatorRequests = requests.length - providerRequests.length;
  const firstOk = providerRequests.find((request) => request.ok);
  useEffect(() => {
    if (firstOk !== undefined && verification?.via !== 'request') {
      void remember({ verification: { via: 'request', text: firstOk.text, at: firstOk.at } });
    }
  }, [firstOk, verification, remember]);

  const simulate = async () => {
    const finished = await start(connection.id);
    void poll(connection.id);
    void loadConnections();
    const sent = finished?.steps.filter((step) => step.skipped === null) ?? [];
    if (finished?.state === 'finished' && sent.length > 0 && sent.every((step) => step.ok)) {
      const text = `The ${profile.displayName} simulator sent ${sent.length} requests and each was answered as ${profile.displayName} expects.`;
      void remember({ verification: { via: 'simulator', text, at: finished.finishedAt ?? new Date().toISOString() } });
    }
  };

  return (
    <section className="card" aria-labelledby="verify-title">
      <h2 id="verify-title">Verify the connection</h2>
      <p>
        Connection health: <HealthBadge health={health} />
      </p>
      {verification?.via === 'request' && (
        <p className="notice notice-ok" data-testid="verified" data-via="request">
          Verified: a request from {profile.displayName} with the credential you set up succeeded. {verification.text}
        </p>
      )}
      {verification?.via === 'simulator' && (
        <div className="notice notice-warning" data-testid="verified" data-via="simulator">
          <p>Verified with the simulator. {verification.text}</p>
          <p data-testid="simulator-credential-note">
            The simulator signs in with a temporary credential of its own, so this does not prove the credential you entered in{' '}
            {profile.displayName}. Only a request from {profile.displayName} that succeeds proves it, and this step keeps waiting for one.
          </p>
        </div>
      )}
      <div className="verify-columns">
        <div>
          <h3>Requests from {profile.displayName}</h3>
          {providerRequests.length === 0 ? (
            <p className="muted waiting" role="status" data-testid="waiting-for-request">
              Waiting for {profile.displayName}'s first request. Save the settings in {profile.displayName} or use its test button.
            </p>
          ) : (
            <ol className="request-list" data-testid="setup-requests">
              {providerRequests.slice(-20).map((request) => (
                <li key={request.eventId} className={request.ok ? 'text-ok' : 'text-error'} data-testid="setup-request">
                  {request.text}
                </li>
              ))}
            </ol>
          )}
          {simulatorRequests > 0 && (
            <p className="muted" data-testid="simulator-requests-note">
              The simulator&apos;s {simulatorRequests} request{simulatorRequests === 1 ? ' is' : 's are'} not listed here, because{' '}
              {simulatorRequests === 1 ? 'it' : 'they'} used its temporary credential.
            </p>
          )}
        </div>
        <div>
          <h3>Built-in simulator</h3>
          <p className="muted">
            Sends {profile.displayName}'s typical requests (connection test, lookup, create, update, group push, member changes,
            deactivation, deletion) to this connection, in {profile.displayName}'s shapes, and checks each answer. The sample users
            and groups it creates are deleted when it ends, so they stay out of permissions and reports.
          </p>
          <p className="muted" data-testid="simulator-credential-caveat">
            It signs in with a temporary credential of its own, not the one you entered in {profile.displayName}, so it checks
            ScimDesk&apos;s answers but not that credential.
          </p>
          <button type="button" data-testid="run-simulator" disabled={run?.state === 'running'} onClick={() => void simulate()}>
            {simulatorLabel(run)}
          </button>
          {run !== null && <SimulationRun run={run} />}
        </div>
      </div>
      {pollError !== null && <ProblemNotice problem={pollError} />}
      {simulationError !== null && <ProblemNotice problem={simulationError} />}
      <StepFooter
        onBack={() => void goTo('provider-steps')}
        onContinue={() => void goTo('map')}
        continueDisabled={verification === undefined}
        hint={verification === undefined ? 'Waiting for a request that succeeded, or a simulator run.' : undefined}
      />
    </section>
  );
}
