import { create } from 'zustand';
import type { Connection, ConsoleInput, ConsoleOutput } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { RETRY_LOAD, toProblem, type Problem } from '../lib/errors.ts';

export type CreatedConnection = ConsoleOutput<'createConnection'>;

type ConnectionsState = {
  connections: Connection[];
  loaded: boolean;
  loading: boolean;
  loadError: Problem | null;
  creating: boolean;
  createError: Problem | null;
  load: () => Promise<void>;
  /**
   * Creates a connection and adds it to the list. Returns the result with the new token so
   * that the caller can show it once. The store itself never keeps the token.
   */
  create: (input: ConsoleInput<'createConnection'>) => Promise<CreatedConnection | null>;
  clearCreateError: () => void;
};

export const useConnectionsStore = create<ConnectionsState>()((set) => ({
  connections: [],
  loaded: false,
  loading: false,
  loadError: null,
  creating: false,
  createError: null,

  load: async () => {
    set({ loading: true });
    try {
      const connections = await getClient().listConnections({});
      set({ connections, loaded: true, loading: false, loadError: null });
    } catch (error) {
      set({
        loading: false,
        loadError: toProblem('Loading the connections failed.', error, RETRY_LOAD),
      });
    }
  },

  create: async (input) => {
    set({ creating: true, createError: null });
    try {
      const created = await getClient().createConnection(input);
      set((state) => ({
        creating: false,
        connections: [
          ...state.connections.filter((existing) => existing.id !== created.connection.id),
          created.connection,
        ],
      }));
      return created;
    } catch (error) {
      set({
        creating: false,
        createError: toProblem(
          'Creating the connection failed.',
          error,
          'Correct the name or provider, then select Create connection again.',
        ),
      });
      return null;
    }
  },

  clearCreateError: () => set({ createError: null }),
}));
