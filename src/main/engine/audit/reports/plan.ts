import { AdminError } from '../../admin/errors.ts';
import { checkLogCovers } from '../../history/access-at.ts';
import type { Db } from '../../store/database.ts';
import { CURRENT_TABLES_LABEL, type ReportKind, type ReportPlan } from '../report-model.ts';
import { checkPeriod } from '../time.ts';
import { planAccessReport } from './access.ts';
import { planChangesReport } from './changes.ts';
import type { ReportContext } from './context.ts';
import { planMappingsReport } from './mappings.ts';
import { planReviewReport, resolveReview } from './review.ts';

/** A report's kind and filters, with times already parsed to ISO 8601 UTC. */
export interface ReportRequest {
  kind: ReportKind;
  /** Access report: the past instant to rebuild access at; omitted means now. */
  asOf?: string;
  /** Change report: start and end of the period, both included; omitted means unbounded. */
  from?: string;
  to?: string;
  /** Review report: the review; omitted means the newest one. */
  reviewId?: string;
}

/**
 * Checks a request before any file is written: filters that the kind does not
 * use, a period that ends before it starts, an as-of time before the event log
 * starts, a review that does not exist.
 */
export function checkReportRequest(db: Db, request: ReportRequest): void {
  rejectUnusedFilters(request);
  checkPeriod(request.from, request.to);
  if (request.asOf !== undefined) {
    checkLogCovers(db, request.asOf);
  }
  if (request.kind === 'review') {
    resolveReview(db, request.reviewId);
  }
}

/**
 * Plans a report of any kind after checking the request, and names in its header
 * the rows that come from tables outside the event log's chain.
 */
export function planReport(context: ReportContext, request: ReportRequest): ReportPlan {
  checkReportRequest(context.db, request);
  const plan = planReportOfKind(context, request);
  plan.header.details.push({ label: CURRENT_TABLES_LABEL, value: describeCurrentTables(request) });
  return plan;
}

function planReportOfKind(context: ReportContext, request: ReportRequest): ReportPlan {
  switch (request.kind) {
    case 'access':
      return planAccessReport(context, request.asOf);
    case 'changes':
      return planChangesReport(context, request.from, request.to);
    case 'mappings':
      return planMappingsReport(context);
    case 'review':
      return planReviewReport(context, request.reviewId);
  }
}

/** Says which of a report's rows come from current tables, which the chain check does not cover, and what checks them. */
function describeCurrentTables(request: ReportRequest): string {
  switch (request.kind) {
    case 'access':
      return request.asOf === undefined
        ? 'Users, their roles and since times (users, effective_roles) and the granting groups (group_members, mappings). ' +
            'The current access check compares them with the event log, except display names and connection names.'
        : 'Only the names of connections and workspaces, the workspaces that existed then and the organization-admin setting. ' +
            'Users, roles and granting groups are rebuilt from the event log.';
    case 'changes':
      return 'Only the names of connections and workspaces. The changes are read from the event log.';
    case 'mappings':
      return (
        'The mappings with who created them and when (mappings), member counts (group_members) and unmapped groups (groups). ' +
        'Nothing checks these rows against the event log, but the current access check finds a mapping whose grant no longer matches the stored roles of its active members. ' +
        'The mapping changes section is read from the event log.'
      );
    case 'review':
      return 'The review, its items, decisions, comments and sign-off (the access review tables). Nothing checks them against the event log.';
  }
}

const FILTERS_OF_KIND: Record<ReportKind, (keyof ReportRequest)[]> = {
  access: ['asOf'],
  changes: ['from', 'to'],
  mappings: [],
  review: ['reviewId'],
};

const FILTER_OPTIONS: Record<string, string> = { asOf: '--as-of', from: '--from', to: '--to', reviewId: '--review' };

function rejectUnusedFilters(request: ReportRequest): void {
  const allowed = FILTERS_OF_KIND[request.kind];
  for (const key of ['asOf', 'from', 'to', 'reviewId'] as const) {
    if (request[key] !== undefined && !allowed.includes(key)) {
      const accepted = allowed.length === 0 ? 'no filter' : allowed.map((name) => FILTER_OPTIONS[name]).join(' and ');
      throw new AdminError('invalid', `The ${request.kind} report does not use ${FILTER_OPTIONS[key]}: it takes ${accepted}. Remove ${FILTER_OPTIONS[key]} and try again.`);
    }
  }
}
