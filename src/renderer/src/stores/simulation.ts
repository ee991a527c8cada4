import { create } from 'zustand';
import type { Simulation } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { toProblem, type Problem } from '../lib/errors.ts';

/** How often a running simulation is read, in milliseconds. */
const POLL_MS = 400;

type SimulationState = {
  run: Simulation | null;
  error: Problem | null;
  /** Starts the simulator for a connection and follows it until it ends. */
  start: (connectionId: string) => Promise<Simulation | null>;
  reset: () => void;
};

/** One run of the built-in simulator with its steps as they finish. */
export const useSimulationStore = create<SimulationState>()((set) => ({
  run: null,
  error: null,

  start: async (connectionId) => {
    set({ error: null });
    try {
      const client = getClient();
      let run = await client.startSimulation({ connectionId });
      set({ run });
      while (run.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        run = await client.getSimulation({ simulationId: run.id });
        set({ run });
      }
      return run;
    } catch (error) {
      set({ error: toProblem('The simulator did not run.', error, 'Check that the connection is enabled, then run it again.') });
      return null;
    }
  },

  reset: () => set({ run: null, error: null }),
}));
