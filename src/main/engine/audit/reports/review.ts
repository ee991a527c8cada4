import { AdminError } from '../../admin/errors.ts';
import type { Db } from '../../store/database.ts';
import { column, type ReportPlan, type ReportRow } from '../report-model.ts';
import { getReview, SELECT_REVIEW_ITEMS, toItem, type ReviewItemRow, type ReviewSummary } from '../review/reviews.ts';
import { ACCESS_COLUMNS, accessCells } from './access.ts';
import type { ReportContext } from './context.ts';

/** Picks the review to report on: the given id, or the newest review. */
export function resolveReview(db: Db, reviewId: string | undefined): ReviewSummary {
  if (reviewId !== undefined) {
    return getReview(db, reviewId);
  }
  const newest = db.prepare('SELECT id FROM access_reviews ORDER BY created_at DESC, rowid DESC LIMIT 1').pluck().get() as string | undefined;
  if (newest === undefined) {
    throw new AdminError('not-found', 'There is no access review yet. Start one on the Access review screen of the console, then export it.');
  }
  return getReview(db, newest);
}

/**
 * Plans the access review report: the access the review covers, each role with
 * the reviewer's decision (keep, revoke or change), comment and time, and the
 * sign-off. A review that is not signed off yet is exported as a draft.
 */
export function planReviewReport(context: ReportContext, reviewId: string | undefined): ReportPlan {
  const review = resolveReview(context.db, reviewId);
  const decided = review.decided.keep + review.decided.revoke + review.decided.change;
  const status = review.signedOffAt === null ? `Draft: not signed off, ${review.itemCount - decided} roles without a decision` : `Signed off by ${review.signedOffBy} at ${review.signedOffAt}`;

  return {
    header: {
      kind: 'review',
      title: 'Access review',
      generatedAt: context.generatedAt,
      dataDirectoryId: context.dataDirectoryId,
      filters: { reviewId: review.id },
      scope: `The access review "${review.name}" of the access at event ${review.headEventId}, started at ${review.createdAt}`,
      log: context.log,
      details: [
        { label: 'Review', value: review.name },
        { label: 'Reviewer', value: review.reviewer },
        { label: 'Started', value: review.createdAt },
        { label: 'Access as of event', value: `${review.headEventId} (digest ${review.headDigest})` },
        { label: 'Status', value: status },
        ...(review.signOffEventId === null ? [] : [{ label: 'Sign-off event', value: String(review.signOffEventId) }]),
      ],
    },
    summary: {
      figures: [
        { label: 'Roles reviewed', value: review.itemCount },
        { label: 'Keep', value: review.decided.keep },
        { label: 'Revoke', value: review.decided.revoke },
        { label: 'Change', value: review.decided.change },
        { label: 'Undecided', value: review.itemCount - decided },
      ],
      charts: [
        {
          title: 'Decisions',
          series: ['keep', 'revoke', 'change', 'undecided'],
          bars: [{ label: review.name, values: [review.decided.keep, review.decided.revoke, review.decided.change, review.itemCount - decided] }],
          omittedBars: 0,
        },
      ],
    },
    sections: [
      {
        id: 'review',
        title: 'Roles and decisions',
        columns: [
          ...ACCESS_COLUMNS,
          column('decision', 'Decision', 'text', 0.8),
          column('newRole', 'New role', 'text', 0.7),
          column('comment', 'Comment', 'text', 1.8),
          column('decidedBy', 'Decided by', 'text', 1),
          column('decidedAt', 'Decided', 'time', 1.6),
        ],
        rowCount: review.itemCount,
        emptyText: 'The review covers no roles: nobody had access when it started.',
        rows: () => reviewRows(context, review.id),
      },
    ],
  };
}

function* reviewRows(context: ReportContext, reviewId: string): Generator<ReportRow> {
  const rows = context.db.prepare(`${SELECT_REVIEW_ITEMS} WHERE i.review_id = ? ORDER BY i.seq`).iterate(reviewId) as IterableIterator<ReviewItemRow>;
  for (const row of rows) {
    const item = toItem(row);
    yield { ...accessCells(item), decision: item.decision, newRole: item.newRole, comment: item.comment, decidedBy: item.decidedBy, decidedAt: item.decidedAt };
  }
}
