/**
 * The load driver: an undici connection pool per server, a runner that keeps a
 * fixed number of tasks in flight until a count or a time limit is reached, and
 * the latency and error bookkeeping of one workload.
 */
import { Pool } from 'undici';

/** Time limit of one request (headers and body each), in milliseconds. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Error messages kept per workload; the rest are only counted. */
const MAX_ERROR_SAMPLES = 5;

/** A keep-alive connection pool to one SCIM base URL, with its bearer token. */
export interface ScimClient {
  pool: Pool;
  /** Path prefix of the SCIM base URL, e.g. /scim/v2. */
  basePath: string;
  token: string;
}

/** Opens a pool of `connections` keep-alive connections to a SCIM base URL. */
export function openClient(baseUrl: string, token: string, connections: number): ScimClient {
  const url = new URL(baseUrl);
  const pool = new Pool(url.origin, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  return { pool, basePath: url.pathname, token };
}

/** One request as a workload sends it; `path` is relative to the SCIM base URL. */
export interface ScimCall {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: unknown;
  /** Status codes that count as success. */
  expect: number[];
}

/** Latencies and errors of one workload run. */
export class Recorder {
  /** Latency of each request that got a response, in milliseconds, in completion order. */
  readonly latenciesMs: number[] = [];
  /** Requests sent, including those that failed without a response. */
  requests = 0;
  errors = 0;
  readonly errorSamples: string[] = [];

  /**
   * Sends one request and records its latency. Returns the parsed JSON body (or
   * null for an empty body), or undefined after recording an error: an unexpected
   * status, a body that is not JSON, or a network failure.
   */
  async call(client: ScimClient, call: ScimCall): Promise<unknown> {
    this.requests += 1;
    const headers: Record<string, string> = { authorization: `Bearer ${client.token}`, accept: 'application/scim+json' };
    if (call.body !== undefined) {
      headers['content-type'] = 'application/scim+json; charset=utf-8';
    }

    const started = performance.now();
    let status: number;
    let text: string;
    try {
      const response = await client.pool.request({
        method: call.method,
        path: client.basePath + call.path,
        headers,
        body: call.body === undefined ? null : JSON.stringify(call.body),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      this.fail(`${call.method} ${call.path} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    this.latenciesMs.push(performance.now() - started);

    if (!call.expect.includes(status)) {
      this.fail(`${call.method} ${call.path} returned status ${status}, expected ${call.expect.join(' or ')}: ${text.slice(0, 300)}`);
      return undefined;
    }
    try {
      return text === '' ? null : (JSON.parse(text) as unknown);
    } catch {
      this.fail(`${call.method} ${call.path} returned status ${status} with a body that is not JSON: ${text.slice(0, 300)}`);
      return undefined;
    }
  }

  /** Counts an error, e.g. a response whose content is wrong, and keeps its message if few are kept yet. */
  fail(message: string): void {
    this.errors += 1;
    if (this.errorSamples.length < MAX_ERROR_SAMPLES) {
      this.errorSamples.push(message);
    }
  }
}

/** Bounds of one workload run. */
export interface RunBounds {
  /** Tasks to run; a task may send several requests. */
  tasks: number;
  /** Tasks in flight at once. */
  concurrency: number;
  /** No task starts after this many milliseconds; tasks in flight still finish. */
  timeLimitMs: number;
}

/** What one workload run did and how long it took. */
export interface RunOutcome {
  recorder: Recorder;
  tasksPlanned: number;
  tasksDone: number;
  elapsedSeconds: number;
  /** True when the time limit stopped the run before every task ran. */
  cutShort: boolean;
}

/**
 * Runs `task(index)` for index 0…tasks-1 with `concurrency` tasks in flight.
 * A task that returns false ends the run early (all its work is done). A task
 * that throws counts as an error and the run goes on.
 */
export async function runTasks(bounds: RunBounds, task: (index: number, recorder: Recorder) => Promise<boolean | void>): Promise<RunOutcome> {
  const recorder = new Recorder();
  const started = performance.now();
  const deadline = started + bounds.timeLimitMs;
  let next = 0;
  let done = 0;
  let finished = false;
  let cutShort = false;

  const worker = async (): Promise<void> => {
    while (!finished && next < bounds.tasks) {
      if (performance.now() >= deadline) {
        cutShort = true;
        return;
      }
      const index = next;
      next += 1;
      try {
        if ((await task(index, recorder)) === false) {
          finished = true;
        }
      } catch (error) {
        recorder.fail(`task ${index} threw: ${error instanceof Error ? error.stack : String(error)}`);
      }
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: bounds.concurrency }, worker));

  return {
    recorder,
    tasksPlanned: bounds.tasks,
    tasksDone: done,
    elapsedSeconds: (performance.now() - started) / 1000,
    cutShort,
  };
}

/** Returns the p-th percentile (0–100) of the values by the nearest-rank method, or NaN for none. */
export function percentile(sortedValues: number[], p: number): number {
  if (sortedValues.length === 0) {
    return Number.NaN;
  }
  const rank = Math.ceil((p / 100) * sortedValues.length);
  return sortedValues[Math.min(sortedValues.length, Math.max(1, rank)) - 1]!;
}

/** Returns the arithmetic mean, or NaN for no values. */
export function mean(values: number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}
