/** Replay client: sends a provider's typical request sequence to a SCIM server and checks the response statuses. */

export type { ReplayOptions, StepResult } from './replay.ts';
export { DEFAULT_TIMEOUT_MS, NEEDS_CLIENT_CREDENTIALS, NEVER_SENT, replaySequence } from './replay.ts';
export { findStepIndex, selectSteps } from './select-steps.ts';
