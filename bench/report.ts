/**
 * Figures of a benchmark run: per-workload summaries, the targets checked
 * against the ceiling of the same run, the printed table and the JSON record.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, arch, cpus, release, totalmem, type } from 'node:os';
import { dirname } from 'node:path';
import type { RssReport } from './child-ipc.ts';
import { mean, percentile, type RunOutcome } from './driver.ts';

/** Bytes per megabyte (MB = 10^6 bytes) in every RSS and store figure. */
const BYTES_PER_MB = 1_000_000;

/** Workload names that the targets refer to. */
export const LOOKUP_WORKLOAD = 'user lookup';
export const CREATE_WORKLOAD = 'user creation';

/** Limits of the targets, as factors of the ceiling or of other measurements. */
const LOOKUP_MIN_SHARE_OF_CEILING = 0.5;
const CREATE_MIN_SHARE_OF_CEILING = 0.25;
const LAST_BATCHES_MAX_FACTOR = 1.3;
const MAX_SERVER_RSS_MB = 300;
/** Member batches averaged at each end of the large group's growth. */
const BATCHES_AVERAGED = 10;

/** Which server a workload ran against. */
export type ServerKind = 'scimdesk' | 'ceiling';

/** One workload's figures. */
export interface WorkloadResult {
  name: string;
  server: ServerKind;
  requests: number;
  tasksPlanned: number;
  tasksDone: number;
  elapsedSeconds: number;
  /** Requests per second over the workload's wall-clock time. */
  throughputPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  errorSamples: string[];
  /** True when the time limit stopped the workload before all its tasks ran. */
  cutShort: boolean;
  /** Highest sampled RSS of the server process during this workload, in MB. */
  serverPeakRssMb: number;
}

/** Summarizes one workload run with the server's RSS window over it. */
export function summarizeWorkload(name: string, server: ServerKind, outcome: RunOutcome, rss: RssReport): WorkloadResult {
  const sorted = [...outcome.recorder.latenciesMs].sort((a, b) => a - b);
  return {
    name,
    server,
    requests: outcome.recorder.requests,
    tasksPlanned: outcome.tasksPlanned,
    tasksDone: outcome.tasksDone,
    elapsedSeconds: outcome.elapsedSeconds,
    throughputPerSecond: outcome.elapsedSeconds > 0 ? outcome.recorder.requests / outcome.elapsedSeconds : 0,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    errors: outcome.recorder.errors,
    errorSamples: outcome.recorder.errorSamples,
    cutShort: outcome.cutShort,
    serverPeakRssMb: toMb(rss.windowPeakBytes),
  };
}

/** Converts bytes to MB (10^6 bytes). */
export function toMb(bytes: number): number {
  return bytes / BYTES_PER_MB;
}

/**
 * Latency of the first and last member batches of the large group, in
 * milliseconds. The target uses the means; the medians show whether one slow
 * batch moved a mean.
 */
export interface MemberBatchSummary {
  batches: number;
  firstTenMeanMs: number;
  lastTenMeanMs: number;
  firstTenMedianMs: number;
  lastTenMedianMs: number;
}

/** Summarizes the member batch latencies (milliseconds, in order). */
export function summarizeMemberBatches(latenciesMs: number[]): MemberBatchSummary {
  const first = latenciesMs.slice(0, BATCHES_AVERAGED);
  const last = latenciesMs.slice(-BATCHES_AVERAGED);
  const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);
  return {
    batches: latenciesMs.length,
    firstTenMeanMs: mean(first),
    lastTenMeanMs: mean(last),
    firstTenMedianMs: percentile(sorted(first), 50),
    lastTenMedianMs: percentile(sorted(last), 50),
  };
}

/** One target's outcome. */
export interface TargetResult {
  name: string;
  pass: boolean;
  measured: string;
  required: string;
}

/**
 * Checks the targets. Throughput targets are ratios to the ceiling measured in
 * the same run: the higher of its measurements, since other load on the machine
 * only ever lowers it. A target whose workload is missing fails.
 */
