import { create } from 'zustand';
import type { EventFilter, SyncEvent } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { toLoadProblem, toProblem, type Problem } from '../lib/errors.ts';

/** Events per page read from the engine. */
export const EVENT_PAGE_SIZE = 200;
/** Events kept while the list follows live events; older ones stay on the engine for scrolling. */
export const MAX_LIVE_EVENTS = 5000;
/** Events kept while scrolling back; past it, the newest are dropped and reloaded on request. */
export const MAX_LOADED_EVENTS = 20_000;
/** Delay in ms that live events collect before one update, so a fast stream re-renders ten times a second at most. */
const LIVE_FLUSH_MS = 100;
/** Events read per catch-up request when a filter is active or the stream skipped ids. */
const CATCH_UP_LIMIT = 1000;
/** Next step when the engine rejected the filter, e.g. a time in a copied link that is not ISO 8601. */
const REJECTED_FILTER_NEXT_STEP = 'Correct the filter value that the message names, or clear the filters.';

type EventsState = {
  filter: EventFilter;
  /** Newest first, unique by id. */
  events: SyncEvent[];
  /** True when the engine has older matching events than the last one in `events`. */
  hasMore: boolean;
  /** Matching events on the engine; null while counting or after the count failed. */
  total: number | null;
  /** True when the last count failed, so that the header stops saying it is counting. */
  countFailed: boolean;
  /** Sentences naming the filter values that match no user, group, workspace or type, from the last count. */
  filterNotes: string[];
  loaded: boolean;
  loading: boolean;
  loadingOlder: boolean;
  error: Problem | null;
  /** True while the list shows the newest events and takes live ones in at the top. */
  following: boolean;
  /** Live events that matched while the list did not follow. */
  pendingNewer: number;
  /** Incremented each time the newest events are dropped to bound memory; the list keeps its scroll position. */
  droppedNewer: { count: number; rows: number };
  /** True after newer events were dropped; following again reloads them. */
  newerDropped: boolean;
  /** Replaces the filter and reloads the newest matching events. */
  setFilter: (filter: EventFilter) => void;
  load: () => Promise<void>;
  loadOlder: () => Promise<void>;
  setFollowing: (following: boolean) => void;
  /** Starts the live subscription and returns a function that stops it. */
  subscribe: () => () => void;
};

/** Merges events into a newest-first list without duplicates. */
export function mergeEvents(current: SyncEvent[], incoming: SyncEvent[]): SyncEvent[] {
  const byId = new Map<number, SyncEvent>();
  for (const event of current) {
    byId.set(event.id, event);
  }
  for (const event of incoming) {
    byId.set(event.id, event);
  }
  return [...byId.values()].sort((a, b) => b.id - a.id);
}

/**
 * Returns why the filter's time range can match no event, or null when it can. The engine rejects
 * such a range, so the screen explains it next to the time fields instead of sending the query.
 */
export function describeTimeRangeProblem(filter: EventFilter): string | null {
  if (filter.since === undefined || filter.until === undefined) {
    return null;
  }
  const since = Date.parse(filter.since);
  const until = Date.parse(filter.until);
  if (Number.isNaN(since) || Number.isNaN(until) || since < until) {
    return null;
  }
  const relation = since === until ? 'is the same as' : 'is after';
  return `From ${relation} To, so no event can match. Choose a From time earlier than the To time, or clear the time range.`;
}

/** True when no field of the filter is set, so that every event matches. */
export function isEmptyFilter(filter: EventFilter): boolean {
  return Object.values(filter).every((value) => value === undefined || value === '');
}

