import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { checkCurrentAccessNow, describeCurrentAccessCheck, type CurrentAccessCheck } from '../../engine/audit/access-consistency.ts';
import { createBundle, VERIFICATION_PATH, type CreatedBundle } from '../../engine/audit/bundle.ts';
import { verifyBundle, type BundleVerification, type LocalLog, type LocalLogCheck } from '../../engine/audit/bundle-verify.ts';
import { describeVerification } from '../../engine/audit/chain.ts';
import { exportReport, type ExportProgress } from '../../engine/audit/export.ts';
import { readDataDirectoryId } from '../../engine/audit/identity.ts';
import { createReportContext } from '../../engine/audit/reports/context.ts';
import { digestFile, verifyReportFile } from '../../engine/audit/report-verify.ts';
import { describeChainState, REPORT_FORMATS, REPORT_KINDS, type LogState, type ReportFormat, type ReportKind } from '../../engine/audit/report-model.ts';
import type { ReportRequest } from '../../engine/audit/reports/plan.ts';
import { listReviews } from '../../engine/audit/review/reviews.ts';
import { parseAsOf, parseReportTime } from '../../engine/audit/time.ts';
import { checkLog } from '../../engine/audit/verifications.ts';
import { nowIso } from '../../engine/clock.ts';
import { Engine } from '../../engine/engine.ts';
import { DATABASE_FILE } from '../../engine/store/database.ts';
import { CLI_ACTOR, CliError, hasStore, withEngine, type GlobalOptions } from '../context.ts';
import { defaultDataDir } from '../data-dir.ts';
import { formatTable, printJson, printLines } from '../output.ts';

/** Exit code of `verify` when the log or the bundle fails its check; 1 stays for errors that stop the check. */
export const EXIT_VERIFICATION_FAILED = 3;

interface FilterOptions {
  asOf?: string;
  from?: string;
  to?: string;
  review?: string;
}

/** `scimdesk report`, `bundle`, `verify` and `review list`: audit evidence from the tamper-evident event log. */
export function registerAudit(program: Command): void {
  const report = program
    .command('report')
    .description('Export an audit report: access (now or --as-of), changes (--from, --to), mappings, or an access review.');
  for (const kind of REPORT_KINDS) {
    addFilterOptions(report.command(kind).description(REPORT_DESCRIPTIONS[kind]), kind)
      .addOption(new Option('--format <format>', 'file format').choices([...REPORT_FORMATS]).makeOptionMandatory())
      .requiredOption('--out <file>', 'file to write; an existing file is replaced')
      .action(async (_options: unknown, command: Command) => {
        await runReport(kind, command.optsWithGlobals<GlobalOptions & FilterOptions & { format: ReportFormat; out: string }>());
      });
  }

  addFilterOptions(program.command('bundle'), 'bundle')
    .description('Write an evidence bundle: one zip with the access, change, mapping and review reports, a manifest of their SHA-256 digests and the log check.')
    .requiredOption('--out <file>', 'zip file to write; an existing file is replaced')
    .option('--formats <list>', 'comma-separated report formats to include', REPORT_FORMATS.join(','))
    .action(async (_options: unknown, command: Command) => {
      await runBundle(command.optsWithGlobals<GlobalOptions & FilterOptions & { out: string; formats: string }>());
    });

  program
    .command('verify')
    .description(
      `Check the event log's digest chain, with --bundle an evidence bundle, or with --report a single report file. Exits with ${EXIT_VERIFICATION_FAILED} when the check fails.`,
    )
    .option('--bundle <file>', 'check this evidence bundle: its files against its manifest and, with --data, the manifest against the event log')
    .option('--report <file>', 'check this report file (any format) against the event log of --data, which records the SHA-256 of every report exported')
    .option('--anchor <digest>', 'also report the event whose digest is this one, e.g. the head digest printed on a report')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { bundle?: string; report?: string; anchor?: string }>();
      const modes = [options.bundle, options.report, options.anchor].filter((value) => value !== undefined).length;
      if (modes > 1) {
        throw new CliError('Give only one of --bundle, --report and --anchor: each runs its own check.', 2);
      }
      if (options.report !== undefined) {
        await runVerifyReport(options.report, options);
      } else if (options.bundle !== undefined) {
        await runVerifyBundle(options.bundle, options);
      } else {
        await runVerifyLog(options);
      }
    });

  program
    .command('review')
    .description('Access reviews; decide on them in the console.')
    .command('list')
    .description('List access reviews, newest first, with their progress and sign-off.')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withEngine(options, (engine) => {
        const reviews = listReviews(engine.db);
        if (options.json) {
          printJson(reviews);
          return;
        }
        if (reviews.length === 0) {
          printLines('There are no access reviews yet. Start one on the Access review screen of the console.');
          return;
        }
        const rows = reviews.map((review) => {
          const decided = review.decided.keep + review.decided.revoke + review.decided.change;
          return [review.id, review.name, review.reviewer, review.createdAt, `${decided}/${review.itemCount}`, review.signedOffAt ?? 'not signed off'];
        });
        printLines(formatTable(['ID', 'NAME', 'REVIEWER', 'STARTED', 'DECIDED', 'SIGNED OFF'], rows));
      });
    });
}

