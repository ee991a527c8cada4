import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { Engine } from '../engine.ts';
import type { ChainBreak, ChainVerification } from './chain.ts';
import { openSnapshot, snapshotContext, writeReport, type ExportedReport, type ExportProgress } from './export.ts';
import { describeChainState, FORMAT_EXTENSIONS, REPORT_FORMATS, totalRows, type LogState, type ReportFormat, type ReportKind, type ReportPlan } from './report-model.ts';
import type { ReportContext } from './reports/context.ts';
import { planReport } from './reports/plan.ts';
import { checkChainForExport } from './verifications.ts';

/** Value of the manifest's `format` property. */
export const BUNDLE_FORMAT = 'scimdesk-evidence-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';
export const VERIFICATION_PATH = 'log/verification.json';
export const README_PATH = 'README.txt';

/** One file of a bundle as the manifest lists it. */
export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
  /** The report's kind and format; absent for the README and the log verification. */
  report?: { kind: ReportKind; format: ReportFormat; rows: number };
}

/** The manifest at the root of an evidence bundle. */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  createdAt: string;
  dataDirectoryId: string;
  filters: Record<string, string | null>;
  log: LogState & { verified: boolean; breakCount: number };
  /**
   * Comparison of the current access tables with the event log, made for the access report of now.
   * It is absent when the access report was made as of a past time.
   */
  currentAccess?: { agrees: boolean; usersCompared: number; differingUserCount: number };
  files: ManifestFile[];
}

/** Filters and formats of a bundle's reports. */
export interface BundleRequest {
  asOf?: string;
  from?: string;
  to?: string;
  reviewId?: string;
  formats?: ReportFormat[];
}

/** A written bundle: its file's size and digest, the manifest's digest and contents. */
export interface CreatedBundle {
  path: string;
  byteCount: number;
  sha256: string;
  manifestSha256: string;
  manifest: BundleManifest;
  /** The first breaks that the chain check made for the bundle found, in id order; empty when the log was intact. */
  chainBreaks: ChainBreak[];
}

/** Change type of the event that records a bundle's digests when it is made. */
export const BUNDLE_EXPORTED = 'bundle.exported';

/**
 * Writes an evidence bundle: one zip with the access, change and mapping
 * reports (and the review report when a review exists) in each format, the
 * result of a chain check, a README, and a manifest of every file's SHA-256.
 * All of it comes from one read snapshot, so every report carries the same
 * log head, which the manifest repeats. Then it records the bundle's digests
 * in the event log, where `verify --bundle` finds them: a manifest rewritten
 * to match edited reports has a digest that no event records.
 */
export async function createBundle(
  engine: Engine,
  request: BundleRequest,
  path: string,
  onProgress?: (progress: ExportProgress) => void,
  actor = 'scimdesk',
): Promise<CreatedBundle> {
  const formats = request.formats ?? [...REPORT_FORMATS];
  const workDir = await mkdtemp(join(dirname(path), '.scimdesk-bundle-'));
  const snapshot = openSnapshot(engine);
  let bundle: CreatedBundle;
  try {
    const chain = await checkChainForExport(snapshot.db);
    const context = snapshotContext(engine, snapshot, chain);
    const plans = planBundleReports(context, request);
    const reports = await writeBundleReports(plans, formats, workDir, snapshot.isolated, onProgress);
    const manifest = buildManifest(context, request, chain, reports);
    const extras = await writeExtras(workDir, chain, manifest);
    manifest.files.push(...extras.files);
    bundle = { ...(await zipBundle(workDir, manifest, [...reports.map((report) => report.entry), ...extras.entries], path)), chainBreaks: chain.breaks };
  } finally {
    snapshot.close();
    await rm(workDir, { recursive: true, force: true });
  }
  // Recorded after the read snapshot is closed, in a write transaction of its own.
  recordBundle(engine, bundle, actor);
  return bundle;
}

