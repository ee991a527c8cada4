/**
 * `npm run bench`: measures ScimDesk's SCIM endpoint over HTTP against a bare
 * node:http ceiling server, prints a table and the PASS/FAIL targets, and writes
 * bench/results/latest.json. Each server runs in its own child process so that
 * its RSS is measured apart from the driver. The exit code is 0 whether targets
 * pass or not, 1 when the harness itself failed and 2 for an invalid command line.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServerChild, type ServerChild, type StoppedChild } from './children.ts';
import { openClient, runTasks, type RunOutcome, type ScimClient } from './driver.ts';
import { userNameLookupPath } from './bodies.ts';
import {
  checkTargets,
  formatTable,
  formatTargets,
  readMachineFacts,
  summarizeMemberBatches,
  summarizeWorkload,
  toMb,
  writeJson,
  readSourceFacts,
  CREATE_WORKLOAD,
  LOOKUP_WORKLOAD,
  type ServerKind,
  type WorkloadResult,
} from './report.ts';
import {
  createGroups,
  createUsers,
  deactivateUsers,
  growGroup,
  lookUpCeiling,
  lookUpUsers,
  pageUsers,
  removeMembers,
  replayEntra,
  sizesFor,
  type BenchState,
  type Workload,
  type WorkloadSizes,
} from './workloads.ts';

const BENCH_DIR = import.meta.dirname;
const RESULTS_FILE = join(BENCH_DIR, 'results', 'latest.json');
/** Unrecorded requests sent to each server first, so that both are measured after JIT warm-up. */
const WARM_UP_REQUESTS = 2_000;
/** 1-minute load average at the start from which the run is reported as measured on a busy machine. */
const BUSY_LOAD_AVERAGE = 1;

const USAGE = `Usage: node bench/run.ts [options]

  --scale <factor>        multiplies every request count (default 1; 0.1 for a quick check)
  --time-limit <seconds>  time after which one workload starts no more requests (default 120)
  --total-limit <seconds> time budget of all workloads together (default 540)
  --cpu-prof              writes a V8 CPU profile of the ScimDesk server to bench/results/profiles/
  --help                  prints this text`;

interface RunOptions {
  scale: number;
  timeLimitSeconds: number;
  totalLimitSeconds: number;
  cpuProfile: boolean;
}

/** An invalid command line: printed without a stack trace. */
class UsageError extends Error {}

function readOptions(): RunOptions | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        scale: { type: 'string', default: '1' },
        'time-limit': { type: 'string', default: '120' },
        'total-limit': { type: 'string', default: '540' },
        'cpu-prof': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return undefined;
  }
  const positive = (name: string, text: string): number => {
    const number = Number(text);
    if (!Number.isFinite(number) || number <= 0) {
      throw new UsageError(`--${name} must be a positive number, got "${text}".\n${USAGE}`);
    }
    return number;
  };
  return {
    scale: positive('scale', values.scale),
    timeLimitSeconds: positive('time-limit', values['time-limit']),
    totalLimitSeconds: positive('total-limit', values['total-limit']),
    cpuProfile: values['cpu-prof'],
  };
}

/** Runs the workloads in order, each bounded by its own limit and by what is left of the total budget. */
class WorkloadRunner {
  readonly results: WorkloadResult[] = [];
  private readonly budgetEnd: number;
  private readonly sizes: WorkloadSizes;

  constructor(sizes: WorkloadSizes, totalLimitSeconds: number) {
    this.sizes = sizes;
    this.budgetEnd = performance.now() + totalLimitSeconds * 1000;
  }

  async run(name: string, server: ServerChild, kind: ServerKind, client: ScimClient, state: BenchState, workload: Workload): Promise<void> {
    const timeLimitMs = Math.max(0, Math.min(this.sizes.timeLimitMs, this.budgetEnd - performance.now()));
    process.stderr.write(`${name}: running (at most ${(timeLimitMs / 1000).toFixed(0)} s)\n`);

    await server.readRss(true);
    const outcome: RunOutcome = await workload(client, state, { ...this.sizes, timeLimitMs });
    const result = summarizeWorkload(name, kind, outcome, await server.readRss(false));
    this.results.push(result);

    const cut = result.cutShort ? `, cut short after ${result.tasksDone} of ${result.tasksPlanned} tasks` : '';
    process.stderr.write(`${name}: ${result.requests} requests in ${result.elapsedSeconds.toFixed(1)} s, ${result.errors} errors${cut}\n`);
    for (const sample of result.errorSamples) {
      process.stderr.write(`  error: ${sample}\n`);
    }
  }
}

async function warmUp(client: ScimClient, concurrency: number): Promise<void> {
  const outcome = await runTasks({ tasks: WARM_UP_REQUESTS, concurrency, timeLimitMs: 30_000 }, async (index, recorder) => {
    await recorder.call(client, { method: 'GET', path: userNameLookupPath(`warm-up-${index}@bench.example.com`), expect: [200] });
  });
  if (outcome.recorder.errors > 0) {
    throw new Error(`The warm-up requests failed: ${outcome.recorder.errorSamples.join('; ')}`);
  }
}

