import { create } from 'zustand';
import type { AccessMatrix, Group, GroupGrants, Timeline, UserPermissions, ViewSource, Workspace, WorkspaceRoster } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { toLoadProblem, type Problem } from '../lib/errors.ts';

/** Source of the explorer's views. */
export type ExplorerSource =
  | { mode: 'live'; draftId: string | null }
  | { mode: 'past'; asOf: string }
  | { mode: 'snapshot'; snapshotId: string; draftId: string | null };

export type ExplorerTab = 'matrix' | 'workspace' | 'group' | 'snapshots';

/** A group in the per-group view's selector: a live group, or one of a past moment (PastGroup). */
export type GroupChoice = Pick<Group, 'id' | 'displayName' | 'memberCount'> & { deletedSince?: boolean };

type ExplorerState = {
  source: ExplorerSource;
  tab: ExplorerTab;
  timeline: Timeline | null;
  /** Workspaces to pick from, as they are now. */
  workspaces: Workspace[];
  /** Groups to pick from: as they are now, or as they were at the past moment of the source. */
  groups: GroupChoice[];
  matrix: AccessMatrix | null;
  search: string;
  workspaceId: string | null;
  roster: WorkspaceRoster | null;
  groupId: string | null;
  groupGrants: GroupGrants | null;
  /** The user whose reasons are shown, from a matrix row. */
  userId: string | null;
  user: UserPermissions | null;
  loading: boolean;
  problem: Problem | null;
  setSource: (source: ExplorerSource) => Promise<void>;
  setTab: (tab: ExplorerTab) => void;
  setSearch: (search: string) => void;
  loadTimeline: () => Promise<void>;
  loadCatalog: () => Promise<void>;
  loadGroups: () => Promise<void>;
  loadMatrix: () => Promise<void>;
  showWorkspace: (workspaceId: string) => Promise<void>;
  showGroup: (groupId: string) => Promise<void>;
  showUser: (userId: string | null) => Promise<void>;
};

/** Next step when the engine rejects a view's source, such as a moment before the event log starts. */
const REJECTED_SOURCE = 'Choose a moment that the event log covers, or another source.';

/** Converts an explorer source to the view source of the console API. */
export function toViewSource(source: ExplorerSource): ViewSource {
  if (source.mode === 'past') {
    return { asOf: source.asOf };
  }
  const draft = source.draftId === null ? {} : { draftId: source.draftId };
  return source.mode === 'snapshot' ? { snapshotId: source.snapshotId, ...draft } : draft;
}

/** Holds the state of the effective permissions explorer: its source, the matrix, a roster, a group's grants and one user's reasons. */
export const useExplorerStore = create<ExplorerState>()((set, get) => {
  /**
   * Loads one view, keeping only the response to the latest request of its kind. On failure,
   * `clear` empties the view, so that it does not show an earlier source's data under the new one.
   */
  async function load<T>(kind: string, fetch: () => Promise<T>, store: (value: T) => void, clear?: () => void): Promise<void> {
    const ticket = (tickets[kind] = (tickets[kind] ?? 0) + 1);
    set({ loading: true, problem: null });
    try {
      const value = await fetch();
      if (tickets[kind] === ticket) {
        store(value);
      }
    } catch (error) {
      if (tickets[kind] === ticket) {
        clear?.();
        set({ problem: toLoadProblem(`Loading the ${kind} failed.`, error, REJECTED_SOURCE) });
      }
    } finally {
      if (tickets[kind] === ticket) {
        set({ loading: false });
      }
    }
  }
  const tickets: Record<string, number> = {};

  return {
    source: { mode: 'live', draftId: null },
    tab: 'matrix',
    timeline: null,
    workspaces: [],
    groups: [],
    matrix: null,
    search: '',
    workspaceId: null,
    roster: null,
    groupId: null,
    groupGrants: null,
    userId: null,
    user: null,
    loading: false,
    problem: null,

    setSource: async (source) => {
      set({ source, user: null, userId: null });
      const state = get();
      await Promise.all([
        state.loadMatrix(),
        state.loadGroups(),
        state.workspaceId === null ? Promise.resolve() : state.showWorkspace(state.workspaceId),
        state.groupId === null ? Promise.resolve() : state.showGroup(state.groupId),
      ]);
    },

    setTab: (tab) => set({ tab }),

    setSearch: (search) => set({ search }),

    loadTimeline: () => load('timeline', () => getClient().getTimeline({}), (timeline) => set({ timeline })),

    loadCatalog: async () => {
      await Promise.all([load('workspaces', () => getClient().listWorkspaces({}), (workspaces) => set({ workspaces })), get().loadGroups()]);
    },

    loadGroups: () => {
      const source = get().source;
      if (source.mode === 'past') {
        return load('groups', () => getClient().listGroupsAsOf({ asOf: source.asOf }), (groups) => set({ groups }), () => set({ groups: [] }));
      }
      return load('groups', () => getClient().listGroups({}), (groups) => set({ groups }));
    },

    loadMatrix: () =>
      load(
        'access matrix',
        () => getClient().getAccessMatrix({ source: toViewSource(get().source) }),
        (matrix) => set({ matrix }),
        () => set({ matrix: null }),
      ),

    showWorkspace: (workspaceId) => {
      set({ workspaceId });
      return load(
        'workspace roster',
        () => getClient().getWorkspaceRoster({ workspaceId, source: toViewSource(get().source) }),
        (roster) => set({ roster }),
        () => set({ roster: null }),
      );
    },

    showGroup: (groupId) => {
      set({ groupId });
      const source = get().source;
      if (source.mode === 'snapshot' || (source.mode === 'live' && source.draftId !== null)) {
        // A group's grants are shown for the live mappings, or as of a past moment.
        set({ groupGrants: null });
        return Promise.resolve();
      }
      const asOf = source.mode === 'past' ? { asOf: source.asOf } : {};
      return load(
        'group grants',
        () => getClient().getGroupGrants({ groupId, ...asOf }),
        (groupGrants) => set({ groupGrants }),
        () => set({ groupGrants: null }),
      );
    },

    showUser: (userId) => {
      set({ userId, user: null });
      const source = get().source;
      if (userId === null || source.mode === 'snapshot' || (source.mode === 'live' && source.draftId !== null)) {
        return Promise.resolve();
      }
      const fetch = source.mode === 'past' ? () => getClient().getUserPermissionsAsOf({ userId, asOf: source.asOf }) : () => getClient().getUserPermissions({ userId });
      return load('user permissions', fetch, (user) => set({ user }), () => set({ user: null }));
    },
  };
});
