import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Engine } from '../engine.ts';
import { BUNDLE_EXPORTED, type BundleRecord } from './bundle.ts';
import type { ChainVerification } from './chain.ts';
import { REPORT_EXPORTED, type ReportExportRecord } from './export.ts';
import { checkLog } from './verifications.ts';

/**
 * The event that recorded a report, with what it recorded: a report export, or an
 * evidence bundle that listed the report among its files.
 */
export interface RecordedReportExport {
  eventId: number;
  at: string;
  actor: string | null;
  report: ReportExportRecord;
  /** The report's path inside the bundle when the event recorded a bundle; null for a report export. */
  bundlePath: string | null;
}

/** Outcome of checking one report file against the event log of a data directory. */
export interface ReportFileVerification {
  ok: boolean;
  path: string;
  sha256: string;
  byteCount: number;
  /** Each reason the file fails, as a sentence; empty when it passes. */
  problems: string[];
  /** The export event with this file's SHA-256; null when no event records it. */
  recorded: RecordedReportExport | null;
  /** The check of the whole chain that covers the recording event. */
  chain: ChainVerification;
}

/** Returns the SHA-256 (hex) and size of a file, read as a stream. */
export async function digestFile(path: string): Promise<{ sha256: string; byteCount: number }> {
  const hash = createHash('sha256');
  let byteCount = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    byteCount += chunk.length;
  }
  return { sha256: hash.digest('hex'), byteCount };
}

/**
 * Checks a report file against an engine's event log. An event must record an
 * export with the file's SHA-256, and the whole chain must be intact, so that
 * event is unchanged. The recorded head event must still have the recorded
 * digest, the log must have been intact when the report was made, and an access
 * report of now must have found current access in agreement with the log. The chain
 * check is stored like any check from the CLI.
 */
export async function verifyReportFile(engine: Engine, path: string): Promise<ReportFileVerification> {
  const { sha256, byteCount } = await digestFile(path);
  const chain = await checkLog(engine, 'cli');
  const recorded = findReportRecord(engine, sha256);
  const problems: string[] = [];

  if (recorded === null) {
    problems.push(
      `No event of the event log records a report export whose file has the SHA-256 ${sha256}. ` +
        'ScimDesk records every report it exports, so the file was changed after it was exported, ' +
        'it was exported from another data directory or by a version of ScimDesk that did not record reports yet, ' +
        'or the log lost the events that recorded it (run `scimdesk verify --anchor DIGEST` with a head digest kept from after the export). ' +
        'A report taken out of an evidence bundle made by an earlier version is checked with the bundle: `scimdesk verify --bundle FILE --data DIR`.',
    );
  }
  if (!chain.ok) {
    problems.push(`The event log failed its check, so its records cannot vouch for the file: ${chain.breaks[0]?.message ?? 'the chain is broken.'}`);
  }
  if (recorded !== null) {
    checkRecordedHead(engine, recorded, problems);
  }
  return { ok: problems.length === 0, path, sha256, byteCount, problems, recorded, chain };
}

function findReportRecord(engine: Engine, sha256: string): RecordedReportExport | null {
  return findExportRecord(engine, sha256) ?? findBundleReportRecord(engine, sha256);
}

function findExportRecord(engine: Engine, sha256: string): RecordedReportExport | null {
  const row = engine.db
    .prepare(
      `SELECT e.id, e.at, json_extract(e.detail, '$.actor') AS actor, json_extract(e.detail, '$.report') AS report
       FROM event_refs r JOIN events e ON e.id = r.event_id
       WHERE r.ref_type = 'change' AND r.ref_key = ? AND json_extract(e.detail, '$.report.sha256') = ?
       ORDER BY e.id LIMIT 1`,
    )
    .get(REPORT_EXPORTED, sha256) as { id: number; at: string; actor: string | null; report: string } | undefined;
  if (!row) {
    return null;
  }
  return { eventId: row.id, at: row.at, actor: row.actor, report: JSON.parse(row.report) as ReportExportRecord, bundlePath: null };
}

/** Finds the first bundle whose recording event lists a report with this SHA-256. */
function findBundleReportRecord(engine: Engine, sha256: string): RecordedReportExport | null {
  const row = engine.db
    .prepare(
      `SELECT e.id, e.at, json_extract(e.detail, '$.actor') AS actor, json_extract(e.detail, '$.bundle') AS bundle
       FROM event_refs r JOIN events e ON e.id = r.event_id
       WHERE r.ref_type = 'change' AND r.ref_key = ?
         AND EXISTS (SELECT 1 FROM json_each(e.detail, '$.bundle.reports') f WHERE json_extract(f.value, '$.sha256') = ?)
       ORDER BY e.id LIMIT 1`,
    )
    .get(BUNDLE_EXPORTED, sha256) as { id: number; at: string; actor: string | null; bundle: string } | undefined;
  if (!row) {
    return null;
  }
  const bundle = JSON.parse(row.bundle) as BundleRecord;
  const file = bundle.reports!.find((candidate) => candidate.sha256 === sha256)!;
  const report: ReportExportRecord = {
    kind: file.kind,
    format: file.format,
    fileName: file.path,
    sha256: file.sha256,
    byteCount: file.byteCount,
    rowCount: file.rowCount,
    generatedAt: bundle.createdAt,
    headEventId: bundle.headEventId,
    headDigest: bundle.headDigest,
    chainIntact: bundle.chainIntact,
    firstBrokenEventId: bundle.firstBrokenEventId,
    // Only the access report of a bundle compared current access with the log.
    ...(file.kind === 'access' && bundle.differingUserCount !== undefined ? { differingUserCount: bundle.differingUserCount } : {}),
  };
  return { eventId: row.id, at: row.at, actor: row.actor, report, bundlePath: file.path };
}

function checkRecordedHead(engine: Engine, recorded: RecordedReportExport, problems: string[]): void {
  const { headEventId, headDigest, chainIntact, firstBrokenEventId, differingUserCount } = recorded.report;
  if (headEventId > 0) {
    const stored = engine.db.prepare('SELECT digest FROM events WHERE id = ?').pluck().get(headEventId) as string | undefined;
    if (stored === undefined) {
      problems.push(`The event log no longer has event ${headEventId}, the head that the report was made at.`);
    } else if (stored !== headDigest) {
      problems.push(`Event ${headEventId}, the head that the report was made at, has the digest ${stored} now, but the export recorded ${headDigest}.`);
    }
  }
  if (!chainIntact) {
    problems.push(
      `The file is the one ${recorded.bundlePath === null ? 'exported' : 'put in an evidence bundle'} by event ${recorded.eventId}, but the event log was already broken when it was made ` +
        `(first at event ${firstBrokenEventId ?? '?'}), so its rows may show changed data.`,
    );
  }
  if (differingUserCount !== undefined && differingUserCount > 0) {
    const users = differingUserCount === 1 ? '1 user' : `${differingUserCount} users`;
    problems.push(
      `The file is the one recorded by event ${recorded.eventId}, but the current access of ${users} differed from the event log when it was made, ` +
        'so its access rows may show roles changed without a recorded event. Its header names those users.',
    );
  }
}
