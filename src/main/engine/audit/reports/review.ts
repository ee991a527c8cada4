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

/** Header fact that the names in the report were typed, not authenticated. */
export const REVIEWER_AUTHENTICATION_NOTE =
  'None. The console does not authenticate reviewers: the reviewer and sign-off names were typed by whoever had the console open. Each decision also shows the recorded actor, the host it came from as the event log records it.';

/** Header fact that decisions do not change access. */
export const DECISIONS_NOT_APPLIED_NOTE =
  'Recorded, not applied. ScimDesk changes no access for a revoke or change decision. To carry one out, change the mapping (for example in a draft) or the group membership in the identity provider. "Access now matches decision" shows which are carried out.';

/**
 * Plans the access review report: the access the review covers, each role with
 * the decision (keep, revoke or change), comment, time, recorded actor and whether
 * the access now matches it, and the sign-off. A review that is not signed off yet
 * is exported as a draft.
 */
export function planReviewReport(context: ReportContext, reviewId: string | undefined): ReportPlan {
  const review = resolveReview(context.db, reviewId);
  const decided = review.decided.keep + review.decided.revoke + review.decided.change;
  const status =
    review.signedOffAt === null
      ? `Draft: not signed off, ${review.itemCount - decided} roles without a decision`
      : `Signed off under the name ${review.signedOffBy} (not verified) at ${review.signedOffAt}, recorded actor ${review.signedOffVia ?? 'unknown'}`;

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
        { label: 'Reviewer (as named when the review started)', value: review.reviewer },
        { label: 'Reviewer authentication', value: REVIEWER_AUTHENTICATION_NOTE },
        { label: 'Decisions', value: DECISIONS_NOT_APPLIED_NOTE },
        { label: 'Started', value: review.createdAt },
        { label: 'Started by (recorded actor)', value: review.startedBy },
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
          column('decidedBy', 'Reviewer (as named)', 'text', 1),
          column('decidedAt', 'Decided', 'time', 1.6),
          column('decidedVia', 'Recorded actor', 'text', 0.9),
          column('currentRole', 'Role now', 'text', 0.7),
          column('accessMatchesDecision', 'Access now matches decision', 'boolean', 0.8),
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
    yield {
      ...accessCells(item),
      decision: item.decision,
      newRole: item.newRole,
      comment: item.comment,
      decidedBy: item.decidedBy,
      decidedAt: item.decidedAt,
      decidedVia: item.decidedVia,
      currentRole: item.currentRole,
      accessMatchesDecision: item.accessMatchesDecision,
    };
  }
}
