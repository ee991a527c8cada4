import { PROVIDERS } from '../../../shared/providers/index.ts';
import { describeBasicCredentials } from '../connections/basic-credentials.ts';
import type { ConnectionRecord } from '../connections/connections.ts';
import type { Engine } from '../engine.ts';
import { SIMULATOR_CREDENTIAL } from '../connections/tokens.ts';
import { listOAuthClients } from '../oauth/clients.ts';
import { describeMinutes } from './durations.ts';

/**
 * Connection health: one state per connection with the reason in a sentence,
 * computed from the connection row and its latest request events. The
 * connections screen, the overview, `scimdesk health` and the alert rules all
 * use this one computation.
 */

/** Health of a connection, from worst to best: disabled and failing first. */
export type HealthState = 'disabled' | 'failing' | 'waiting' | 'silent' | 'healthy';

/** Consecutive failed requests (HTTP status 400 or more) after which a connection is failing. */
export const FAILURE_STREAK = 5;
/** Shortest silence threshold, in minutes, for providers whose cycle is shorter. */
export const MIN_SILENCE_MINUTES = 30;
/**
 * Silence threshold, in minutes, for providers that push each change as it
 * happens (`syncCycleMinutes` 0). They send nothing while nothing changes, so
 * only a long silence is worth a warning: 24 hours.
 */
export const PUSH_SILENCE_MINUTES = 24 * 60;
/** Latest requests read to find the failure streak and its most common error. */
const RECENT_REQUESTS = 50;

/** The most common error among a connection's failing requests. */
export interface CommonError {
  status: number;
  /** The ErrorResponse detail, or the summary when the response had none. */
  detail: string;
  /** Failed requests of the streak with this status and detail. */
  count: number;
}

/** Health of one connection at a moment. */
export interface ConnectionHealth {
  connectionId: string;
  connectionName: string;
  provider: ConnectionRecord['provider'];
  state: HealthState;
  /** The state and its cause in full sentences, with the next step for any state but healthy. */
  reason: string;
  lastRequestAt: string | null;
  /** Whole minutes since the last request; null before the first request. */
  silentMinutes: number | null;
  /** Minutes of silence after which this connection counts as silent. */
  silenceThresholdMinutes: number;
  /** Failed requests in a row up to the latest request, counted up to RECENT_REQUESTS. */
  consecutiveFailures: number;
  /** Most common error of that streak; null when the latest request succeeded. */
  commonError: CommonError | null;
  requestCount: number;
  errorCount: number;
}

/**
 * Returns the silence threshold in minutes for a provider: its usual cycle, at
 * least MIN_SILENCE_MINUTES, or PUSH_SILENCE_MINUTES for providers that push as
 * changes happen.
 */
export function silenceThresholdMinutes(provider: ConnectionRecord['provider']): number {
  const cycle = PROVIDERS[provider].syncCycleMinutes;
  return cycle === 0 ? PUSH_SILENCE_MINUTES : Math.max(cycle, MIN_SILENCE_MINUTES);
}

/**
 * Computes a connection's health at `now`. Throws a not-found AdminError for an
 * unknown connection id.
 */
export function computeConnectionHealth(engine: Engine, connectionId: string, now: Date): ConnectionHealth {
  const connection = engine.connections.get(connectionId);
  const threshold = silenceThresholdMinutes(connection.provider);
  const silentMinutes =
    connection.lastRequestAt === null ? null : Math.max(0, Math.floor((now.getTime() - Date.parse(connection.lastRequestAt)) / 60_000));
  const streak = readFailureStreak(engine, connectionId);

  const base = {
    connectionId,
    connectionName: connection.name,
    provider: connection.provider,
    lastRequestAt: connection.lastRequestAt,
    silentMinutes,
    silenceThresholdMinutes: threshold,
    consecutiveFailures: streak.count,
    commonError: streak.commonError,
    requestCount: connection.requestCount,
    errorCount: connection.errorCount,
  };
  const { state, reason } = decideState(connection, streak, silentMinutes, threshold, hasWorkingCredential(engine, connectionId, now));
  return { ...base, state, reason };
}

/**
 * Tells whether a connection can still authenticate: a static token that is neither revoked nor
 * expired, Basic credentials or an OAuth client that are not revoked. A connection that never had
 * any of these (one still in setup) counts as able to, so that only a connection whose
 * credentials were all revoked or expired fails.
 */
function hasWorkingCredential(engine: Engine, connectionId: string, now: Date): boolean {
  const hadCredential =
    engine.db
      .prepare(
        `SELECT 1 FROM tokens WHERE connection_id = @id AND kind = 'static'
         UNION ALL SELECT 1 FROM basic_credentials WHERE connection_id = @id
         UNION ALL SELECT 1 FROM oauth_clients WHERE connection_id = @id LIMIT 1`,
      )
      .get({ id: connectionId }) !== undefined;
  if (!hadCredential) {
    return true;
  }
  const nowText = now.toISOString();
  if (engine.connections.listTokens(connectionId).some((token) => token.expiresAt === null || token.expiresAt > nowText)) {
    return true;
  }
  return describeBasicCredentials(engine, connectionId) !== null || listOAuthClients(engine, connectionId).length > 0;
}

/** Computes the health of every connection at `now`, in the order the connection store lists them. */
export function listConnectionHealth(engine: Engine, now: Date): ConnectionHealth[] {
  return engine.connections.list().map((connection) => computeConnectionHealth(engine, connection.id, now));
}

