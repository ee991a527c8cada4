import { create } from 'zustand';
import type { SetupRequest } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { RETRY_LOAD, toProblem, type Problem } from '../lib/errors.ts';

type SetupRequestsState = {
  connectionId: string | null;
  requests: SetupRequest[];
  lastEventId: number;
  error: Problem | null;
  /** Reads the requests that arrived since the last poll. Polling another connection starts over. */
  poll: (connectionId: string) => Promise<void>;
};

/** Requests a connection received, each with its meaning, while the wizard waits for the provider. */
export const useSetupRequestsStore = create<SetupRequestsState>()((set, get) => ({
  connectionId: null,
  requests: [],
  lastEventId: 0,
  error: null,

  poll: async (connectionId) => {
    const sameConnection = get().connectionId === connectionId;
    const afterEventId = sameConnection ? get().lastEventId : 0;
    try {
      const page = await getClient().listSetupRequests({ connectionId, afterEventId, limit: 50 });
      set((state) => ({ ...mergeSetupRequests(state, connectionId, page), error: null }));
    } catch (error) {
      set({ error: toProblem('Reading the received requests failed.', error, RETRY_LOAD) });
    }
  },
}));

/**
 * Adds a page of requests to those listed for a connection. Two polls may overlap (the timer and
 * a refresh), so a page may repeat requests already listed; those are skipped by event id.
 */
export function mergeSetupRequests(
  listed: { connectionId: string | null; requests: SetupRequest[]; lastEventId: number },
  connectionId: string,
  page: { requests: SetupRequest[]; lastEventId: number },
): { connectionId: string; requests: SetupRequest[]; lastEventId: number } {
  const sameConnection = listed.connectionId === connectionId;
  const earlier = sameConnection ? listed.requests : [];
  const lastListed = sameConnection ? listed.lastEventId : 0;
  const fresh = page.requests.filter((request) => request.eventId > lastListed);
  return { connectionId, requests: [...earlier, ...fresh], lastEventId: Math.max(lastListed, page.lastEventId) };
}
