import type { Problem } from '../lib/errors.ts';

type Props = {
  problem: Problem;
  /** Shows a Retry button that calls this. */
  onRetry?: () => void;
  /** Shows a Dismiss button that calls this. */
  onDismiss?: () => void;
  testId?: string;
};

/** Renders an error as an alert with what failed and what to do next. */
export function ProblemNotice({ problem, onRetry, onDismiss, testId }: Props) {
  return (
    <div className="notice notice-error" role="alert" data-testid={testId ?? 'problem'}>
      <p>{problem.message}</p>
      <p className="notice-next-step">{problem.nextStep}</p>
      {(onRetry !== undefined || onDismiss !== undefined) && (
        <div className="button-row">
          {onRetry !== undefined && (
            <button type="button" onClick={onRetry}>
              Retry
            </button>
          )}
          {onDismiss !== undefined && (
            <button type="button" className="button-quiet" onClick={onDismiss}>
              Dismiss
            </button>
          )}
        </div>
      )}
    </div>
  );
}