/**
 * One report of a bundle as its recording event lists it, so that `verify --report`
 * can check a report taken out of the bundle against the log alone.
 */
export interface BundleReportRecord {
  path: string;
  sha256: string;
  byteCount: number;
  kind: ReportKind;
  format: ReportFormat;
  rowCount: number;
}

/** The `bundle` object of a bundle's recording event detail. */
export interface BundleRecord {
  manifestSha256: string;
  sha256: string;
  headEventId: number;
  headDigest: string;
  chainIntact: boolean;
  firstBrokenEventId: number | null;
  /**
   * Count of users whose current access differed from the event log, as the manifest records it.
   * It is absent when the access report was made as of a past time.
   */
  differingUserCount?: number;
  createdAt: string;
  /** Absent in the events of bundles made before the reports were listed. */
  reports?: BundleReportRecord[];
}

function recordBundle(engine: Engine, bundle: CreatedBundle, actor: string): void {
  const { headEventId, headDigest, chainIntact, firstBrokenEventId } = bundle.manifest.log;
  const summary = `Exported an evidence bundle at event log head ${headEventId}, manifest SHA-256 ${bundle.manifestSha256}`;
  const reports = bundle.manifest.files.flatMap((file): BundleReportRecord[] =>
    file.report === undefined
      ? []
      : [{ path: file.path, sha256: file.sha256, byteCount: file.bytes, kind: file.report.kind, format: file.report.format, rowCount: file.report.rows }],
  );
  const record: BundleRecord = {
    manifestSha256: bundle.manifestSha256,
    sha256: bundle.sha256,
    headEventId,
    headDigest,
    chainIntact,
    firstBrokenEventId,
    ...(bundle.manifest.currentAccess === undefined ? {} : { differingUserCount: bundle.manifest.currentAccess.differingUserCount }),
    createdAt: bundle.manifest.createdAt,
    reports,
  };
  engine.runAdminChange(actor, () => ({
    result: undefined,
    summary,
    changes: [{ type: BUNDLE_EXPORTED, text: summary }],
    extra: { bundle: record },
  }));
}

function planBundleReports(context: ReportContext, request: BundleRequest): ReportPlan[] {
  const plans = [
    planReport(context, { kind: 'access', asOf: request.asOf }),
    planReport(context, { kind: 'changes', from: request.from, to: request.to }),
    planReport(context, { kind: 'mappings' }),
  ];
  const hasReview = context.db.prepare('SELECT 1 FROM access_reviews LIMIT 1').get() !== undefined;
  if (request.reviewId !== undefined || hasReview) {
    plans.push(planReport(context, { kind: 'review', reviewId: request.reviewId }));
  }
  return plans;
}

interface BundleReport {
  exported: ExportedReport;
  entry: { file: string; path: string };
}

async function writeBundleReports(
  plans: ReportPlan[],
  formats: ReportFormat[],
  workDir: string,
  isolated: boolean,
  onProgress?: (progress: ExportProgress) => void,
): Promise<BundleReport[]> {
  const total = plans.reduce((sum, plan) => sum + totalRows(plan), 0) * formats.length;
  let done = 0;
  const reports: BundleReport[] = [];
  for (const plan of plans) {
    for (const format of formats) {
      const name = `${plan.header.kind}.${FORMAT_EXTENSIONS[format]}`;
      const file = join(workDir, name);
      const exported = await writeReport(plan, format, file, {
        isolated,
        onProgress: (progress) => onProgress?.({ rowsWritten: done + progress.rowsWritten, totalRows: total }),
      });
      done += exported.rowCount;
      reports.push({ exported, entry: { file, path: `reports/${name}` } });
    }
  }
  onProgress?.({ rowsWritten: total, totalRows: total });
  return reports;
}