/** Measures the ceiling server with the lookup workload in a child of its own. */
async function measureCeiling(name: string, runner: WorkloadRunner, sizes: WorkloadSizes, env: Record<string, string>): Promise<void> {
  const ceiling = await startServerChild(join(BENCH_DIR, 'ceiling-server.ts'), { execArgv: [], env });
  try {
    const client = openClient(ceiling.baseUrl, ceiling.token, sizes.concurrency);
    await warmUp(client, sizes.concurrency);
    await runner.run(name, ceiling, 'ceiling', client, { users: [], groupIds: [], memberBatchLatenciesMs: [] }, lookUpCeiling);
    await client.pool.close();
    await ceiling.stop();
  } finally {
    ceiling.kill();
  }
}

/** Runs the eight ScimDesk workloads in order against one server child and returns its final figures. */
async function measureScimDesk(runner: WorkloadRunner, sizes: WorkloadSizes, state: BenchState, options: RunOptions, env: Record<string, string>): Promise<StoppedChild> {
  const profileDir = join(BENCH_DIR, 'results', 'profiles');
  const execArgv = options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const server = await startServerChild(join(BENCH_DIR, 'server.ts'), { execArgv, env });
  try {
    const client = openClient(server.baseUrl, server.token, sizes.concurrency);
    await warmUp(client, sizes.concurrency);
    const workloads: [string, Workload][] = [
      [CREATE_WORKLOAD, createUsers],
      [LOOKUP_WORKLOAD, lookUpUsers],
      ['user paging', pageUsers],
      ['group creation', createGroups],
      ['group growth', growGroup],
      ['member removal', removeMembers],
      ['user deactivation', deactivateUsers],
      ['Entra ID replay', replayEntra],
    ];
    for (const [name, workload] of workloads) {
      await runner.run(name, server, 'scimdesk', client, state, workload);
    }
    await client.pool.close();
    return await server.stop();
  } finally {
    server.kill();
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  if (!options) {
    return;
  }
  const sizes = sizesFor(options.scale, options.timeLimitSeconds);
  const runner = new WorkloadRunner(sizes, options.totalLimitSeconds);
  const state: BenchState = { users: [], groupIds: [], memberBatchLatenciesMs: [] };
  const started = new Date();
  const loadAverageBefore = loadavg();
  const env = { SCIMDESK_LOG_LEVEL: process.env.SCIMDESK_LOG_LEVEL ?? 'warn' };

  // The ceiling is measured before and after, because other load on a shared machine comes and goes.
  await measureCeiling('ceiling before', runner, sizes, env);
  const stopped = await measureScimDesk(runner, sizes, state, options, env);
  await measureCeiling('ceiling after', runner, sizes, env);

  const serverPeakRssMb = toMb(stopped.processPeakBytes);
  const memberBatches = summarizeMemberBatches(state.memberBatchLatenciesMs);
  const usersCreated = state.users.filter((user) => user !== undefined).length;
  const targets = checkTargets(runner.results, memberBatches, serverPeakRssMb, usersCreated);
  const machine = readMachineFacts();
  const source = readSourceFacts(join(BENCH_DIR, '..'));
  const loadAverage = { before: loadAverageBefore, after: loadavg() };

  console.log(`\nScimDesk SCIM benchmark, ${started.toISOString()}, commit ${source.commit} with ${source.changedSourceFiles} changed files under src/`);
  console.log(`${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}`);
  console.log(`Load average (1, 5, 15 min) before: ${formatLoad(loadAverage.before)}; after: ${formatLoad(loadAverage.after)}\n`);
  console.log(formatTable(runner.results));
  console.log(`\nServer peak RSS over the whole run: ${serverPeakRssMb.toFixed(0)} MB; store on disk: ${toMb(stopped.storeBytes ?? 0).toFixed(0)} MB`);
  console.log(
    `Member batches: first 10 mean ${memberBatches.firstTenMeanMs.toFixed(1)} ms (median ${memberBatches.firstTenMedianMs.toFixed(1)}), ` +
      `last 10 mean ${memberBatches.lastTenMeanMs.toFixed(1)} ms (median ${memberBatches.lastTenMedianMs.toFixed(1)})\n`,
  );
  console.log(formatTargets(targets));
  if (loadAverageBefore[0]! >= BUSY_LOAD_AVERAGE) {
    console.log(`\nNOTE: other processes kept the machine busy (1-minute load average ${loadAverageBefore[0]!.toFixed(2)} at the start), so every figure is lower than on an idle machine.`);
  }

  writeJson(RESULTS_FILE, {
    date: started.toISOString(),
    durationSeconds: (Date.now() - started.getTime()) / 1000,
    machine,
    source,
    loadAverage,
    settings: { ...options, sizes },
    workloads: runner.results,
    memberBatches: { ...memberBatches, latenciesMs: state.memberBatchLatenciesMs },
    server: { peakRssMb: serverPeakRssMb, storeMb: toMb(stopped.storeBytes ?? 0), usersCreated },
    targets,
  });
  console.log(`\nWrote ${RESULTS_FILE}`);
}

function formatLoad(load: number[]): string {
  return load.map((value) => value.toFixed(2)).join(', ');
}

try {
  await main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    console.error(`The benchmark harness failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  }
}
