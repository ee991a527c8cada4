import { useEffect, type ComponentType } from 'react';
import type { SetupStep } from '../../../../shared/api.ts';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { Loading } from '../../components/Loading.tsx';
import { providerDisplayName } from '../../lib/providers.ts';
import { useSetupWizardStore } from '../../stores/setup-wizard.ts';
import { CredentialsStep } from './CredentialsStep.tsx';
import { DoneStep } from './DoneStep.tsx';
import { MapStep } from './MapStep.tsx';
import { ProviderChoice } from './ProviderChoice.tsx';
import { ProviderStepsStep } from './ProviderStepsStep.tsx';
import { ReachabilityStep } from './ReachabilityStep.tsx';
import { UnfinishedSetups } from './UnfinishedSetups.tsx';
import { useHashParameter } from './useHashParameter.ts';
import { VerifyStep } from './VerifyStep.tsx';
import { WizardStepper } from './WizardStepper.tsx';
import { wizardHash } from './steps.ts';
import './wizard.css';

const STEP_COMPONENTS: Record<Exclude<SetupStep, 'provider'>, ComponentType> = {
  reachability: ReachabilityStep,
  credentials: CredentialsStep,
  'provider-steps': ProviderStepsStep,
  verify: VerifyStep,
  map: MapStep,
  done: DoneStep,
};

/**
 * The setup wizard. `#setup` shows the provider choice and the setups left unfinished;
 * `#setup?connection=<id>` opens one connection's setup at the step the engine stored for it.
 */
export function WizardScreen() {
  const { connection, progress, busy, error, open, close, loadUnfinished, unfinished, clearError } = useSetupWizardStore();
  const connectionId = useHashParameter('connection');

  useEffect(() => {
    if (connectionId === null) {
      close();
      void loadUnfinished();
    } else {
      void open(connectionId);
    }
  }, [connectionId, open, close, loadUnfinished]);

  if (connectionId !== null && (connection === null || progress === null)) {
    return (
      <>
        <header className="screen-header">
          <h1>Setup wizard</h1>
        </header>
        {busy && <Loading what="the setup" />}
        {error !== null && <ProblemNotice problem={error} onDismiss={clearError} />}
        {!busy && error === null && connection === null && (
          <p className="empty">
            No connection has this id; it may have been deleted. <a href={wizardHash()}>Start a new setup</a>.
          </p>
        )}
      </>
    );
  }

  if (connection === null || progress === null) {
    return (
      <>
        <header className="screen-header">
          <h1>Setup wizard</h1>
        </header>
        <WizardStepper current="provider" />
        {error !== null && <ProblemNotice problem={error} onDismiss={clearError} />}
        <ProviderChoice />
        <UnfinishedSetups setups={unfinished} />
      </>
    );
  }

  const Step = progress.step === 'provider' ? STEP_COMPONENTS.reachability : STEP_COMPONENTS[progress.step];
  return (
    <>
      <header className="screen-header">
        <h1>
          Set up “{connection.name}” <span className="muted wizard-provider">{providerDisplayName(connection.provider)}</span>
        </h1>
        <a href={wizardHash()} className="button-quiet">
          Leave setup
        </a>
      </header>
      <WizardStepper current={progress.step} />
      {error !== null && <ProblemNotice problem={error} onDismiss={clearError} />}
      <Step key={`${connection.id}-${progress.step}`} />
    </>
  );
}