const REPORT_DESCRIPTIONS: Record<ReportKind, string> = {
  access: 'Every user with their organization role and role per workspace, the granting groups and since when, with totals.',
  changes: 'Access gained, lost and changed in a period, with time, connection and cause.',
  mappings: 'Every mapping with who created it and when, the mapping changes in the log, and unmapped groups.',
  review: 'An access review with the decision on each role and the sign-off (the newest review unless --review is given).',
};

function addFilterOptions(command: Command, kind: ReportKind | 'bundle'): Command {
  if (kind === 'access' || kind === 'bundle') {
    command.option('--as-of <time>', 'rebuild access as of this past time from the event log: ISO 8601 (a date alone means the end of that UTC day, or now for today) or an age such as 7d');
  }
  if (kind === 'changes' || kind === 'bundle') {
    command
      .option('--from <time>', 'start of the period, included: ISO 8601 (a date alone means 00:00 UTC) or an age such as 30d')
      .option('--to <time>', 'end of the period, included: ISO 8601 (a date alone means the end of that UTC day) or an age such as 1h');
  }
  if (kind === 'review' || kind === 'bundle') {
    command.option('--review <id>', 'id of the access review (see `scimdesk review list`)');
  }
  return command;
}

function parseFilters(kind: ReportKind, options: FilterOptions): ReportRequest {
  const request: ReportRequest = { kind };
  if (options.asOf !== undefined) {
    request.asOf = parseAsOf(options.asOf, '--as-of');
  }
  if (options.from !== undefined) {
    request.from = parseReportTime(options.from, '--from', 'start');
  }
  if (options.to !== undefined) {
    request.to = parseReportTime(options.to, '--to', 'end');
  }
  if (options.review !== undefined) {
    request.reviewId = options.review;
  }
  return request;
}

async function runReport(kind: ReportKind, options: GlobalOptions & FilterOptions & { format: ReportFormat; out: string }): Promise<void> {
  const request = parseFilters(kind, options);
  const out = checkedOutputPath(options.out);
  await withEngine(options, async (engine) => {
    const progress = createProgressLine(`Writing the ${kind} report`);
    const exported = await exportReport(engine, request, options.format, out, progress.update, CLI_ACTOR).finally(progress.finish);
    if (options.json) {
      printJson(exported);
    } else {
      printLines(
        `Wrote the ${kind} report (${options.format}, ${exported.rowCount} ${exported.rowCount === 1 ? 'row' : 'rows'}, ${exported.byteCount} bytes) to ${exported.path}`,
        `SHA-256 of the file:    ${exported.sha256} (recorded by event ${exported.recordedByEventId ?? '?'})`,
        `Event log head:         event ${exported.log.headEventId}, digest ${exported.log.headDigest}`,
        `Chain check:            ${describeChainState(exported.log)}`,
        ...(exported.currentAccess === undefined ? [] : [`Current access check:   ${describeCurrentAccessCheck(exported.currentAccess)}`]),
        `Data directory:         ${exported.dataDirectoryId}`,
      );
    }
    rejectBrokenLog(exported.log, `The ${kind} report was written to ${exported.path}`);
    if (exported.currentAccess !== undefined && !exported.currentAccess.agrees) {
      rejectDifferingAccess(exported.currentAccess.differingUserCount, `The ${kind} report was written to ${exported.path}`);
    }
  });
}

/**
 * Fails the command with the exit code of a failed `verify` when the chain check
 * made with a report or bundle found the log broken. The file is kept, because
 * it is evidence of what the changed log contains, and its header says that the
 * log was broken. The exit code keeps scripts from filing it as sound evidence.
 */
function rejectBrokenLog(log: LogState, written: string): void {
  if (log.chainIntact) {
    return;
  }
  throw new CliError(
    `The event log was changed: ${log.firstBreak ?? 'its digest chain is broken.'} ${written}, and its header marks the log as broken, ` +
      'so do not rely on its rows. Run `scimdesk verify` to list every break, and restore the data directory from a backup.',
    EXIT_VERIFICATION_FAILED,
  );
}

