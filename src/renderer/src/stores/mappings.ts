import { create } from 'zustand';
import type { DismissedSuggestion, Group, Mapping, Settings, Suggestion, Workspace } from '../../../shared/api.ts';
import type { Grant } from '../../../shared/model.ts';
import { getClient } from '../api/client.ts';
import { RETRY_LOAD, toProblem, type Problem } from '../lib/errors.ts';
import { runGuardedChange, usersText } from './guardrails.ts';

export type MappingAction =
  | 'createWorkspace'
  | 'renameWorkspace'
  | 'addMapping'
  | 'removeMapping'
  | 'applySuggestions'
  | 'dismissSuggestion'
  | 'restoreSuggestion'
  | 'setNamingSlug'
  | 'archiveWorkspace';

/** A failed change, with the action so that the section where it started can show it. */
export type ActionProblem = { action: MappingAction; problem: Problem };

type MappingsState = {
  workspaces: Workspace[];
  groups: Group[];
  /** Every mapping, including those whose group no longer exists (`groupName: null`). */
  mappings: Mapping[];
  suggestions: Suggestion[];
  /** Suggestions the admin dismissed, or whose mapping the admin removed. */
  dismissedSuggestions: DismissedSuggestion[];
  settings: Settings | null;
  loaded: boolean;
  loading: boolean;
  loadError: Problem | null;
  /** The change in progress, so that the screen can disable its controls. */
  pendingAction: MappingAction | null;
  actionError: ActionProblem | null;
  load: () => Promise<void>;
  createWorkspace: (name: string) => Promise<boolean>;
  /** Renames a workspace; its slug changes only with `changeSlug`. */
  renameWorkspace: (id: string, name: string, changeSlug: boolean) => Promise<boolean>;
  /** Archives a workspace after showing who loses access. */
  archiveWorkspace: (id: string, name: string) => Promise<boolean>;
  addMapping: (groupId: string, grant: Grant) => Promise<boolean>;
  removeMapping: (mappingId: string) => Promise<boolean>;
  /** Accepts the suggestions for `groupIds`, or every suggestion when omitted. */
  applySuggestions: (groupIds?: string[]) => Promise<boolean>;
  /** Stops offering a group's suggestion; `restoreSuggestion` offers it again. */
  dismissSuggestion: (suggestion: Suggestion) => Promise<boolean>;
  restoreSuggestion: (suggestion: Suggestion) => Promise<boolean>;
  /** Sets the naming convention's slug. The empty slug accepts the groups of any app. */
  setNamingSlug: (slug: string) => Promise<boolean>;
  clearActionError: () => void;
};

/** Loads everything the Mappings screen shows, in parallel. */
async function fetchMappingData() {
  const client = getClient();
  const [workspaces, groups, mappings, suggestions, dismissedSuggestions, settings] = await Promise.all([
    client.listWorkspaces({}),
    client.listGroups({}),
    client.listMappings({}),
    client.listSuggestions({}),
    client.listDismissedSuggestions({}),
    client.getSettings({}),
  ]);
  return { workspaces, groups, mappings, suggestions, dismissedSuggestions, settings };
}

