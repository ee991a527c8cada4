import { create } from 'zustand';
import type { EventFilter, EventTimeline } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { toProblem, type Problem } from '../lib/errors.ts';

/** Spans the timeline chart offers, in minutes. */
export const TIMELINE_SPANS: ReadonlyArray<{ minutes: number; label: string }> = [
  { minutes: 60, label: '1 hour' },
  { minutes: 6 * 60, label: '6 hours' },
  { minutes: 24 * 60, label: '24 hours' },
  { minutes: 7 * 24 * 60, label: '7 days' },
];

type TimelineState = {
  /** Minutes the chart covers, ending now. */
  spanMinutes: number;
  timeline: EventTimeline | null;
  error: Problem | null;
  setSpan: (minutes: number) => void;
  /** Loads the chart for the filter (its time range is not applied: the chart marks it instead). */
  load: (filter: EventFilter) => Promise<void>;
};

/** Counts per time bucket for the chart above the Live events list. */
export const useTimelineStore = create<TimelineState>()((set, get) => {
  let latestRequest = 0;

  return {
    spanMinutes: 60,
    timeline: null,
    error: null,

    setSpan: (minutes) => set({ spanMinutes: minutes }),

    load: async (filter) => {
      latestRequest += 1;
      const request = latestRequest;
      const { since: _since, until: _until, ...rest } = filter;
      const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
      const from = new Date(to.getTime() - get().spanMinutes * 60_000);
      try {
        const timeline = await getClient().getEventTimeline({ filter: rest, from: from.toISOString(), to: to.toISOString() });
        if (request === latestRequest) {
          set({ timeline, error: null });
        }
      } catch (error) {
        if (request === latestRequest) {
          set({ error: toProblem('Loading the timeline failed.', error, 'It reloads with the next events; check that the engine is running.') });
        }
      }
    },
  };
});
