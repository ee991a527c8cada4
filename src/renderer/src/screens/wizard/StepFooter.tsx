import type { ReactNode } from 'react';

type Props = {
  onBack?: () => void;
  onContinue: () => void;
  continueLabel?: string;
  continueDisabled?: boolean;
  /** Text next to the Continue button, such as what is missing while it is disabled. */
  hint?: ReactNode;
};

/** Back and Continue buttons at the end of a wizard step. */
export function StepFooter({ onBack, onContinue, continueLabel = 'Continue', continueDisabled = false, hint }: Props) {
  return (
    <div className="wizard-footer">
      {onBack !== undefined && (
        <button type="button" className="button-quiet" onClick={onBack}>
          Back
        </button>
      )}
      {hint !== undefined && <span className="muted">{hint}</span>}
      <button type="button" className="button-primary" data-testid="wizard-continue" disabled={continueDisabled} onClick={onContinue}>
        {continueLabel}
      </button>
    </div>
  );
}
