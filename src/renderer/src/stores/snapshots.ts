import { create } from 'zustand';
import type { Snapshot, SnapshotComparison, SnapshotFormat, SnapshotProblem } from '../../../shared/api.ts';
import { getClient } from '../api/client.ts';
import { RETRY_LOAD, toProblem, type Problem } from '../lib/errors.ts';

/** A file chosen for import, read as text in the browser. */
export type SnapshotFile = {
  name: string;
  format: SnapshotFormat;
  fileName: string;
  content: string;
  groupName?: string;
  /** The connection the export came from; without it, groups are matched with those of every connection. */
  connectionId?: string;
};

type SnapshotsState = {
  snapshots: Snapshot[];
  loaded: boolean;
  busy: boolean;
  problem: Problem | null;
  /** Rows of the last rejected file, with their lines, and how many there were in all. */
  importProblems: { problems: SnapshotProblem[]; count: number; fileName: string } | null;
  comparison: SnapshotComparison | null;
  load: () => Promise<void>;
  /** Imports a file and returns the new snapshot, or null when the file had problems or the import failed. */
  importFile: (file: SnapshotFile) => Promise<Snapshot | null>;
  compare: (snapshotId: string) => Promise<void>;
  remove: (snapshotId: string) => Promise<void>;
  clearComparison: () => void;
};

/** Imported group membership exports, for offline review. */
export const useSnapshotsStore = create<SnapshotsState>()((set, get) => ({
  snapshots: [],
  loaded: false,
  busy: false,
  problem: null,
  importProblems: null,
  comparison: null,

  load: async () => {
    try {
      set({ snapshots: await getClient().listSnapshots({}), loaded: true });
    } catch (error) {
      set({ problem: toProblem('Loading the snapshots failed.', error, RETRY_LOAD) });
    }
  },

  importFile: async (file) => {
    set({ busy: true, problem: null, importProblems: null });
    try {
      const result = await getClient().importSnapshot(file);
      if (result.snapshot === null) {
        set({ importProblems: { problems: result.problems, count: result.problemCount, fileName: file.fileName } });
        return null;
      }
      await get().load();
      return result.snapshot;
    } catch (error) {
      set({ problem: toProblem(`Importing "${file.fileName}" failed.`, error, 'Check the name and the format, then import the file again.') });
      return null;
    } finally {
      set({ busy: false });
    }
  },

  compare: async (snapshotId) => {
    set({ busy: true, problem: null });
    try {
      set({ comparison: await getClient().compareSnapshot({ snapshotId }) });
    } catch (error) {
      set({ problem: toProblem('Comparing the snapshot failed.', error, 'Reload the snapshots, then compare again.') });
    } finally {
      set({ busy: false });
    }
  },

  remove: async (snapshotId) => {
    set({ busy: true, problem: null });
    try {
      await getClient().deleteSnapshot({ snapshotId });
      if (get().comparison?.snapshot.id === snapshotId) {
        set({ comparison: null });
      }
      await get().load();
    } catch (error) {
      set({ problem: toProblem('Deleting the snapshot failed.', error, 'Reload the snapshots, then delete it again.') });
    } finally {
      set({ busy: false });
    }
  },

  clearComparison: () => set({ comparison: null }),
}));
