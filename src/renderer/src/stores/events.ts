import { create } from 'zustand';
import type { SyncEvent } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { RETRY_LOAD, toProblem, type Problem } from '../lib/errors.ts';

/** Events per `listEvents` page. */
export const EVENT_PAGE_SIZE = 100;
/** Maximum number of events kept in memory. Beyond it, the oldest events are dropped. */
export const MAX_EVENTS_IN_MEMORY = 2000;

type EventsState = {
  /** Newest first, unique by id. */
  events: SyncEvent[];
  /** True when the engine has events older than the oldest one in `events`. */
  hasMore: boolean;
  loaded: boolean;
  loading: boolean;
  loadingOlder: boolean;
  error: Problem | null;
  load: () => Promise<void>;
  loadOlder: () => Promise<void>;
  /** Starts the live subscription and returns a function that stops it. */
  subscribe: () => () => void;
};

/** Merges events into a newest-first list without duplicates, keeping the newest ones. */
export function mergeEvents(current: SyncEvent[], incoming: SyncEvent[]): SyncEvent[] {
  const byId = new Map<number, SyncEvent>();
  for (const event of current) {
    byId.set(event.id, event);
  }
  for (const event of incoming) {
    byId.set(event.id, event);
  }
  const merged = [...byId.values()].sort((a, b) => b.id - a.id);
  return merged.slice(0, MAX_EVENTS_IN_MEMORY);
}

export const useEventsStore = create<EventsState>()((set, get) => {
  let fillingGap = false;

  /**
   * Reloads the newest page after the live stream skipped ids. That happens when the stream
   * connects after the first page was read, or reconnects after a drop.
   */
  async function fillGap(): Promise<void> {
    if (fillingGap) {
      return;
    }
    fillingGap = true;
    try {
      const page = await getClient().listEvents({ limit: EVENT_PAGE_SIZE });
      set((state) => ({ events: mergeEvents(state.events, page.events) }));
    } catch (error) {
      console.warn('Reloading the newest sync events after a gap in the live stream failed.', error);
    } finally {
      fillingGap = false;
    }
  }

  return {
    events: [],
    hasMore: false,
    loaded: false,
    loading: false,
    loadingOlder: false,
    error: null,

    load: async () => {
      set({ loading: true });
      try {
        const page = await getClient().listEvents({ limit: EVENT_PAGE_SIZE });
        set((state) => ({
          // Live events that arrived while the page loaded stay in the list.
          events: mergeEvents(state.events, page.events),
          hasMore: state.hasMore || page.hasMore,
          loaded: true,
          loading: false,
          error: null,
        }));
      } catch (error) {
        set({ loading: false, error: toProblem('Loading the sync events failed.', error, RETRY_LOAD) });
      }
    },

    loadOlder: async () => {
      const oldest = get().events.at(-1);
      if (oldest === undefined || get().loadingOlder) {
        return;
      }
      set({ loadingOlder: true });
      try {
        const page = await getClient().listEvents({ beforeId: oldest.id, limit: EVENT_PAGE_SIZE });
        set((state) => ({
          events: mergeEvents(state.events, page.events),
          hasMore: page.hasMore,
          loadingOlder: false,
          error: null,
        }));
      } catch (error) {
        set({
          loadingOlder: false,
          error: toProblem('Loading older sync events failed.', error, 'Select Load older to try again.'),
        });
      }
    },

    subscribe: () =>
      getClient().subscribeEvents((event) => {
        const { events, loaded } = get();
        if (events.some((existing) => existing.id === event.id)) {
          return;
        }
        const newest = events[0];
        // A full list drops its oldest event, which stays on the engine for Load older.
        const full = events.length >= MAX_EVENTS_IN_MEMORY;
        set((state) => ({ events: mergeEvents(state.events, [event]), hasMore: state.hasMore || full }));

        // NOTE: this assumes the engine numbers events consecutively. A gap wider than one page
        // stays partly unfilled until the console page is reloaded.
        if (loaded && newest !== undefined && event.id > newest.id + 1) {
          void fillGap();
        }
      }),
  };
});
