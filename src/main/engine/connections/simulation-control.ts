import type { Simulation } from '../../../shared/api.ts';

/**
 * A host's built-in simulator: it sends a provider's typical request sequence to the host's own
 * SCIM listener and records each step's result. The engine defines the interface; hosts that
 * serve SCIM implement it (see src/main/simulate/), so that the engine imports no HTTP client.
 */
export interface SimulatorControl {
  /** Starts a run for the connection and returns it at once; the steps arrive while it runs. */
  start(connectionId: string, actor: string): Simulation;
  /** Returns a run with the steps finished so far; throws a not-found AdminError for an unknown id. */
  get(simulationId: string): Simulation;
}
