import { create } from 'zustand';
import type { UserPermissions, UserSummary } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { RETRY_LOAD, toProblem, type Problem } from '../lib/errors.ts';

type PermissionsState = {
  search: string;
  users: UserSummary[];
  loaded: boolean;
  loading: boolean;
  usersError: Problem | null;
  selectedUserId: string | null;
  permissions: UserPermissions | null;
  loadingPermissions: boolean;
  permissionsError: Problem | null;
  /** Loads the users that match the current search text. */
  load: () => Promise<void>;
  setSearch: (search: string) => void;
  selectUser: (userId: string) => Promise<void>;
};

export const usePermissionsStore = create<PermissionsState>()((set, get) => ({
  search: '',
  users: [],
  loaded: false,
  loading: false,
  usersError: null,
  selectedUserId: null,
  permissions: null,
  loadingPermissions: false,
  permissionsError: null,

  load: async () => {
    const search = get().search.trim();
    set({ loading: true });
    try {
      const users = await getClient().listUsers(search === '' ? {} : { search });
      // A newer search may have finished first, so only the latest search text updates the list.
      if (get().search.trim() === search) {
        set({ users, loaded: true, loading: false, usersError: null });
      }
    } catch (error) {
      set({ loading: false, usersError: toProblem('Searching the users failed.', error, RETRY_LOAD) });
    }
  },

  setSearch: (search) => set({ search }),

  selectUser: async (userId) => {
    set({ selectedUserId: userId, loadingPermissions: true, permissionsError: null });
    try {
      const permissions = await getClient().getUserPermissions({ userId });
      if (get().selectedUserId === userId) {
        set({ permissions, loadingPermissions: false });
      }
    } catch (error) {
      if (get().selectedUserId === userId) {
        set({
          permissions: null,
          loadingPermissions: false,
          permissionsError: toProblem(
            "Loading the user's permissions failed.",
            error,
            'Select the user again, or search again if the user was deleted.',
          ),
        });
      }
    }
  },
}));
