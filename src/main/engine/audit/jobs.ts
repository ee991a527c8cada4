import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AdminError } from '../admin/errors.ts';
import { nowIso } from '../clock.ts';
import type { Engine } from '../engine.ts';
import { createLogger } from '../log/logger.ts';
import { createBundle, type BundleRequest } from './bundle.ts';
import { exportReport, type ExportProgress } from './export.ts';
import { describeChainState, FORMAT_EXTENSIONS, type LogState, type ReportFormat, type ReportKind } from './report-model.ts';
import type { ReportRequest } from './reports/plan.ts';

const log = createLogger('audit-export');

/** Folder of a data directory that console exports are written to. */
export const REPORTS_FOLDER = 'reports';
/** Exports that may run at once per host; more are rejected until one finishes. */
const MAX_RUNNING = 2;
/** Finished exports a host remembers for the console. */
const MAX_REMEMBERED = 50;
/** Names of files in the reports folder that the console may download. */
const REPORT_FILE_NAME = /^[a-z]+-\d{8}T\d{6}Z(-\d+)?\.(csv|json|html|pdf|zip)$/;

/** An export started from the console, with its progress and its file. */
export interface ReportExport {
  id: string;
  kind: ReportKind | 'bundle';
  format: ReportFormat | 'zip';
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  filters: Record<string, string | null>;
  rowsWritten: number;
  totalRows: number;
  fileName: string;
  filePath: string;
  byteCount: number | null;
  sha256: string | null;
  /** For a bundle: the SHA-256 of its manifest, which the event log records. */
  manifestSha256: string | null;
  headDigest: string | null;
  /** Set when the chain check made with the export found the event log broken: the first break in words. */
  logWarning: string | null;
  /** The failure as a sentence for the admin; null unless the export failed. */
  error: string | null;
}

/** Returns the absolute path of a report file in the data directory, or undefined for any other name. */
export function reportFilePath(dataDir: string, fileName: string): string | undefined {
  if (!REPORT_FILE_NAME.test(fileName) || basename(fileName) !== fileName) {
    return undefined;
  }
  return join(dataDir, REPORTS_FOLDER, fileName);
}

/**
 * Runs console exports in the host process: each writes one file into the data
 * directory's `reports/` folder while the console polls its progress. The
 * engine keeps serving requests because exports read their own snapshot and
 * yield between batches of rows.
 */
export class ExportJobs {
  private readonly engine: Engine;
  private readonly jobs = new Map<string, ReportExport>();

  constructor(engine: Engine) {
    this.engine = engine;
  }

  /** Starts a report export and returns it in the running state. */
  startReport(request: ReportRequest, format: ReportFormat, actor: string): ReportExport {
    const job = this.createJob(request.kind, format, filtersOf(request));
    this.run(job, async (onProgress) => {
      const exported = await exportReport(this.engine, request, format, job.filePath, onProgress, actor);
      return { ...exported, differingUserCount: exported.currentAccess?.differingUserCount ?? 0 };
    });
    return { ...job };
  }

  /** Starts an evidence bundle and returns it in the running state. */
  startBundle(request: BundleRequest, actor: string): ReportExport {
    const job = this.createJob('bundle', 'zip', filtersOf(request));
    this.run(job, async (onProgress) => {
      const bundle = await createBundle(this.engine, request, job.filePath, onProgress, actor);
      return {
        byteCount: bundle.byteCount,
        sha256: bundle.sha256,
        manifestSha256: bundle.manifestSha256,
        log: bundle.manifest.log,
        differingUserCount: bundle.manifest.currentAccess?.differingUserCount ?? 0,
      };
    });
    return { ...job };
  }

  get(id: string): ReportExport {
    const job = this.jobs.get(id);
    if (!job) {
      throw new AdminError('not-found', `No export has the id "${id}". Exports are kept only while ScimDesk runs; start the export again.`);
    }
    return { ...job };
  }

  /** Lists this host's exports, newest first. */
  list(): ReportExport[] {
    return [...this.jobs.values()].reverse().map((job) => ({ ...job }));
  }