interface FailureStreak {
  count: number;
  /** Requests read; fewer than RECENT_REQUESTS means these are all the connection sent. */
  read: number;
  commonError: CommonError | null;
}

function decideState(
  connection: ConnectionRecord,
  streak: FailureStreak,
  silentMinutes: number | null,
  threshold: number,
  hasCredential: boolean,
): { state: HealthState; reason: string } {
  const provider = PROVIDERS[connection.provider].displayName;
  if (connection.disabled) {
    return { state: 'disabled', reason: `The connection is disabled, so ScimDesk rejects ${provider}'s requests. Enable it to resume sync.` };
  }
  if (!hasCredential) {
    return {
      state: 'failing',
      reason:
        `The connection has no working token or other credential, so ScimDesk rejects every request from ${provider}. ` +
        `Issue a new one with Rotate token under Manage on the Connections screen, or with the command ` +
        `scimdesk connection rotate-token "${connection.name}", then enter it in ${provider}.`,
    };
  }
  // A connection is failing after FAILURE_STREAK failures in a row, or when every request it ever sent failed.
  const everyRequestFailed = streak.count > 0 && streak.count === streak.read && streak.read < RECENT_REQUESTS;
  if (streak.commonError !== null && (streak.count >= FAILURE_STREAK || everyRequestFailed)) {
    const error = streak.commonError;
    return {
      state: 'failing',
      reason:
        `The last ${streak.count} request${streak.count === 1 ? '' : 's'} from ${provider} failed. ` +
        `${describeCommonError(error)} ` +
        'Open the errors in Live events, fix the cause in the provider or in ScimDesk, then retry provisioning in the provider.',
    };
  }
  if (silentMinutes === null) {
    return {
      state: 'waiting',
      reason:
        `ScimDesk has not received a request from ${provider} yet. The simulator's requests do not count. ` +
        `Finish the setup steps in ${provider}, then start provisioning there.`,
    };
  }
  if (silentMinutes > threshold) {
    return {
      state: 'silent',
      reason:
        `No request from ${provider} for ${describeMinutes(silentMinutes)}, longer than its usual cycle of ${describeMinutes(threshold)}. ` +
        `If users or groups changed in ${provider} since, check its provisioning log for errors.`,
    };
  }
  const ago = silentMinutes < 1 ? 'less than a minute' : describeMinutes(silentMinutes);
  if (streak.commonError !== null) {
    return { state: 'healthy', reason: recentFailuresReason(provider, ago, streak.count, streak.commonError) };
  }
  return { state: 'healthy', reason: `The last request from ${provider} came ${ago} ago and succeeded.` };
}

/** Describes failures too few to call the connection failing, so that "healthy" does not read as "the last request succeeded". */
function recentFailuresReason(provider: string, ago: string, count: number, error: CommonError): string {
  const threshold = `${FAILURE_STREAK} failures in a row mark the connection as failing.`;
  if (count === 1) {
    return (
      `The last request from ${provider} came ${ago} ago and failed with ${error.status}: ${error.detail} ` +
      `A single failure can be normal, such as a 409 for a user that already exists. ${threshold}`
    );
  }
  return `The last ${count} requests from ${provider} failed, the latest ${ago} ago. ${describeCommonError(error)} ${threshold}`;
}

/**
 * Reads the latest requests of a connection, leaving out the simulator's, and returns the run of
 * failures that ends with the newest one.
 */
function readFailureStreak(engine: Engine, connectionId: string): FailureStreak {
  const rows = engine.db
    .prepare(
      `SELECT status, summary FROM events WHERE connection_id = ? AND kind = 'scim.request'
       AND json_extract(detail, '$.credential') IS NOT ?
       ORDER BY id DESC LIMIT ${RECENT_REQUESTS}`,
    )
    .all(connectionId, SIMULATOR_CREDENTIAL) as { status: number | null; summary: string }[];

  const failures: { status: number; detail: string }[] = [];
  for (const row of rows) {
    if (row.status === null || row.status < 400) {
      break;
    }
    failures.push({ status: row.status, detail: errorDetail(row.summary) });
  }
  return { count: failures.length, read: rows.length, commonError: mostCommon(failures) };
}

/** Takes the ErrorResponse detail out of a failed request's summary ("GET /Users answered 401: …"). */
function errorDetail(summary: string): string {
  const detail = /answered \d{3}: (.*)$/s.exec(summary)?.[1]?.trim() ?? summary;
  return /[.!?]$/.test(detail) ? detail : `${detail}.`;
}

function mostCommon(failures: { status: number; detail: string }[]): CommonError | null {
  const counts = new Map<string, CommonError>();
  for (const failure of failures) {
    const key = `${failure.status}\u0000${failure.detail}`;
    const entry = counts.get(key) ?? { ...failure, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  let best: CommonError | null = null;
  for (const entry of counts.values()) {
    if (best === null || entry.count > best.count) {
      best = entry;
    }
  }
  return best;
}

/**
 * Names the most common error of a streak. When no error occurred twice, mostCommon picked the
 * latest, and calling it the most common would mislead.
 */
function describeCommonError(error: CommonError): string {
  if (error.count === 1) {
    return `The latest error is ${error.status}: ${error.detail}`;
  }
  return `The most common error (${error.count} of them) is ${error.status}: ${error.detail}`;
}