/**
 * Fails the command with the exit code of a failed `verify` when the current access
 * tables differ from the access rebuilt from the event log. As with a broken log,
 * the file is kept and its header names the differing users.
 */
function rejectDifferingAccess(differingUserCount: number, written: string): void {
  throw new CliError(
    `${describeDifferingAccess(differingUserCount)} ` +
      `${written}, and its header names those users, so do not rely on its access rows. Run \`scimdesk verify\` to list the differences.`,
    EXIT_VERIFICATION_FAILED,
  );
}

/** Describes a difference between the current access tables and the access rebuilt from the event log. */
function describeDifferingAccess(differingUserCount: number): string {
  const users = differingUserCount === 1 ? '1 user differs' : `${differingUserCount} users differ`;
  return (
    `The current access of ${users} from the access rebuilt from the event log, so the store's tables were changed ` +
    'without a recorded event.'
  );
}

/** Names the broken events, e.g. "2 events break the chain: 44 and 45", counting those beyond the listed ones. */
function describeBrokenEvents(listed: number[], count: number): string {
  if (count === 1 && listed.length === 1) {
    return `event ${listed[0]} breaks the chain`;
  }
  const more = count - listed.length;
  const names = listed.length <= 1 ? listed.join('') : `${listed.slice(0, -1).join(', ')} and ${listed.at(-1)}`;
  return `${count} events break the chain: ${names}${more > 0 ? ` and ${more} more` : ''}`;
}

async function runBundle(options: GlobalOptions & FilterOptions & { out: string; formats: string }): Promise<void> {
  const { kind: _access, ...filters } = parseFilters('access', options);
  const formats = parseFormats(options.formats);
  const out = checkedOutputPath(options.out);
  await withEngine(options, async (engine) => {
    const progress = createProgressLine('Writing the evidence bundle');
    const bundle = await createBundle(engine, { ...filters, formats }, out, progress.update, CLI_ACTOR).finally(progress.finish);
    if (options.json) {
      printJson(bundle);
    } else {
      printBundleLines(bundle);
    }
    rejectBrokenLog(bundle.manifest.log, `The evidence bundle was written to ${bundle.path}`);
    if (bundle.manifest.currentAccess !== undefined && !bundle.manifest.currentAccess.agrees) {
      rejectDifferingAccess(bundle.manifest.currentAccess.differingUserCount, `The evidence bundle was written to ${bundle.path}`);
    }
  });
}

function printBundleLines(bundle: CreatedBundle): void {
  printLines(
    `Wrote the evidence bundle (${bundle.manifest.files.length} files, ${bundle.byteCount} bytes) to ${bundle.path}`,
    `SHA-256 of the bundle:   ${bundle.sha256}`,
    `SHA-256 of its manifest: ${bundle.manifestSha256}`,
    `Event log head:          event ${bundle.manifest.log.headEventId}, digest ${bundle.manifest.log.headDigest}`,
    bundle.manifest.log.chainIntact
      ? 'The event log was intact when the bundle was made.'
      : `Warning: the event log was broken when the bundle was made: ${describeBrokenEvents(bundle.chainBreaks.map((found) => found.eventId), bundle.manifest.log.chainBreakCount)}. See ${VERIFICATION_PATH} in the bundle.`,
    'Keep the digests above apart from the bundle: they show later that it was not replaced.',
  );
}

async function runVerifyLog(options: GlobalOptions & { anchor?: string }): Promise<void> {
  await withEngine(options, async (engine) => {
    const result = await checkLog(engine, 'cli', options.anchor === undefined ? {} : { anchor: options.anchor });
    const currentAccess = checkCurrentAccessNow(createReportContext(engine.db, nowIso(engine.clock), readDataDirectoryId(engine.db) ?? ''));
    if (options.json) {
      printJson({ ...result, currentAccess });
    } else {
      printLines(describeVerification(result), ...result.breaks.slice(1).map((found) => `  ${found.message}`));
      if (result.ok && result.eventCount > 0 && options.anchor === undefined) {
        printLines(
          'Deleting the newest events leaves a chain that still links up, so this check finds a cut-off tail only back to the head of the last stored check.',
          'To find one, run `scimdesk verify --anchor DIGEST` with a head digest kept apart from the data, e.g. from a report or bundle.',
        );
      }
      if (options.anchor !== undefined) {
        printLines(
          result.anchorEventId === null
            ? `No intact event has the digest ${options.anchor}.`
            : `The digest ${options.anchor} is the digest of event ${result.anchorEventId}, which the chain still covers.`,
        );
      }
    }
    if (!options.json) {
      printLines(...describeAccessComparison(currentAccess));
    }
    if (!result.ok) {
      throw new CliError(`The event log failed its check at event ${result.breaks[0]?.eventId ?? '?'}. Restore the data directory from a backup and compare.`, EXIT_VERIFICATION_FAILED);
    }
    if (options.anchor !== undefined && result.anchorEventId === null) {
      throw new CliError(`No event of the log has the digest ${options.anchor}. Check that the digest was copied in full from the report.`, EXIT_VERIFICATION_FAILED);
    }
    if (!currentAccess.agrees) {
      throw new CliError(
        `${describeDifferingAccess(currentAccess.differingUserCount)} Restore the data directory from a backup and compare.`,
        EXIT_VERIFICATION_FAILED,
      );
    }
  });
}