function buildManifest(context: ReportContext, request: BundleRequest, chain: ChainVerification, reports: BundleReport[]): BundleManifest {
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    createdAt: context.generatedAt,
    dataDirectoryId: context.dataDirectoryId,
    filters: { asOf: request.asOf ?? null, from: request.from ?? null, to: request.to ?? null, reviewId: request.reviewId ?? null },
    log: { ...context.log, verified: chain.ok, breakCount: chain.breakCount },
    ...currentAccessOf(reports),
    files: reports.map(({ exported, entry }) => ({
      path: entry.path,
      sha256: exported.sha256,
      bytes: exported.byteCount,
      report: { kind: exported.kind, format: exported.format, rows: exported.rowCount },
    })),
  };
}

function currentAccessOf(reports: BundleReport[]): Pick<BundleManifest, 'currentAccess'> {
  const check = reports.find((report) => report.exported.currentAccess !== undefined)?.exported.currentAccess;
  if (check === undefined) {
    return {};
  }
  return { currentAccess: { agrees: check.agrees, usersCompared: check.usersCompared, differingUserCount: check.differingUserCount } };
}

/** Writes the chain check and the README beside the reports and returns their manifest entries. */
async function writeExtras(
  workDir: string,
  chain: ChainVerification,
  manifest: BundleManifest,
): Promise<{ files: ManifestFile[]; entries: { file: string; path: string }[] }> {
  const contents: [string, string][] = [
    [VERIFICATION_PATH, `${JSON.stringify({ checkedAt: manifest.createdAt, ...chain }, null, 2)}\n`],
    [README_PATH, readmeText(manifest)],
  ];
  const files: ManifestFile[] = [];
  const entries: { file: string; path: string }[] = [];
  for (const [path, text] of contents) {
    const file = join(workDir, path.replace('/', '-'));
    const buffer = Buffer.from(text, 'utf8');
    await writeFile(file, buffer);
    files.push({ path, sha256: createHash('sha256').update(buffer).digest('hex'), bytes: buffer.length });
    entries.push({ file, path });
  }
  return { files, entries };
}

function readmeText(manifest: BundleManifest): string {
  return [
    'ScimDesk evidence bundle',
    '',
    `Created:        ${manifest.createdAt}`,
    `Data directory: ${manifest.dataDirectoryId}`,
    `Event log head: event ${manifest.log.headEventId}, SHA-256 digest ${manifest.log.headDigest}`,
    `Chain check:    ${describeChainState(manifest.log)}${manifest.log.chainIntact ? '' : ` Every break is listed in ${VERIFICATION_PATH}.`}`,
    '',
    `${MANIFEST_PATH} lists the SHA-256 digest and size of every other file in this zip.`,
    'Every report carries the same event log head digest as the manifest.',
    '',
    'To check the bundle, run:',
    '  scimdesk verify --bundle <this file>',
    'On the machine that made it, add --data <data directory>: the command then also',
    'checks that the event log still contains the head event with the same digest,',
    'that the log recorded this manifest when the bundle was made, and that the log',
    'passes its chain check. Without the log, the check shows only that the files',
    'agree with the manifest. A bundle whose manifest records a broken log fails.',
    '',
  ].join('\n');
}

async function zipBundle(
  workDir: string,
  manifest: BundleManifest,
  entries: { file: string; path: string }[],
  path: string,
): Promise<Omit<CreatedBundle, 'chainBreaks'>> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(manifest.createdAt);
  const manifestBuffer = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  zip.addBuffer(manifestBuffer, MANIFEST_PATH, { mtime });
  for (const entry of entries) {
    zip.addFile(entry.file, entry.path, { mtime });
  }
  zip.end();

  const partialPath = join(workDir, 'bundle.zip.partial');
  const output = createWriteStream(partialPath, { flags: 'wx' });
  const hash = createHash('sha256');
  let byteCount = 0;
  zip.outputStream.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    byteCount += chunk.length;
  });
  await pipeline(zip.outputStream, output);
  await rename(partialPath, path);
  return {
    path,
    byteCount,
    sha256: hash.digest('hex'),
    manifestSha256: createHash('sha256').update(manifestBuffer).digest('hex'),
    manifest,
  };
}
