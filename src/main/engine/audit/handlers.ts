import type { LogHead } from '../../../shared/api.ts';
import { AdminError } from '../admin/errors.ts';
import type { ConsoleHandlers, HostInfo } from '../admin/console-handlers.ts';
import type { Engine } from '../engine.ts';
import { GENESIS_DIGEST } from '../events/log.ts';
import { checkLogCovers } from '../history/access-at.ts';
import { createLogger } from '../log/logger.ts';
import { ensureDataDirectoryId } from './identity.ts';
import { ExportJobs } from './jobs.ts';
import { checkReportRequest, type ReportRequest } from './reports/plan.ts';
import { getReview, listReviewItems, listReviews, setReviewDecisions, signOffReview, startReview } from './review/reviews.ts';
import { checkPeriod, parseAsOf, parseReportTime } from './time.ts';
import { isVerifying, lastVerification, verifyLog } from './verifications.ts';

const log = createLogger('audit');

type AuditMethod =
  | 'getLogHead'
  | 'verifyLog'
  | 'exportReport'
  | 'exportBundle'
  | 'getReportExport'
  | 'listReportExports'
  | 'revealReportFile'
  | 'listReviews'
  | 'startReview'
  | 'listReviewRows'
  | 'setReviewDecision'
  | 'signOffReview';

/**
 * Implements the console's audit methods: the log head and its checks, report
 * and bundle exports that run in the host while the console polls them, and
 * access reviews.
 */
export function createAuditHandlers(engine: Engine, host: HostInfo): Pick<ConsoleHandlers, AuditMethod> {
  const jobs = new ExportJobs(engine);

  return {
    getLogHead: () => describeLogHead(engine),
    verifyLog: () => {
      verifyLog(engine, 'console').catch((error: unknown) => log.error({ err: error }, 'checking the event log failed'));
      return describeLogHead(engine);
    },
    exportReport: (input) => {
      const request = parseRequest({ kind: input.kind, asOf: input.asOf, from: input.from, to: input.to, reviewId: input.reviewId }, engine.clock.now());
      checkReportRequest(engine.db, request);
      return jobs.startReport(request, input.format, host.actor);
    },
    exportBundle: (input) => {
      const { kind: _access, ...request } = parseRequest({ kind: 'access', asOf: input.asOf, from: input.from, to: input.to, reviewId: input.reviewId }, engine.clock.now());
      // Checked before the job starts, so that a reversed period fails this request instead of the running job.
      checkPeriod(request.from, request.to);
      if (request.asOf !== undefined) {
        checkLogCovers(engine.db, request.asOf);
      }
      if (request.reviewId !== undefined) {
        getReview(engine.db, request.reviewId);
      }
      return jobs.startBundle({ ...request, formats: input.formats }, host.actor);
    },
    getReportExport: (input) => jobs.get(input.id),
    listReportExports: () => jobs.list(),
    revealReportFile: (input) => {
      const job = jobs.get(input.id);
      if (!host.revealFile) {
        throw new AdminError('refused', `Only the desktop app can open a folder. Download ${job.fileName} instead.`);
      }
      if (job.state !== 'done') {
        throw new AdminError('refused', `The export ${job.fileName} has not finished, so there is no file to show yet.`);
      }
      host.revealFile(job.filePath);
      return { ok: true as const };
    },
    listReviews: () => listReviews(engine.db),
    startReview: (input) => startReview(engine, input.name, input.reviewer, host.actor),
    listReviewRows: (input) => {
      const page = listReviewItems(engine, input.reviewId, input);
      return { review: getReview(engine.db, input.reviewId), ...page };
    },
    setReviewDecision: (input) => setReviewDecisions(engine, input.reviewId, input.items, input.decision, input.comment, host.actor, input.newRole),
    signOffReview: (input) => signOffReview(engine, input.reviewId, input.reviewer, host.actor),
  };
}

/** Describes the log's head and its last check for the console. */
export function describeLogHead(engine: Engine): LogHead {
  const head = engine.db.prepare('SELECT id, digest FROM events ORDER BY id DESC LIMIT 1').get() as { id: number; digest: string } | undefined;
  const eventCount = engine.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
  return {
    headEventId: head?.id ?? 0,
    headDigest: head?.digest ?? GENESIS_DIGEST,
    eventCount,
    dataDirectoryId: ensureDataDirectoryId(engine.db),
    verifying: isVerifying(engine),
    lastVerification: lastVerification(engine.db),
  };
}

/** Parses the times of a console request; the option names in messages match the console's fields. */
function parseRequest(input: ReportRequest, now: Date): ReportRequest {
  const request: ReportRequest = { kind: input.kind };
  if (input.asOf !== undefined) {
    request.asOf = parseAsOf(input.asOf, 'as-of', now);
  }
  if (input.from !== undefined) {
    request.from = parseReportTime(input.from, 'from', 'start', now);
  }
  if (input.to !== undefined) {
    request.to = parseReportTime(input.to, 'to', 'end', now);
  }
  if (input.reviewId !== undefined) {
    request.reviewId = input.reviewId;
  }
  return request;
}