export function checkTargets(results: WorkloadResult[], batches: MemberBatchSummary, serverPeakRssMb: number, users: number): TargetResult[] {
  const byName = new Map(results.filter((result) => result.server === 'scimdesk').map((result) => [result.name, result]));
  const ceilings = results.filter((result) => result.server === 'ceiling').map((result) => result.throughputPerSecond);
  const ceiling = ceilings.length === 0 ? Number.NaN : Math.max(...ceilings);
  const share = (name: string): number => (byName.get(name)?.throughputPerSecond ?? Number.NaN) / ceiling;

  const lookupShare = share(LOOKUP_WORKLOAD);
  const createShare = share(CREATE_WORKLOAD);
  const batchFactor = batches.lastTenMeanMs / batches.firstTenMeanMs;
  const failing = results.filter((result) => result.errors > 0);

  return [
    {
      name: 'user lookup throughput',
      pass: lookupShare >= LOOKUP_MIN_SHARE_OF_CEILING,
      measured: `${lookupShare.toFixed(2)} × ceiling`,
      required: `≥ ${LOOKUP_MIN_SHARE_OF_CEILING} × ceiling`,
    },
    {
      name: 'user creation throughput',
      pass: createShare >= CREATE_MIN_SHARE_OF_CEILING,
      measured: `${createShare.toFixed(2)} × ceiling`,
      required: `≥ ${CREATE_MIN_SHARE_OF_CEILING} × ceiling`,
    },
    {
      name: 'last 10 member batches vs first 10',
      pass: batchFactor <= LAST_BATCHES_MAX_FACTOR,
      measured: `${batchFactor.toFixed(2)} × (${batches.lastTenMeanMs.toFixed(1)} ms vs ${batches.firstTenMeanMs.toFixed(1)} ms)`,
      required: `≤ ${LAST_BATCHES_MAX_FACTOR} ×`,
    },
    {
      name: 'errors in every workload',
      pass: failing.length === 0,
      measured: failing.length === 0 ? '0' : failing.map((result) => `${result.name}: ${result.errors}`).join(', '),
      required: '0',
    },
    {
      name: `server peak RSS at ${users} users`,
      pass: serverPeakRssMb < MAX_SERVER_RSS_MB,
      measured: `${serverPeakRssMb.toFixed(0)} MB`,
      required: `< ${MAX_SERVER_RSS_MB} MB`,
    },
  ];
}

/** Facts about the machine a run came from. */
export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
}

/** Reads the machine facts from node:os. */
export function readMachineFacts(): MachineFacts {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()} ${arch()}`,
  };
}

/** The source a run measured: the commit and the number of files under src/ changed since it. */
export interface SourceFacts {
  commit: string;
  changedSourceFiles: number;
}

/** Reads the source facts with git; 'unknown' and -1 outside a git checkout. */
export function readSourceFacts(repositoryDir: string): SourceFacts {
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: repositoryDir, encoding: 'utf8' }).trim();
    const changed = git('status', '--porcelain', '--', 'src');
    return { commit: git('rev-parse', '--short', 'HEAD'), changedSourceFiles: changed === '' ? 0 : changed.split('\n').length };
  } catch {
    return { commit: 'unknown', changedSourceFiles: -1 };
  }
}

/** Formats the workload table as aligned plain-text lines. */
export function formatTable(results: WorkloadResult[]): string {
  const header = ['workload', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'server peak RSS MB', 'note'];
  const rows = results.map((result) => [
    result.name,
    String(result.requests),
    result.throughputPerSecond.toFixed(0),
    result.p50Ms.toFixed(2),
    result.p95Ms.toFixed(2),
    result.p99Ms.toFixed(2),
    String(result.errors),
    result.serverPeakRssMb.toFixed(0),
    result.cutShort ? `cut short: ${result.tasksDone} of ${result.tasksPlanned} tasks` : '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (cells: string[]): string =>
    cells.map((cell, column) => (column === 0 || column === cells.length - 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(format)].join('\n');
}

/** Formats the targets as one PASS or FAIL line each. */
export function formatTargets(targets: TargetResult[]): string {
  return targets.map((target) => `${target.pass ? 'PASS' : 'FAIL'}  ${target.name}: ${target.measured} (target ${target.required})`).join('\n');
}

/** Writes `record` as indented JSON to `path`, creating its folder. */
export function writeJson(path: string, record: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
}
