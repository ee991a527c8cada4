import { SETUP_STEPS, type SetupStep } from '../../../../shared/api.ts';
import { STEP_TITLES } from './steps.ts';

function stateOf(index: number, currentIndex: number): 'done' | 'current' | 'todo' {
  if (index === currentIndex) {
    return 'current';
  }
  return index < currentIndex ? 'done' : 'todo';
}

/** Renders the wizard's steps as a numbered list and marks the current one for screen readers too. */
export function WizardStepper({ current }: { current: SetupStep }) {
  const currentIndex = SETUP_STEPS.indexOf(current);
  return (
    <ol className="wizard-stepper" aria-label="Setup steps">
      {SETUP_STEPS.map((step, index) => {
        const state = stateOf(index, currentIndex);
        return (
          <li key={step} className={`wizard-stepper-item wizard-stepper-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="wizard-stepper-number">{index + 1}</span>
            {STEP_TITLES[step]}
          </li>
        );
      })}
    </ol>
  );
}
