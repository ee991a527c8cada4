import { rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { nowIso } from '../clock.ts';
import type { Engine } from '../engine.ts';
import type { Db } from '../store/database.ts';
import { createCsvWriter } from './formats/csv.ts';
import { createHtmlWriter } from './formats/html.ts';
import { createJsonWriter } from './formats/json.ts';
import { createPdfWriter } from './formats/pdf.ts';
import { FileSink, type WrittenFile } from './formats/sink.ts';
import type { ReportWriter } from './formats/writer.ts';
import type { CurrentAccessCheck } from './access-consistency.ts';
import type { ChainVerification } from './chain.ts';
import { ensureDataDirectoryId } from './identity.ts';
import { totalRows, type LogState, type ReportFormat, type ReportKind, type ReportPlan } from './report-model.ts';
import { createReportContext, type ReportContext } from './reports/context.ts';
import { checkReportRequest, planReport, type ReportRequest } from './reports/plan.ts';
import { checkChainForExport } from './verifications.ts';

/** Rows written between progress reports and, on a snapshot connection, between yields to the event loop. */
const ROWS_PER_STEP = 500;

/** Progress of an export: rows written of the rows planned. */
export interface ExportProgress {
  rowsWritten: number;
  totalRows: number;
}

/** Change type of the event that records a report export with its file's SHA-256. */
export const REPORT_EXPORTED = 'report.exported';

/** The `report` object of a report export's event detail, which `verify --report` reads. */
export interface ReportExportRecord {
  kind: ReportKind;
  format: ReportFormat;
  fileName: string;
  sha256: string;
  byteCount: number;
  rowCount: number;
  generatedAt: string;
  headEventId: number;
  headDigest: string;
  chainIntact: boolean;
  firstBrokenEventId: number | null;
  /** Users whose current access differed from the event log when the report was made; absent for reports that do not compare it. */
  differingUserCount?: number;
}

/** A written report file with what it was made from. */
export interface ExportedReport extends WrittenFile {
  path: string;
  kind: ReportKind;
  format: ReportFormat;
  rowCount: number;
  generatedAt: string;
  dataDirectoryId: string;
  log: LogState;
  /** Comparison of current access with the event log; only for access reports of now. */
  currentAccess?: CurrentAccessCheck;
  /** Id of the event that recorded the export; absent for the reports inside a bundle, whose manifest is recorded instead. */
  recordedByEventId?: number;
}

/** A consistent read view of the store for the length of one export. */
export interface Snapshot {
  db: Db;
  /** True when the snapshot has its own connection, so the export may yield while it reads. */
  isolated: boolean;
  close(): void;
}

/**
 * Opens a read snapshot of an engine's store: a second, read-only connection in
 * one read transaction, so that a long export reads one moment of the store while
 * the engine keeps writing (WAL mode). An in-memory store has no file to open
 * twice, so its export reads the engine's own connection without yielding.
 */
export function openSnapshot(engine: Engine): Snapshot {
  if (engine.db.memory) {
    return { db: engine.db, isolated: false, close: () => undefined };
  }
  const db = new Database(engine.db.name, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.exec('BEGIN');
  return {
    db,
    isolated: true,
    // Closing the connection ends its read transaction.
    close: () => db.close(),
  };
}

/**
 * Builds the context of a report in a snapshot, stamping it with the engine's clock, the data
 * directory's identity and `chain`, the check of the chain made in the same snapshot.
 */
export function snapshotContext(engine: Engine, snapshot: Snapshot, chain: ChainVerification): ReportContext {
  // The identity is created on the engine's connection, since the snapshot cannot write.
  const identity = ensureDataDirectoryId(engine.db);
  return createReportContext(snapshot.db, nowIso(engine.clock), identity, chain);
}

function createWriter(format: ReportFormat, sink: FileSink): ReportWriter {
  switch (format) {
    case 'csv':
      return createCsvWriter(sink);
    case 'json':
      return createJsonWriter(sink);
    case 'html':
      return createHtmlWriter(sink);
    case 'pdf':
      return createPdfWriter(sink);
  }
}

/**
 * Writes a planned report to `path` row by row. The file is written under a
 * temporary name and renamed when complete, so a failed export leaves no partial
 * report behind.
 */
export async function writeReport(
  plan: ReportPlan,
  format: ReportFormat,
  path: string,
  options: { isolated: boolean; onProgress?: (progress: ExportProgress) => void },
): Promise<ExportedReport> {
  const partialPath = `${path}.partial`;
  await rm(partialPath, { force: true });
  const sink = new FileSink(partialPath);
  const writer = createWriter(format, sink);
  const total = totalRows(plan);
  let written = 0;

  try {
    await writer.begin(plan);
    for (const section of plan.sections) {
      await writer.beginSection(section);
      for (const row of section.rows()) {
        await writer.row(section, row);
        written += 1;
        if (written % ROWS_PER_STEP === 0) {
          options.onProgress?.({ rowsWritten: written, totalRows: total });
          if (options.isolated) {
            await yieldToEventLoop();
          }
        }
      }
      await writer.endSection(section);
    }
    await writer.end();
    const file = await sink.close();
    if (written !== total) {
      throw new Error(`The report planned ${total} rows but wrote ${written}; the snapshot changed while it was read.`);
    }
    await rename(partialPath, path);
    options.onProgress?.({ rowsWritten: written, totalRows: total });
    return {
      ...file,
      path,
      kind: plan.header.kind,
      format,
      rowCount: written,
      generatedAt: plan.header.generatedAt,
      dataDirectoryId: plan.header.dataDirectoryId,
      log: plan.header.log,
      ...(plan.header.currentAccess === undefined ? {} : { currentAccess: plan.header.currentAccess }),
    };
  } catch (error) {
    await sink.abort();
    await rm(partialPath, { force: true });
    throw error;
  }
}

/**
 * Exports one report of an engine's store to `path` in one read snapshot,
 * reports progress as rows are written, and records the export with the file's
 * SHA-256 in the event log as `actor`, so that `verify --report` can check the file. The chain is checked in the same
 * snapshot first and the report's header records the outcome, so a report made
 * from a changed log shows it. A broken chain does not stop the export.
 */
export async function exportReport(
  engine: Engine,
  request: ReportRequest,
  format: ReportFormat,
  path: string,
  onProgress?: (progress: ExportProgress) => void,
  actor = 'scimdesk',
): Promise<ExportedReport> {
  const snapshot = openSnapshot(engine);
  let exported: ExportedReport;
  try {
    checkReportRequest(snapshot.db, request);
    const chain = await checkChainForExport(snapshot.db);
    const plan = planReport(snapshotContext(engine, snapshot, chain), request);
    exported = await writeReport(plan, format, path, { isolated: snapshot.isolated, onProgress });
  } finally {
    snapshot.close();
  }
  // Recorded after the read snapshot is closed, in a write transaction of its own.
  return { ...exported, recordedByEventId: recordReportExport(engine, exported, actor) };
}

/** Appends the event that records a report export and returns its id. */
function recordReportExport(engine: Engine, exported: ExportedReport, actor: string): number {
  const { log } = exported;
  const record: ReportExportRecord = {
    kind: exported.kind,
    format: exported.format,
    fileName: basename(exported.path),
    sha256: exported.sha256,
    byteCount: exported.byteCount,
    rowCount: exported.rowCount,
    generatedAt: exported.generatedAt,
    headEventId: log.headEventId,
    headDigest: log.headDigest,
    chainIntact: log.chainIntact,
    firstBrokenEventId: log.firstBrokenEventId,
    ...(exported.currentAccess === undefined ? {} : { differingUserCount: exported.currentAccess.differingUserCount }),
  };
  const summary = `Exported the ${exported.kind} report (${exported.format}) at event log head ${log.headEventId}, file SHA-256 ${exported.sha256}`;
  let eventId = 0;
  engine.runAdminChange(actor, () => ({
    result: undefined,
    summary,
    changes: [{ type: REPORT_EXPORTED, text: summary }],
    extra: { report: record },
    afterEvent: (id) => {
      eventId = id;
    },
  }));
  return eventId;
}