/** Says whether the current access agrees with the event log and lists each differing user with the differences. */
function describeAccessComparison(check: CurrentAccessCheck): string[] {
  if (check.agrees) {
    return [`Current access agrees with the event log: the stored roles of all ${check.usersCompared} users match the access rebuilt from the log.`];
  }
  const lines = [`Current access differs from the event log for ${check.differingUserCount === 1 ? '1 user' : `${check.differingUserCount} users`}:`];
  for (const user of check.differingUsers) {
    lines.push(`  ${user.userName} (${user.userId}):`, ...user.differences.map((difference) => `    ${difference}`));
  }
  const more = check.differingUserCount - check.differingUsers.length;
  if (more > 0) {
    lines.push(`  and ${more} more ${more === 1 ? 'user' : 'users'}, not listed.`);
  }
  return lines;
}

async function runVerifyReport(file: string, options: GlobalOptions): Promise<void> {
  const path = resolve(file);
  if (!existsSync(path) || statSync(path).isDirectory()) {
    throw new CliError(`The report ${path} does not exist or is a folder. Check the path.`);
  }
  if (options.data === undefined) {
    const { sha256 } = await digestFile(path);
    throw new CliError(
      `The report was not checked, because --data is missing: give the data directory whose event log recorded the export. ` +
        `The file's SHA-256 is ${sha256}; a report cannot be checked on its own.`,
    );
  }
  await withEngine(options, async (engine) => {
    const result = await verifyReportFile(engine, path);
    if (options.json) {
      printJson(result);
    } else if (result.ok) {
      const { eventId, at, actor, report, bundlePath } = result.recorded!;
      const recordedWhen =
        bundlePath === null
          ? `when ${actor ?? 'ScimDesk'} exported the ${report.kind} report (${report.format}) at ${at}, at event log head ${report.headEventId}.`
          : `for ${bundlePath}, the ${report.kind} report (${report.format}) that is part of the evidence bundle recorded by event ${eventId}, ` +
            `made by ${actor ?? 'ScimDesk'} at ${at}, at event log head ${report.headEventId}.`;
      printLines(
        `The report is intact: its SHA-256 ${result.sha256} is the one that event ${eventId} recorded`,
        recordedWhen,
        `The event log is intact: ${result.chain.eventCount} events up to event ${result.chain.headId}, with digest ${result.chain.headDigest}.`,
      );
    } else {
      printLines(`The report ${path} (SHA-256 ${result.sha256}) failed its check:`, ...result.problems.map((problem) => `  ${problem}`));
    }
    if (!result.ok) {
      throw new CliError(`The report ${path} was rejected: ${result.problems[0] ?? 'it failed its check.'}`, EXIT_VERIFICATION_FAILED);
    }
  });
}

async function runVerifyBundle(file: string, options: GlobalOptions): Promise<void> {
  const path = resolve(file);
  if (!existsSync(path)) {
    throw new CliError(`The bundle ${path} does not exist. Check the path.`);
  }
  const local = openLocalLog(options);
  let result: BundleVerification;
  try {
    // The check of the local chain is stored like every check from the CLI, so later checks compare their head with it.
    const log = local.log === undefined || local.engine === undefined ? undefined : { ...local.log, chain: await checkLog(local.engine, 'cli') };
    result = await verifyBundle(path, log, local.notComparedReason);
  } finally {
    local.engine?.close();
  }

  if (options.json) {
    printJson(result);
  } else if (result.ok) {
    const manifest = result.manifest!;
    const files = `${result.filesChecked} files match the SHA-256 digests of its manifest`;
    printLines(
      result.localLog.state === 'matched' ? `The bundle is intact: ${files}.` : `The files of the bundle match its manifest: ${files}.`,
      `SHA-256 of its manifest: ${result.manifestSha256}`,
      `It was made at ${manifest.createdAt} from data directory ${manifest.dataDirectoryId}, at event log head ${manifest.log.headEventId} (digest ${manifest.log.headDigest}).`,
      ...describeLocalLog(result.localLog),
    );
  } else {
    printLines(
      'The bundle failed its check:',
      ...result.problems.map((problem) => `  ${problem}`),
      ...(result.manifestSha256 === null ? [] : [`SHA-256 of its manifest: ${result.manifestSha256}`]),
    );
  }
  if (!result.ok) {
    throw new CliError(`The bundle ${path} was rejected: ${result.problems[0] ?? 'it failed its check.'}`, EXIT_VERIFICATION_FAILED);
  }
}