export const useMappingsStore = create<MappingsState>()((set, get) => {
  /**
   * Runs one change, then reloads the screen's data because a change to a mapping or a
   * workspace also changes groups, suggestions and workspace names elsewhere on the screen.
   * Returns whether the change succeeded; a change that returns false was cancelled.
   */
  async function runAction(
    action: MappingAction,
    failed: string,
    nextStep: string,
    change: () => Promise<unknown>,
  ): Promise<boolean> {
    set({ pendingAction: action, actionError: null });
    try {
      if ((await change()) === false) {
        set({ pendingAction: null });
        return false;
      }
    } catch (error) {
      set({ pendingAction: null, actionError: { action, problem: toProblem(failed, error, nextStep) } });
      return false;
    }
    set({ pendingAction: null });
    await get().load();
    return true;
  }

  return {
    workspaces: [],
    groups: [],
    mappings: [],
    suggestions: [],
    dismissedSuggestions: [],
    settings: null,
    loaded: false,
    loading: false,
    loadError: null,
    pendingAction: null,
    actionError: null,

    load: async () => {
      set({ loading: true });
      try {
        const data = await fetchMappingData();
        set({ ...data, loaded: true, loading: false, loadError: null });
      } catch (error) {
        set({
          loading: false,
          loadError: toProblem('Loading the groups and mappings failed.', error, RETRY_LOAD),
        });
      }
    },

    createWorkspace: (name) =>
      runAction(
        'createWorkspace',
        `Creating the workspace "${name}" failed.`,
        'Choose another name, then select Create workspace again.',
        () => getClient().createWorkspace({ name }),
      ),

    renameWorkspace: (id, name, changeSlug) =>
      runAction(
        'renameWorkspace',
        `Renaming the workspace to "${name}" failed.`,
        'Choose another name, then select Save again.',
        () => getClient().renameWorkspace({ id, name, changeSlug }),
      ),

    dismissSuggestion: (suggestion) =>
      runAction(
        'dismissSuggestion',
        `Dismissing the suggestion for ${suggestion.groupName} failed.`,
        'Reload the screen to see the current suggestions, then dismiss it again.',
        () => getClient().dismissSuggestion({ groupId: suggestion.groupId }),
      ),

    restoreSuggestion: (suggestion) =>
      runAction(
        'restoreSuggestion',
        `Restoring the suggestion for ${suggestion.groupName} failed.`,
        'Reload the screen to see the current suggestions, then restore it again.',
        () => getClient().restoreSuggestion({ groupId: suggestion.groupId }),
      ),

    setNamingSlug: (slug) =>
      runAction(
        'setNamingSlug',
        slug === '' ? 'Accepting any app slug failed.' : `Setting the slug to "${slug}" failed.`,
        'Correct the slug, then save it again.',
        () => getClient().updateSettings({ namingSlug: slug }),
      ),

    addMapping: (groupId, grant) =>
      runAction(
        'addMapping',
        'Adding the mapping failed.',
        'Reload the screen to see the current groups and workspaces, then add the mapping again.',
        () => getClient().addMapping({ groupId, grant }),
      ),

    removeMapping: (mappingId) =>
      runAction(
        'removeMapping',
        'Removing the mapping failed.',
        'Reload the screen to see whether the mapping still exists, then remove it again.',
        () =>
          runGuardedChange({
            change: { kind: 'removeMapping', id: mappingId },
            title: 'Remove this mapping?',
            confirmLabel: (count) => `Remove it; ${usersText(count)} lose or lower access`,
            run: (confirmedLossCount) => getClient().removeMapping({ id: mappingId, confirmedLossCount }),
          }),
      ),

    applySuggestions: (groupIds) =>
      runAction(
        'applySuggestions',
        groupIds === undefined ? 'Accepting all suggestions failed.' : 'Accepting the suggestion failed.',
        'Reload the screen to see the current suggestions, then accept them again.',
        () => getClient().applySuggestions(groupIds === undefined ? {} : { groupIds }),
      ),

    archiveWorkspace: (id, name) =>
      runAction(
        'archiveWorkspace',
        `Archiving the workspace "${name}" failed.`,
        'Reload the screen to see the workspace as it is now, then archive it again.',
        () =>
          runGuardedChange({
            change: { kind: 'archiveWorkspace', id },
            title: `Archive the workspace "${name}"?`,
            confirmLabel: (count) => `Archive it; ${usersText(count)} lose access`,
            askOnAnyLoss: true,
            run: (confirmedLossCount) => getClient().archiveWorkspace({ id, confirmedLossCount }),
          }),
      ),

    clearActionError: () => set({ actionError: null }),
  };
});