  private createJob(kind: ReportKind | 'bundle', format: ReportFormat | 'zip', filters: Record<string, string | null>): ReportExport {
    if (this.engine.db.memory) {
      throw new AdminError('refused', 'This engine keeps its store in memory, so it has no data directory to write reports to. Open ScimDesk on a data directory.');
    }
    const running = [...this.jobs.values()].filter((job) => job.state === 'running').length;
    if (running >= MAX_RUNNING) {
      throw new AdminError('refused', `${running} exports are running already. Wait until one finishes, then start this one.`);
    }
    const folder = join(this.engine.dataDir, REPORTS_FOLDER);
    mkdirSync(folder, { recursive: true });
    const startedAt = nowIso(this.engine.clock);
    const fileName = uniqueFileName(folder, kind, startedAt, format === 'zip' ? 'zip' : FORMAT_EXTENSIONS[format], this.jobs);
    const job: ReportExport = {
      id: randomUUID(),
      kind,
      format,
      state: 'running',
      startedAt,
      finishedAt: null,
      filters,
      rowsWritten: 0,
      totalRows: 0,
      fileName,
      filePath: join(folder, fileName),
      byteCount: null,
      sha256: null,
      manifestSha256: null,
      headDigest: null,
      logWarning: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    this.forgetOldJobs();
    return job;
  }

  private run(
    job: ReportExport,
    work: (
      onProgress: (progress: ExportProgress) => void,
    ) => Promise<{ byteCount: number; sha256: string; manifestSha256?: string; log: LogState; differingUserCount: number }>,
  ): void {
    const onProgress = (progress: ExportProgress): void => {
      job.rowsWritten = progress.rowsWritten;
      job.totalRows = progress.totalRows;
    };
    work(onProgress).then(
      (result) => {
        Object.assign(job, {
          state: 'done',
          finishedAt: nowIso(this.engine.clock),
          byteCount: result.byteCount,
          sha256: result.sha256,
          manifestSha256: result.manifestSha256 ?? null,
          headDigest: result.log.headDigest,
          logWarning: describeWarnings(result.log, result.differingUserCount),
        });
        if (!result.log.chainIntact) {
          log.warn({ kind: job.kind, format: job.format, file: job.fileName, firstBrokenEventId: result.log.firstBrokenEventId }, 'report exported from a broken event log');
        }
        if (result.differingUserCount > 0) {
          log.warn(
            { kind: job.kind, format: job.format, file: job.fileName, differingUserCount: result.differingUserCount },
            'report exported while current access differs from the event log',
          );
        }
        log.info({ kind: job.kind, format: job.format, file: job.fileName, bytes: result.byteCount }, 'report exported');
      },
      (error: unknown) => {
        const message =
          error instanceof AdminError ? error.message : 'The export failed and its file was removed. Details are in the ScimDesk log; try again.';
        Object.assign(job, { state: 'failed', finishedAt: nowIso(this.engine.clock), error: message });
        if (error instanceof AdminError) {
          log.warn({ kind: job.kind, format: job.format }, error.message);
        } else {
          log.error({ err: error, kind: job.kind, format: job.format }, 'report export failed');
        }
      },
    );
  }

  private forgetOldJobs(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= MAX_REMEMBERED) {
        break;
      }
      if (job.state !== 'running') {
        this.jobs.delete(id);
      }
    }
  }
}

function filtersOf(request: { asOf?: string; from?: string; to?: string; reviewId?: string }): Record<string, string | null> {
  const filters: Record<string, string | null> = {};
  for (const key of ['asOf', 'from', 'to', 'reviewId'] as const) {
    if (request[key] !== undefined) {
      filters[key] = request[key];
    }
  }
  return filters;
}

/** Names a file `<kind>-<yyyymmddThhmmssZ>.<ext>`, adding -2, -3… when the name is taken. */
function uniqueFileName(folder: string, kind: string, startedAt: string, extension: string, jobs: Map<string, ReportExport>): string {
  const stamp = startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const taken = new Set([...jobs.values()].map((job) => job.fileName));
  for (let attempt = 1; ; attempt += 1) {
    const name = `${kind}-${stamp}${attempt === 1 ? '' : `-${attempt}`}.${extension}`;
    if (!taken.has(name) && !existsSync(join(folder, name))) {
      return name;
    }
  }
}

/** Joins the warnings of an export: a broken chain and current access that differs from the log; null when there are none. */
function describeWarnings(logState: LogState, differingUserCount: number): string | null {
  const warnings: string[] = [];
  if (!logState.chainIntact) {
    warnings.push(describeChainState(logState));
  }
  if (differingUserCount > 0) {
    const users = differingUserCount === 1 ? '1 user differs' : `${differingUserCount} users differ`;
    warnings.push(`The current access of ${users} from the access rebuilt from the event log, so the store's tables were changed without a recorded event.`);
  }
  return warnings.length === 0 ? null : warnings.join(' ');
}