/** Says what the comparison with the local event log showed, or why there was none and what that leaves unchecked. */
function describeLocalLog(check: LocalLogCheck): string[] {
  if (check.state === 'matched') {
    return [
      `The local event log still contains event ${check.headEventId} with the same digest,`,
      `and event ${check.recordedByEventId} recorded this manifest's SHA-256 when the bundle was made.`,
    ];
  }
  const reason = check.state === 'not-checked' ? check.reason : check.message;
  return [
    `The local event log was not compared: ${reason}.`,
    'This shows only that the files agree with the manifest, not that the bundle is intact: someone who edited a report could have rewritten the manifest too.',
    'Compare the SHA-256 of its manifest above with the one printed or recorded when the bundle was made, or run this command with --data on the data directory that made it.',
  ];
}

interface LocalLogOpening {
  engine?: Engine;
  log?: LocalLog;
  /** The reason there is no log to compare the bundle with. */
  notComparedReason?: string;
}

/**
 * Opens the data directory's log to compare a bundle with, when --data is given or
 * the default store exists. A directory without a store is not opened, so that no
 * store is created there.
 */
function openLocalLog(options: GlobalOptions): LocalLogOpening {
  const dataDir = options.data ?? defaultDataDir();
  if (!hasStore(dataDir)) {
    return options.data === undefined
      ? {}
      : { notComparedReason: `there is no ScimDesk store (${DATABASE_FILE}) in ${dataDir}, the directory given with --data, so check that path` };
  }
  const engine = Engine.open(dataDir);
  const dataDirectoryId = readDataDirectoryId(engine.db);
  if (dataDirectoryId === undefined) {
    return { engine, notComparedReason: `the data directory ${dataDir} has no data directory id yet, so the bundle does not come from it` };
  }
  return { engine, log: { db: engine.db, dataDirectoryId } };
}

function parseFormats(list: string): ReportFormat[] {
  const formats = list.split(',').map((format) => format.trim().toLowerCase()).filter((format) => format !== '');
  const unknown = formats.filter((format) => !(REPORT_FORMATS as readonly string[]).includes(format));
  if (formats.length === 0 || unknown.length > 0) {
    throw new CliError(`--formats "${list}" is not valid: list one or more of ${REPORT_FORMATS.join(', ')}, separated by commas.`, 2);
  }
  return [...new Set(formats)] as ReportFormat[];
}

function checkedOutputPath(file: string): string {
  const path = resolve(file);
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new CliError(`The folder ${folder} for --out does not exist. Create it or choose another path.`);
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new CliError(`--out ${path} is a folder. Give a file name, such as ${join(path, 'report.pdf')}.`);
  }
  return path;
}

/**
 * Shows export progress on stderr: one line rewritten in place on a terminal,
 * otherwise a line at every tenth of the rows, so that logs stay short.
 */
function createProgressLine(label: string): { update: (progress: ExportProgress) => void; finish: () => void } {
  const terminal = process.stderr.isTTY === true;
  let lastTenth = -1;
  let lastDraw = 0;
  let drawn = false;
  return {
    update: ({ rowsWritten, totalRows }) => {
      const percent = totalRows === 0 ? 100 : Math.floor((rowsWritten / totalRows) * 100);
      const text = `${label}: ${rowsWritten} of ${totalRows} rows (${percent}%)`;
      if (terminal) {
        if (Date.now() - lastDraw >= 100 || rowsWritten === totalRows) {
          process.stderr.write(`\r${text}`);
          lastDraw = Date.now();
          drawn = true;
        }
      } else if (Math.floor(percent / 10) > lastTenth) {
        lastTenth = Math.floor(percent / 10);
        process.stderr.write(`${text}\n`);
      }
    },
    finish: () => {
      if (terminal && drawn) {
        process.stderr.write('\n');
      }
    },
  };
}
