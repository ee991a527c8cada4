import { create } from 'zustand';
import type { EventDetail } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { toProblem, type Problem } from '../lib/errors.ts';

type EventDetailState = {
  /** Id of the opened event, or null when none is open. */
  eventId: number | null;
  detail: EventDetail | null;
  loading: boolean;
  error: Problem | null;
  /** Opens an event and loads its detail; null closes the panel. */
  open: (eventId: number | null) => Promise<void>;
};

/** The event whose detail the Live events screen shows. */
export const useEventDetailStore = create<EventDetailState>()((set, get) => ({
  eventId: null,
  detail: null,
  loading: false,
  error: null,

  open: async (eventId) => {
    if (eventId === null) {
      set({ eventId: null, detail: null, loading: false, error: null });
      return;
    }
    set({ eventId, loading: true, error: null });
    try {
      const detail = await getClient().getEventDetail({ id: eventId });
      if (get().eventId === eventId) {
        set({ detail, loading: false });
      }
    } catch (error) {
      if (get().eventId === eventId) {
        set({ detail: null, loading: false, error: toProblem(`Loading event ${eventId} failed.`, error, 'Select the event again, or reload the events.') });
      }
    }
  },
}));
