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
 * A failure that the engine returned for a call, as opposed to a call that got no response:
 * input it rejected (codes such as 'invalid', 'not-found', 'conflict') or its own failure
 * ('internal'). The message is the engine's sentence for the admin.
 */
export class EngineResponseError extends Error {
  /** The ApiError code. */
  readonly code: string;

  constructor(message: string, code: string) {
    super(message);
    this.name = 'EngineResponseError';
    this.code = code;
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

/** Next step after the engine failed on a call it received, whose message points to the log. */
export const RETRY_ENGINE_FAILURE = 'Select Retry. If it fails again, the ScimDesk log has the details.';

/**
 * Builds the Problem of a failed load with the next step that fits its cause. It is
 * `rejectedNextStep` when the engine rejected the input and RETRY_ENGINE_FAILURE when the engine
 * failed on the call. Only when no response came is it RETRY_LOAD, or the error's own next step.
 */
export function toLoadProblem(failed: string, error: unknown, rejectedNextStep: string): Problem {
  if (error instanceof EngineResponseError) {
    return toProblem(failed, error, error.code === 'internal' ? RETRY_ENGINE_FAILURE : rejectedNextStep);
  }
  return toProblem(failed, error, RETRY_LOAD);
}
