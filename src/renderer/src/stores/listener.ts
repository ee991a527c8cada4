import { create } from 'zustand';
import type { ListenerSettings, ListenerStatus, TlsCertificate } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { RETRY_LOAD, toProblem, type Problem } from '../lib/errors.ts';
import { useServerStore } from './server.ts';

/** How often the status is read while a rebind is under way, in milliseconds. */
const APPLY_POLL_MS = 500;

type ListenerState = {
  status: ListenerStatus | null;
  /** The certificate last checked with inspect(), before it is applied. */
  certificate: TlsCertificate | null;
  busy: boolean;
  error: Problem | null;
  load: () => Promise<void>;
  /** Checks a certificate and key file pair without applying it. */
  inspect: (certPath: string, keyPath: string) => Promise<void>;
  /** Validates and applies settings, then follows the host's rebind until it ends. Resolves to true when they took effect. */
  apply: (settings: ListenerSettings) => Promise<boolean>;
  clearError: () => void;
};

/** The SCIM listener's address, certificate and provider-facing URL, for the wizard's reachability step. */
export const useListenerStore = create<ListenerState>()((set, get) => ({
  status: null,
  certificate: null,
  busy: false,
  error: null,

  load: async () => {
    try {
      set({ status: await getClient().getListenerStatus({}) });
    } catch (error) {
      set({ error: toProblem('Reading the SCIM listener settings failed.', error, RETRY_LOAD) });
    }
  },

  inspect: async (certPath, keyPath) => {
    set({ busy: true, error: null, certificate: null });
    try {
      set({ certificate: await getClient().inspectTlsFiles({ certPath, keyPath }), busy: false });
    } catch (error) {
      set({ busy: false, error: toProblem('The certificate cannot be used.', error, 'Choose another certificate or key file. The current settings stay in effect.') });
    }
  },

  apply: async (settings) => {
    set({ busy: true, error: null });
    try {
      let status = await getClient().applyListenerSettings(settings);
      while (status.lastApply?.state === 'applying') {
        await new Promise((resolve) => setTimeout(resolve, APPLY_POLL_MS));
        status = await getClient().getListenerStatus({});
      }
      set({ status, busy: false });
      // The sidebar shows the SCIM base URL too.
      void useServerStore.getState().load();
      return status.lastApply?.state !== 'failed';
    } catch (error) {
      set({ busy: false, error: toProblem('The settings were not applied.', error, 'Correct them and apply again. The current settings stay in effect.') });
      await get().load();
      return false;
    }
  },

  clearError: () => set({ error: null }),
}));
