/** A failure shown to the admin: what failed and why, and what to do next. */
export type Problem = {
  message: string;
  nextStep: string;
};

/** An error whose cause dictates the next step, e.g. an expired console session. */
export class ErrorWithNextStep extends Error {
  readonly nextStep: string;

  constructor(message: string, nextStep: string) {
    super(message);
    this.name = 'ErrorWithNextStep';
    this.nextStep = nextStep;
  }
}

/**
 * Builds a Problem from a caught error. `failed` is a sentence that names the failed action.
 * An ErrorWithNextStep replaces `nextStep` with its own.
 */
export function toProblem(failed: string, error: unknown, nextStep: string): Problem {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    message: `${failed} ${endSentence(reason)}`,
    nextStep: error instanceof ErrorWithNextStep ? error.nextStep : nextStep,
  };
}

function endSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') {
    return 'No reason was given.';
  }
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

export const RETRY_LOAD = 'Check that the ScimDesk engine is running, then select Retry.';
