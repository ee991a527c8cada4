import { create } from 'zustand';
import type {
  Connection,
  ConnectionCredentials,
  ConnectionHealth,
  ConnectionRemoval,
  ConsoleInput,
  ConsoleOutput,
} from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { RETRY_LOAD, toProblem, type Problem } from '../lib/errors.ts';

export type CreatedConnection = ConsoleOutput<'createConnection'>;
export type RotatedToken = ConsoleOutput<'rotateToken'>;

type ConnectionsState = {
  connections: Connection[];
  /** Health per connection id, from the health module's computation. */
  health: Record<string, ConnectionHealth>;
  /** Credentials (ids and user names only) per connection id, loaded when a connection is opened. */
  credentials: Record<string, ConnectionCredentials>;
  loaded: boolean;
  loading: boolean;
  loadError: Problem | null;
  creating: boolean;
  createError: Problem | null;
  /** The last failed action on one connection, with its id. */
  actionError: { connectionId: string; problem: Problem } | null;
  load: () => Promise<void>;
  /**
   * Creates a connection and adds it to the list. Returns the result with the new token so
   * that the caller can show it once. The store itself never keeps the token.
   */
  create: (input: ConsoleInput<'createConnection'>) => Promise<CreatedConnection | null>;
  clearCreateError: () => void;
  loadCredentials: (connectionId: string) => Promise<void>;
  /** Rotates the token and returns the new one for the caller to show once; the store never keeps it. */
  rotateToken: (connectionId: string, overlapSeconds: number) => Promise<RotatedToken | null>;
  /** Revokes a token, the Basic credentials or an OAuth client, by the id the credentials listing shows. */
  revokeCredential: (connectionId: string, credentialId: string) => Promise<void>;
  setDisabled: (connectionId: string, disabled: boolean) => Promise<void>;
  describeRemoval: (connectionId: string) => Promise<ConnectionRemoval | null>;
  /** Deletes the connection; returns true when it is gone. */
  remove: (connectionId: string, confirmName: string) => Promise<boolean>;
  clearActionError: () => void;
};

export const useConnectionsStore = create<ConnectionsState>()((set, get) => {
  /** Runs an action on one connection, reloads it, and stores a failure as the action's problem. */
  const act = async <T>(connectionId: string, failed: string, nextStep: string, action: () => Promise<T>): Promise<T | null> => {
    set({ actionError: null });
    try {
      const result = await action();
      await Promise.all([get().load(), get().loadCredentials(connectionId)]);
      return result;
    } catch (error) {
      set({ actionError: { connectionId, problem: toProblem(failed, error, nextStep) } });
      return null;
    }
  };

  return {
    connections: [],
    health: {},
    credentials: {},
    loaded: false,
    loading: false,
    loadError: null,
    creating: false,
    createError: null,
    actionError: null,

    load: async () => {
      set({ loading: true });
      try {
        const client = getClient();
        const [connections, health] = await Promise.all([client.listConnections({}), client.listConnectionHealth({})]);
        const byId = Object.fromEntries(health.map((entry) => [entry.connectionId, entry]));
        set({ connections, health: byId, loaded: true, loading: false, loadError: null });
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
        void get().load();
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

    loadCredentials: async (connectionId) => {
      try {
        const credentials = await getClient().listConnectionCredentials({ connectionId });
        set((state) => ({ credentials: { ...state.credentials, [connectionId]: credentials } }));
      } catch (error) {
        set({ actionError: { connectionId, problem: toProblem('Loading the tokens failed.', error, RETRY_LOAD) } });
      }
    },

    rotateToken: (connectionId, overlapSeconds) =>
      act(connectionId, 'Rotating the token failed.', 'Try again; the previous tokens still work.', () =>
        getClient().rotateToken({ connectionId, overlapSeconds }),
      ),

    revokeCredential: async (connectionId, credentialId) => {
      await act(connectionId, 'Revoking the credential failed.', 'Refresh the list, then revoke the credential again.', () =>
        getClient().revokeCredential({ connectionId, credentialId }),
      );
    },

    setDisabled: async (connectionId, disabled) => {
      await act(connectionId, `${disabled ? 'Disabling' : 'Enabling'} the connection failed.`, 'Try again.', () =>
        getClient().setConnectionDisabled({ connectionId, disabled }),
      );
    },

    describeRemoval: async (connectionId) => {
      try {
        return await getClient().describeConnectionRemoval({ connectionId });
      } catch (error) {
        set({ actionError: { connectionId, problem: toProblem('Counting what the deletion removes failed.', error, RETRY_LOAD) } });
        return null;
      }
    },

    remove: async (connectionId, confirmName) => {
      set({ actionError: null });
      try {
        await getClient().deleteConnection({ connectionId, confirmName });
        set((state) => ({ connections: state.connections.filter((connection) => connection.id !== connectionId) }));
        await get().load();
        return true;
      } catch (error) {
        set({ actionError: { connectionId, problem: toProblem('Deleting the connection failed.', error, 'Type the name exactly as shown, then delete again.') } });
        return false;
      }
    },

    clearActionError: () => set({ actionError: null }),
  };
});
