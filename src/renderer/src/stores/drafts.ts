import { create } from 'zustand';
import type { Draft, DraftChangeInput, DraftDiff, DraftSummary, GuardrailSettings } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { RETRY_LOAD, toProblem, type Problem } from '../lib/errors.ts';
import { runGuardedChange, usersText } from './guardrails.ts';
import { useMappingsStore } from './mappings.ts';

/** Filter of the entries of a draft's diff that the list shows. */
export type DiffFilter = {
  kind: 'all' | 'gained' | 'lost' | 'changed';
  /** Text that the user name, display name or a group behind the change must contain. */
  text: string;
  /** 'all', 'organization' or a workspace id. */
  scope: string;
};

type DraftsState = {
  drafts: DraftSummary[];
  /** The open draft whose changes the Mappings screen edits; null edits the live mappings. */
  draft: Draft | null;
  diff: DraftDiff | null;
  /** Snapshot the diff is computed against; null for the live directory. */
  diffSnapshotId: string | null;
  filter: DiffFilter;
  guardrail: GuardrailSettings | null;
  loading: boolean;
  busy: boolean;
  problem: Problem | null;
  /** Set after the draft was applied: the event that recorded it. */
  appliedEventId: number | null;
  /** Set after a draft was discarded: its name, for the confirmation. */
  discardedDraftName: string | null;
  load: () => Promise<void>;
  createDraft: (name: string) => Promise<boolean>;
  openDraft: (draftId: string) => Promise<void>;
  closeDraft: () => void;
  addChange: (change: DraftChangeInput) => Promise<boolean>;
  removeChange: (changeId: string) => Promise<void>;
  setDiffSnapshot: (snapshotId: string | null) => Promise<void>;
  setFilter: (filter: Partial<DiffFilter>) => void;
  applyDraft: () => Promise<boolean>;
  discardDraft: () => Promise<boolean>;
  updateGuardrail: (maxLossShare: number) => Promise<boolean>;
  clearProblem: () => void;
};

const ALL: DiffFilter = { kind: 'all', text: '', scope: 'all' };

export const useDraftsStore = create<DraftsState>()((set, get) => {
  /** Runs a step that changes a draft, keeping the failure as a problem with a next step. */
  async function run(failed: string, nextStep: string, step: () => Promise<void>): Promise<boolean> {
    set({ busy: true, problem: null });
    try {
      await step();
      return true;
    } catch (error) {
      set({ problem: toProblem(failed, error, nextStep) });
      return false;
    } finally {
      set({ busy: false });
    }
  }

  /** Reloads the open draft and its diff. */
  async function refresh(draftId: string): Promise<void> {
    const client = getClient();
    const snapshotId = get().diffSnapshotId;
    const [draft, diff, drafts] = await Promise.all([
      client.getDraft({ draftId }),
      client.getDraftDiff(snapshotId === null ? { draftId } : { draftId, snapshotId }),
      client.listDrafts({}),
    ]);
    set({ draft, diff, drafts });
  }

  return {
    drafts: [],
    draft: null,
    diff: null,
    diffSnapshotId: null,
    filter: ALL,
    guardrail: null,
    loading: false,
    busy: false,
    problem: null,
    appliedEventId: null,
    discardedDraftName: null,

    load: async () => {
      set({ loading: true });
      try {
        const [drafts, guardrail] = await Promise.all([getClient().listDrafts({}), getClient().getGuardrailSettings({})]);
        set({ drafts, guardrail, loading: false });
        const open = get().draft;
        if (open !== null) {
          await refresh(open.id);
        }
      } catch (error) {
        set({ loading: false, problem: toProblem('Loading the drafts failed.', error, RETRY_LOAD) });
      }
    },

    createDraft: (name) =>
      run(`Creating the draft "${name}" failed.`, 'Choose another name, then create the draft again.', async () => {
        const draft = await getClient().createDraft({ name });
        set({ appliedEventId: null, discardedDraftName: null, filter: ALL });
        await refresh(draft.id);
      }),

    openDraft: async (draftId) => {
      set({ appliedEventId: null, discardedDraftName: null, filter: ALL });
      await run('Opening the draft failed.', 'Reload the drafts, then open it again.', () => refresh(draftId));
    },

    closeDraft: () => set({ draft: null, diff: null, problem: null }),

    addChange: (change) =>
      run('Adding the change to the draft failed.', 'Reload the draft to see its changes, then add the change again.', async () => {
        const draft = get().draft;
        if (draft === null) {
          throw new Error('No draft is open.');
        }
        await getClient().addDraftChange({ draftId: draft.id, change });
        await refresh(draft.id);
      }),

    removeChange: async (changeId) => {
      await run('Removing the change from the draft failed.', 'Reload the draft, then remove the change again.', async () => {
        const draft = get().draft!;
        await getClient().removeDraftChange({ draftId: draft.id, changeId });
        await refresh(draft.id);
      });
    },

    setDiffSnapshot: async (snapshotId) => {
      set({ diffSnapshotId: snapshotId });
      const draft = get().draft;
      if (draft !== null) {
        await run('Computing the diff failed.', 'Choose the source again, or check that the snapshot still exists.', () => refresh(draft.id));
      }
    },

    setFilter: (filter) => set({ filter: { ...get().filter, ...filter } }),

    applyDraft: () =>
      run('Applying the draft failed.', 'Review the diff again; the directory may have changed since.', async () => {
        const draft = get().draft!;
        let eventId: number | null = null;
        const applied = await runGuardedChange({
          change: { kind: 'applyDraft', draftId: draft.id },
          title: `Apply the draft "${draft.name}"?`,
          confirmLabel: (count) => `Apply it; ${usersText(count)} lose or lower access`,
          run: async (confirmedLossCount) => {
            eventId = (await getClient().applyDraft({ draftId: draft.id, confirmedLossCount })).eventId;
          },
        });
        if (!applied) {
          return;
        }
        set({ appliedEventId: eventId, discardedDraftName: null, draft: null, diff: null, drafts: await getClient().listDrafts({}) });
        await useMappingsStore.getState().load();
      }),

    discardDraft: () =>
      run('Discarding the draft failed.', 'Reload the drafts, then discard it again.', async () => {
        const draft = get().draft!;
        await getClient().discardDraft({ draftId: draft.id });
        set({ appliedEventId: null, discardedDraftName: draft.name, draft: null, diff: null, drafts: await getClient().listDrafts({}) });
      }),

    updateGuardrail: (maxLossShare) =>
      run('Saving the guardrail failed.', 'Enter a share from 0 to 100 percent, then save again.', async () => {
        set({ guardrail: await getClient().updateGuardrailSettings({ maxLossShare }) });
        const draft = get().draft;
        if (draft !== null) {
          await refresh(draft.id);
        }
      }),

    clearProblem: () => set({ problem: null }),
  };
});
