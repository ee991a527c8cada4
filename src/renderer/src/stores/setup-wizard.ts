import { create } from 'zustand';
import type { Connection, SetupProgress, SetupState, SetupStep } from '../../../shared/api.ts';
import type { ProviderId } from '../../../shared/providers/index.ts';
import { getClient } from '../api/client.ts';
import { RETRY_LOAD, toProblem, type Problem } from '../lib/errors.ts';

/** A setup the admin left before its end, to offer on the wizard's start page. */
export type UnfinishedSetup = { connection: Connection; progress: SetupProgress };

type SetupWizardState = {
  /** The connection being set up; null on the start page. */
  connection: Connection | null;
  progress: SetupProgress | null;
  unfinished: UnfinishedSetup[];
  busy: boolean;
  error: Problem | null;
  /** Loads the setups the admin left unfinished. */
  loadUnfinished: () => Promise<void>;
  /** Creates a connection without a token, opens its wizard at the reachability step and returns its id. */
  start: (provider: ProviderId, name: string) => Promise<string | null>;
  /** Opens the wizard of an existing connection where the admin left it. */
  open: (connectionId: string) => Promise<void>;
  /** Stores the step (and changes to the state) in the engine, then shows it. */
  goTo: (step: SetupStep, changes?: Partial<SetupState>) => Promise<void>;
  /** Stores changes to the state without leaving the step. */
  remember: (changes: Partial<SetupState>) => Promise<void>;
  /** Reloads the connection, e.g. after its credentials changed. */
  refreshConnection: () => Promise<void>;
  close: () => void;
  clearError: () => void;
};

export const useSetupWizardStore = create<SetupWizardState>()((set, get) => {
  /** Shows the change at once, then stores it. The engine's response replaces the local copy. */
  const save = async (step: SetupStep, changes: Partial<SetupState>): Promise<void> => {
    const { connection, progress } = get();
    if (connection === null || progress === null) {
      return;
    }
    const state = { ...progress.state, ...changes };
    set({ progress: { ...progress, step, state } });
    try {
      const saved = await getClient().saveSetupProgress({ connectionId: connection.id, step, state });
      set({ progress: saved, error: null });
    } catch (error) {
      set({ error: toProblem('Saving the setup progress failed.', error, 'Try the step again.') });
    }
  };

  return {
    connection: null,
    progress: null,
    unfinished: [],
    busy: false,
    error: null,

    loadUnfinished: async () => {
      try {
        const client = getClient();
        const [connections, progress] = await Promise.all([client.listConnections({}), client.listSetupProgress({})]);
        const byId = new Map(connections.map((connection) => [connection.id, connection]));
        const unfinished = progress
          .filter((entry) => entry.step !== 'done' && byId.has(entry.connectionId))
          .map((entry) => ({ connection: byId.get(entry.connectionId)!, progress: entry }));
        set({ unfinished });
      } catch (error) {
        set({ error: toProblem('Loading the unfinished setups failed.', error, RETRY_LOAD) });
      }
    },

    start: async (provider, name) => {
      set({ busy: true, error: null });
      try {
        const client = getClient();
        const connection = await client.startConnectionSetup({ provider, name });
        const progress = await client.getSetupProgress({ connectionId: connection.id });
        set({ connection, progress, busy: false });
        return connection.id;
      } catch (error) {
        set({ busy: false, error: toProblem('Creating the connection failed.', error, 'Correct the name, then select Continue again.') });
        return null;
      }
    },

    open: async (connectionId) => {
      set({ busy: true, error: null });
      try {
        const client = getClient();
        const [connections, progress] = await Promise.all([client.listConnections({}), client.getSetupProgress({ connectionId })]);
        const connection = connections.find((candidate) => candidate.id === connectionId) ?? null;
        set({ connection, progress: connection ? progress : null, busy: false });
      } catch (error) {
        set({ busy: false, error: toProblem('Opening the setup failed.', error, 'Open the connection again from the Connections screen.') });
      }
    },

    goTo: (step, changes = {}) => save(step, changes),

    remember: async (changes) => {
      const { progress } = get();
      if (progress !== null) {
        await save(progress.step, changes);
      }
    },

    refreshConnection: async () => {
      const { connection } = get();
      if (connection === null) {
        return;
      }
      try {
        const connections = await getClient().listConnections({});
        set({ connection: connections.find((candidate) => candidate.id === connection.id) ?? connection });
      } catch (error) {
        set({ error: toProblem('Reloading the connection failed.', error, RETRY_LOAD) });
      }
    },

    close: () => set({ connection: null, progress: null, error: null }),
    clearError: () => set({ error: null }),
  };
});
