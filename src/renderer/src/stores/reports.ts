import { create } from 'zustand';
import type { ConsoleInput, LogHead, ReportExport, ReviewItem, ReviewSummary } from '../../../shared/api.ts';
import type { WorkspaceRole } from '../../../shared/model.ts';
import { getClient } from '../api/client.ts';
import { RETRY_LOAD, toProblem, type Problem } from '../lib/errors.ts';

/** Interval at which the console polls running exports and chain checks, in milliseconds. */
const POLL_MS = 400;
/** Minimum time between two reloads of the log head while events arrive, in milliseconds. */
const HEAD_REFRESH_MS = 2_000;
/** Review rows per page. */
export const REVIEW_PAGE_SIZE = 50;

export type ReportExportRequest = ConsoleInput<'exportReport'>;
export type BundleRequest = ConsoleInput<'exportBundle'>;

type ReportsState = {
  head: LogHead | null;
  headError: Problem | null;
  exports: ReportExport[];
  /** A failure to read the exports' progress or to show a file, shown above the list of exports. */
  exportError: Problem | null;
  /** A report export that could not start, shown in the form that requested it. */
  reportError: Problem | null;
  /** An evidence bundle that could not start, shown in the bundle's form. */
  bundleError: Problem | null;
  starting: boolean;
  /** Loads the log head, its last check and this host's exports. */
  load: () => Promise<void>;
  /** Starts a check of the chain and polls until it finishes. */
  verify: () => Promise<void>;
  /** Reloads the log head as new events arrive, at most every HEAD_REFRESH_MS. Returns the function that stops it. */
  followHead: () => () => void;
  startReport: (request: ReportExportRequest) => Promise<void>;
  startBundle: (request: BundleRequest) => Promise<void>;
  reveal: (id: string) => Promise<void>;
  dismissExportError: () => void;
  dismissReportError: () => void;
  dismissBundleError: () => void;
};

let pollTimer: number | undefined;
let headTimer: number | undefined;

/** The event log's head and integrity, and the report exports this host runs. */
export const useReportsStore = create<ReportsState>()((set, get) => {
  const schedulePoll = (): void => {
    if (pollTimer !== undefined) {
      return;
    }
    pollTimer = window.setTimeout(() => {
      pollTimer = undefined;
      void poll();
    }, POLL_MS);
  };

  const poll = async (): Promise<void> => {
    try {
      const running = get().exports.filter((entry) => entry.state === 'running');
      const updated = await Promise.all(running.map((entry) => getClient().getReportExport({ id: entry.id })));
      const byId = new Map(updated.map((entry) => [entry.id, entry]));
      set({ exports: get().exports.map((entry) => byId.get(entry.id) ?? entry) });
      if (get().head?.verifying) {
        set({ head: await getClient().getLogHead({}) });
      }
    } catch (error) {
      set({ exportError: toProblem('Reading the export progress failed.', error, RETRY_LOAD) });
      return;
    }
    if (get().exports.some((entry) => entry.state === 'running') || get().head?.verifying) {
      schedulePoll();
    }
  };

  const started = (entry: ReportExport): void => {
    set({ exports: [entry, ...get().exports.filter((other) => other.id !== entry.id)], starting: false, exportError: null, reportError: null, bundleError: null });
    schedulePoll();
  };

  return {
    head: null,
    headError: null,
    exports: [],
    exportError: null,
    reportError: null,
    bundleError: null,
    starting: false,

    load: async () => {
      try {
        const [head, exports] = await Promise.all([getClient().getLogHead({}), getClient().listReportExports({})]);
        set({ head, exports, headError: null });
        if (head.verifying || exports.some((entry) => entry.state === 'running')) {
          schedulePoll();
        }
      } catch (error) {
        set({ headError: toProblem('Loading the event log head failed.', error, RETRY_LOAD) });
      }
    },

    followHead: () => {
      const stop = getClient().subscribeEvents(() => {
        if (headTimer !== undefined) {
          return;
        }
        headTimer = window.setTimeout(() => {
          headTimer = undefined;
          getClient()
            .getLogHead({})
            .then((head) => set({ head, headError: null }))
            .catch((error: unknown) => set({ headError: toProblem('Loading the event log head failed.', error, RETRY_LOAD) }));
        }, HEAD_REFRESH_MS);
      });
      return () => {
        stop();
        window.clearTimeout(headTimer);
        headTimer = undefined;
      };
    },

    verify: async () => {
      try {
        set({ head: await getClient().verifyLog({}), headError: null });
        schedulePoll();
      } catch (error) {
        set({ headError: toProblem('Starting the check of the event log failed.', error, RETRY_LOAD) });
      }
    },

    startReport: async (request) => {
      set({ starting: true });
      try {
        started(await getClient().exportReport(request));
      } catch (error) {
        set({ starting: false, reportError: toProblem('The export could not start.', error, 'Check the filters, then export again.') });
      }
    },

    startBundle: async (request) => {
      set({ starting: true });
      try {
        started(await getClient().exportBundle(request));
      } catch (error) {
        set({ starting: false, bundleError: toProblem('The evidence bundle could not start.', error, 'Check the filters, then try again.') });
      }
    },

    reveal: async (id) => {
      try {
        await getClient().revealReportFile({ id });
      } catch (error) {
        set({ exportError: toProblem('Showing the file failed.', error, 'Open the reports folder of the data directory by hand.') });
      }
    },

    dismissExportError: () => set({ exportError: null }),
    dismissReportError: () => set({ reportError: null }),
    dismissBundleError: () => set({ bundleError: null }),
  };
});

