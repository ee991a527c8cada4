import { create } from 'zustand';
import type { Alert } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { RETRY_LOAD, toProblem, type Problem } from '../lib/errors.ts';

type AlertsState = {
  /** Open alerts (including those clearing), newest first. */
  alerts: Alert[];
  /** Recently resolved alerts, for the overview. */
  resolved: Alert[];
  error: Problem | null;
  load: () => Promise<void>;
  acknowledge: (id: number) => Promise<void>;
};

/** Alerts for the banner on every screen and for the overview. */
export const useAlertsStore = create<AlertsState>()((set, get) => ({
  alerts: [],
  resolved: [],
  error: null,

  load: async () => {
    try {
      const all = await getClient().listAlerts({ includeResolved: true });
      set({
        alerts: all.filter((alert) => alert.state !== 'resolved'),
        resolved: all.filter((alert) => alert.state === 'resolved').slice(0, 20),
        error: null,
      });
    } catch (error) {
      set({ error: toProblem('Loading the alerts failed.', error, RETRY_LOAD) });
    }
  },

  acknowledge: async (id) => {
    try {
      const updated = await getClient().acknowledgeAlert({ id });
      set({ alerts: get().alerts.map((alert) => (alert.id === id ? updated : alert)), error: null });
    } catch (error) {
      set({ error: toProblem('Dismissing the alert failed.', error, 'Reload the console and dismiss it again.') });
    }
  },
}));
