import { create } from 'zustand';
import type { ConsoleOutput } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { RETRY_LOAD, toProblem, type Problem } from '../lib/errors.ts';

export type ServerInfo = ConsoleOutput<'getServerInfo'>;

type ServerState = {
  info: ServerInfo | null;
  error: Problem | null;
  load: () => Promise<void>;
};

/** Engine version, SCIM base URL and transport, shown in the sidebar. */
export const useServerStore = create<ServerState>()((set) => ({
  info: null,
  error: null,

  load: async () => {
    try {
      const info = await getClient().getServerInfo({});
      set({ info, error: null });
    } catch (error) {
      set({ error: toProblem('Loading the server information failed.', error, RETRY_LOAD) });
    }
  },
}));