export const useEventsStore = create<EventsState>()((set, get) => {
  let buffer: SyncEvent[] = [];
  let flushTimer: number | undefined;
  /** Highest event id already matched against the current filter. */
  let cursorId = 0;
  /** Bumped by each reload, so that responses to an older filter are ignored. */
  let generation = 0;
  let catchingUp = false;

  async function flush(): Promise<void> {
    flushTimer = undefined;
    if (catchingUp || buffer.length === 0 || !get().loaded) {
      return;
    }
    if (describeTimeRangeProblem(get().filter) !== null) {
      buffer = [];
      return;
    }
    const incoming = buffer.sort((a, b) => a.id - b.id);
    buffer = [];
    const consecutive = incoming.every((event, index) => event.id === (index === 0 ? cursorId : incoming[index - 1]!.id) + 1);
    const newestIncoming = incoming.at(-1)!.id;

    let matched: SyncEvent[];
    if (isEmptyFilter(get().filter) && consecutive) {
      matched = incoming;
      cursorId = newestIncoming;
    } else {
      matched = await catchUp(newestIncoming);
    }
    admit(matched);
  }

  /** Reads the matching events newer than the cursor from the engine, oldest first. */
  async function catchUp(seenId: number): Promise<SyncEvent[]> {
    const started = generation;
    catchingUp = true;
    try {
      const page = await getClient().queryEvents({ filter: get().filter, afterId: cursorId, limit: CATCH_UP_LIMIT });
      if (started !== generation) {
        return [];
      }
      const ascending = [...page.events].reverse();
      cursorId = page.hasMore ? (ascending.at(-1)?.id ?? cursorId) : Math.max(cursorId, seenId, ascending.at(-1)?.id ?? 0);
      if (page.hasMore) {
        scheduleFlush();
      }
      return ascending;
    } catch (error) {
      console.warn('Reading new sync events failed; the next live event retries.', error);
      return [];
    } finally {
      catchingUp = false;
    }
  }

  function admit(matched: SyncEvent[]): void {
    if (matched.length === 0) {
      return;
    }
    set((state) => {
      const total = state.total === null ? null : state.total + matched.length;
      if (!state.following) {
        return { total, pendingNewer: state.pendingNewer + matched.length };
      }
      const merged = mergeEvents(state.events, matched);
      const trimmed = merged.length > MAX_LIVE_EVENTS;
      return { total, events: trimmed ? merged.slice(0, MAX_LIVE_EVENTS) : merged, hasMore: state.hasMore || trimmed };
    });
  }

  function scheduleFlush(): void {
    flushTimer ??= window.setTimeout(() => void flush(), LIVE_FLUSH_MS);
  }

  async function count(filter: EventFilter, started: number): Promise<void> {
    try {
      const { count: total, notes } = await getClient().countEvents({ filter });
      if (started === generation) {
        set({ total, filterNotes: notes });
      }
    } catch (error) {
      console.warn('Counting the matching sync events failed.', error);
      if (started === generation) {
        set({ countFailed: true });
      }
    }
  }

  return {
    filter: {},
    events: [],
    hasMore: false,
    total: null,
    countFailed: false,
    filterNotes: [],
    loaded: false,
    loading: false,
    loadingOlder: false,
    error: null,
    following: true,
    pendingNewer: 0,
    droppedNewer: { count: 0, rows: 0 },
    newerDropped: false,

    setFilter: (filter) => {
      set({ filter, loaded: false, events: [], total: null });
      void get().load();
    },

    load: async () => {
      generation += 1;
      const started = generation;
      const filter = get().filter;
      buffer = [];
      if (describeTimeRangeProblem(filter) !== null) {
        // The filter fields show the problem; an empty range has no events to read or count.
        set({ events: [], hasMore: false, total: 0, countFailed: false, filterNotes: [], loaded: true, loading: false, error: null, pendingNewer: 0, following: true });
        return;
      }
      set({ loading: true, pendingNewer: 0, following: true, total: null, countFailed: false, filterNotes: [] });
      void count(filter, started);
      try {
        const page = await getClient().queryEvents({ filter, limit: EVENT_PAGE_SIZE });
        if (started !== generation) {
          return;
        }
        // Events newer than the page arrive through the live stream and catch-up from here on.
        cursorId = page.events[0]?.id ?? 0;
        if (page.events.length === 0) {
          // An empty page gives no cursor, so the head of the log is taken instead.
          const head = await getClient().queryEvents({ filter: {}, limit: 1 });
          cursorId = head.events[0]?.id ?? 0;
        }
        set({ events: page.events, hasMore: page.hasMore, loaded: true, loading: false, error: null, newerDropped: false });
        if (buffer.length > 0) {
          scheduleFlush();
        }
      } catch (error) {
        if (started === generation) {
          set({ loading: false, error: toLoadProblem('Loading the sync events failed.', error, REJECTED_FILTER_NEXT_STEP) });
        }
      }
    },

    loadOlder: async () => {
      const { events, loadingOlder, hasMore, filter } = get();
      const oldest = events.at(-1);
      if (oldest === undefined || loadingOlder || !hasMore) {
        return;
      }
      const started = generation;
      set({ loadingOlder: true });
      try {
        const page = await getClient().queryEvents({ filter, beforeId: oldest.id, limit: EVENT_PAGE_SIZE });
        if (started !== generation) {
          return;
        }
        set((state) => {
          const merged = mergeEvents(state.events, page.events);
          const excess = merged.length - MAX_LOADED_EVENTS;
          if (excess <= 0) {
            return { events: merged, hasMore: page.hasMore, loadingOlder: false, error: null };
          }
          return {
            events: merged.slice(excess),
            hasMore: page.hasMore,
            loadingOlder: false,
            error: null,
            following: false,
            newerDropped: true,
            droppedNewer: { count: state.droppedNewer.count + 1, rows: excess },
          };
        });
      } catch (error) {
        set({ loadingOlder: false, error: toProblem('Loading older sync events failed.', error, 'Scroll down again to retry.') });
      }
    },

    setFollowing: (following) => {
      const state = get();
      if (state.following === following) {
        return;
      }
      set({ following });
      if (following && (state.pendingNewer > 0 || state.newerDropped)) {
        void state.load();
      }
    },

    subscribe: () => {
      const stop = getClient().subscribeEvents((event) => {
        buffer.push(event);
        scheduleFlush();
      });
      return () => {
        stop();
        window.clearTimeout(flushTimer);
        flushTimer = undefined;
        buffer = [];
      };
    },
  };
});
