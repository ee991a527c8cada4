import { create } from 'zustand';
import type { ConnectionHealth, RetentionStatus, SyncProgress } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { RETRY_LOAD, toProblem, type Problem } from '../lib/errors.ts';

type HealthState = {
  health: ConnectionHealth[];
  progress: SyncProgress[];
  retention: RetentionStatus | null;
  loaded: boolean;
  error: Problem | null;
  /** Result of the last retention change or compaction, as a sentence. */
  retentionMessage: string | null;
  load: () => Promise<void>;
  loadProgress: () => Promise<void>;
  updateRetention: (maxAgeDays: number) => Promise<void>;
  compact: () => Promise<void>;
};

/** Connection health, sync progress and event storage for the overview. */
export const useHealthStore = create<HealthState>()((set) => ({
  health: [],
  progress: [],
  retention: null,
  loaded: false,
  error: null,
  retentionMessage: null,

  load: async () => {
    try {
      const client = getClient();
      const [health, progress, retention] = await Promise.all([client.listConnectionHealth({}), client.listSyncProgress({}), client.getRetention({})]);
      set({ health, progress, retention, loaded: true, error: null });
    } catch (error) {
      set({ error: toProblem('Loading the connection health failed.', error, RETRY_LOAD) });
    }
  },

  loadProgress: async () => {
    try {
      set({ progress: await getClient().listSyncProgress({}) });
    } catch (error) {
      console.warn('Reading the sync progress failed; the next refresh retries.', error);
    }
  },

  updateRetention: async (maxAgeDays) => {
    try {
      const retention = await getClient().updateRetention({ maxAgeDays });
      set({ retention, retentionMessage: `Events older than ${maxAgeDays} days will be compacted.`, error: null });
    } catch (error) {
      set({ error: toProblem('Changing the retention failed.', error, 'Enter a whole number of days from 1 to 3650 and save again.') });
    }
  },

  compact: async () => {
    try {
      const { compacted, status } = await getClient().compactEvents({});
      const message =
        compacted === 0 ? 'No event was old enough to compact.' : `Compacted ${compacted.toLocaleString()} events: their requests and responses were deleted, their changes kept.`;
      set({ retention: status, retentionMessage: message, error: null });
    } catch (error) {
      set({ error: toProblem('Compacting the event log failed.', error, 'Try again; the details are in the ScimDesk log.') });
    }
  },
}));