type ReviewState = {
  reviews: ReviewSummary[];
  loaded: boolean;
  error: Problem | null;
  selectedId: string | null;
  review: ReviewSummary | null;
  items: ReviewItem[];
  total: number;
  offset: number;
  search: string;
  undecidedOnly: boolean;
  loadingItems: boolean;
  /** A failed start, decision or sign-off; the rows stay as they were. */
  actionError: Problem | null;
  busy: boolean;
  load: () => Promise<void>;
  select: (id: string) => Promise<void>;
  loadItems: () => Promise<void>;
  setSearch: (search: string) => void;
  setUndecidedOnly: (undecidedOnly: boolean) => void;
  setOffset: (offset: number) => void;
  start: (name: string, reviewer: string) => Promise<boolean>;
  /** Records a decision; a "change" needs `newRole`, the workspace role to give instead. */
  decide: (items: { userId: string; scope: string }[], decision: 'keep' | 'revoke' | 'change', comment: string, newRole?: WorkspaceRole) => Promise<void>;
  signOff: (reviewer: string) => Promise<void>;
  dismissActionError: () => void;
};

/** Access reviews: the list, the selected review's rows a page at a time, decisions and sign-off. */
export const useReviewStore = create<ReviewState>()((set, get) => ({
  reviews: [],
  loaded: false,
  error: null,
  selectedId: null,
  review: null,
  items: [],
  total: 0,
  offset: 0,
  search: '',
  undecidedOnly: false,
  loadingItems: false,
  actionError: null,
  busy: false,

  load: async () => {
    try {
      const reviews = await getClient().listReviews({});
      set({ reviews, loaded: true, error: null });
      const selected = get().selectedId ?? reviews[0]?.id ?? null;
      if (selected !== null) {
        await get().select(selected);
      }
    } catch (error) {
      set({ error: toProblem('Loading the access reviews failed.', error, RETRY_LOAD) });
    }
  },

  select: async (id) => {
    set({ selectedId: id, offset: 0 });
    await get().loadItems();
  },

  loadItems: async () => {
    const { selectedId, search, undecidedOnly, offset } = get();
    if (selectedId === null) {
      return;
    }
    set({ loadingItems: true });
    try {
      const page = await getClient().listReviewRows({ reviewId: selectedId, search: search.trim() === '' ? undefined : search.trim(), undecidedOnly, offset, limit: REVIEW_PAGE_SIZE });
      if (get().selectedId === selectedId) {
        set({ review: page.review, items: page.items, total: page.total, loadingItems: false, error: null });
      }
    } catch (error) {
      set({ loadingItems: false, error: toProblem('Loading the review rows failed.', error, RETRY_LOAD) });
    }
  },

  setSearch: (search) => set({ search, offset: 0 }),
  setUndecidedOnly: (undecidedOnly) => {
    set({ undecidedOnly, offset: 0 });
    void get().loadItems();
  },
  setOffset: (offset) => {
    set({ offset });
    void get().loadItems();
  },

  start: async (name, reviewer) => {
    set({ busy: true });
    try {
      const review = await getClient().startReview({ name, reviewer });
      set({ reviews: [review, ...get().reviews], busy: false, actionError: null, search: '', undecidedOnly: false });
      await get().select(review.id);
      return true;
    } catch (error) {
      set({ busy: false, actionError: toProblem('Starting the access review failed.', error, 'Check the name and the reviewer, then try again.') });
      return false;
    }
  },

  decide: async (items, decision, comment, newRole) => {
    const reviewId = get().selectedId;
    if (reviewId === null) {
      return;
    }
    set({ busy: true });
    try {
      const review = await getClient().setReviewDecision({ reviewId, items, decision, comment, newRole });
      set({ review, reviews: get().reviews.map((other) => (other.id === review.id ? review : other)), busy: false, actionError: null });
      await get().loadItems();
    } catch (error) {
      set({ busy: false, actionError: toProblem('Saving the decision failed.', error, 'Reload the review, then decide again.') });
    }
  },

  signOff: async (reviewer) => {
    const reviewId = get().selectedId;
    if (reviewId === null) {
      return;
    }
    set({ busy: true });
    try {
      const review = await getClient().signOffReview({ reviewId, reviewer });
      set({ review, reviews: get().reviews.map((other) => (other.id === review.id ? review : other)), busy: false, actionError: null });
    } catch (error) {
      set({ busy: false, actionError: toProblem('Signing off the review failed.', error, 'Decide on every role, then sign off again.') });
    }
  },

  dismissActionError: () => set({ actionError: null }),
}));
