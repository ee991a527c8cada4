import { SIMULATOR_CREDENTIAL } from '../connections/tokens.ts';
import type { Db } from '../store/database.ts';

/**
 * Progress of large syncs. A burst is a run of SCIM requests from one connection
 * with no gap longer than BURST_GAP_MS between two of them; `sync_bursts` keeps
 * the latest burst of each connection and is updated as each request is logged,
 * so reading progress never scans the event log.
 */

/** Longest pause between two requests of one burst, in milliseconds. */
export const BURST_GAP_MS = 2 * 60_000;

/**
 * Time after a burst's latest request during which the console still shows it as a sync in
 * progress, in milliseconds. It is shorter than BURST_GAP_MS so that the banner goes away soon
 * after traffic stops, while a sync that resumes within BURST_GAP_MS keeps counting from its start.
 */
export const SYNC_SHOWN_AFTER_MS = 15_000;

/** The SCIM request fields that a burst counts. */
export interface BurstSource {
  kind: string;
  connectionId: string | null;
  method?: string | null;
  path?: string | null;
  status?: number | null;
  /** Detail of the event; `credential` marks the built-in simulator's requests, which a burst leaves out. */
  extra?: Record<string, unknown>;
}

/** Progress of one connection's current burst of requests. */
export interface SyncProgress {
  connectionId: string;
  connectionName: string;
  /** Time of the burst's first request (ISO 8601). */
  startedAt: string;
  /** Time of the burst's latest request (ISO 8601). */
  lastRequestAt: string;
  requests: number;
  /** Successful POST, PUT, PATCH and DELETE requests to /Users (user changes received). */
  userWrites: number;
  /** Successful POST, PUT, PATCH and DELETE requests to /Groups. */
  groupWrites: number;
  errors: number;
  /** Requests per second from the first to the latest request; null until the burst spans a second. */
  requestsPerSecond: number | null;
  /** Seconds from the first request to `now`. */
  elapsedSeconds: number;
}

interface BurstRow {
  connection_id: string;
  first_event_id: number;
  started_at: string;
  last_at: string;
  requests: number;
  user_writes: number;
  group_writes: number;
  errors: number;
  connection_name: string | null;
}

/** One logged event for `recordBursts`. */
export interface BurstEntry {
  eventId: number;
  event: BurstSource;
  at: string;
}

/** A connection's burst while `recordBursts` counts, written once at the end. */
interface BurstTally {
  restartAt: { eventId: number; at: string } | undefined;
  lastAt: string | undefined;
  requests: number;
  userWrites: number;
  groupWrites: number;
  errors: number;
}

/**
 * Counts logged SCIM requests, in log order, towards their connections' bursts with
 * one read and at most two writes per connection, so that a batch of events costs little
 * more than one. Runs inside the append transaction.
 */
export function recordBursts(db: Db, entries: readonly BurstEntry[]): void {
  const tallies = new Map<string, BurstTally>();
  const lastStored = db.prepare('SELECT last_at FROM sync_bursts WHERE connection_id = ?').pluck();

  for (const { eventId, event, at } of entries) {
    // The simulator's requests test ScimDesk, so they are no sync of the provider's.
    if (event.kind !== 'scim.request' || event.connectionId === null || event.extra?.credential === SIMULATOR_CREDENTIAL) {
      continue;
    }
    let tally = tallies.get(event.connectionId);
    if (!tally) {
      const storedLastAt = lastStored.get(event.connectionId) as string | undefined;
      tally = { restartAt: undefined, lastAt: storedLastAt, requests: 0, userWrites: 0, groupWrites: 0, errors: 0 };
      tallies.set(event.connectionId, tally);
    }
    const continues = tally.lastAt !== undefined && Date.parse(at) - Date.parse(tally.lastAt) <= BURST_GAP_MS;
    if (!continues) {
      tally.restartAt = { eventId, at };
      tally.requests = 0;
      tally.userWrites = 0;
      tally.groupWrites = 0;
      tally.errors = 0;
    }

    const failed = (event.status ?? 0) >= 400;
    const search = /\/\.search\/?$/i.test(event.path ?? '');
    const write = !failed && !search && ['POST', 'PUT', 'PATCH', 'DELETE'].includes((event.method ?? '').toUpperCase());
    const resource = /^\/(Users|Groups)(\/|\?|$)/i.exec(event.path ?? '')?.[1]?.toLowerCase();
    tally.lastAt = tally.lastAt === undefined || at > tally.lastAt ? at : tally.lastAt;
    tally.requests++;
    tally.userWrites += write && resource === 'users' ? 1 : 0;
    tally.groupWrites += write && resource === 'groups' ? 1 : 0;
    tally.errors += failed ? 1 : 0;
  }

  for (const [connectionId, tally] of tallies) {
    if (tally.restartAt) {
      db.prepare(
        `INSERT INTO sync_bursts (connection_id, first_event_id, started_at, last_at, requests, user_writes, group_writes, errors)
         VALUES (?, ?, ?, ?, 0, 0, 0, 0)
         ON CONFLICT(connection_id) DO UPDATE SET first_event_id = excluded.first_event_id, started_at = excluded.started_at,
           last_at = excluded.last_at, requests = 0, user_writes = 0, group_writes = 0, errors = 0`,
      ).run(connectionId, tally.restartAt.eventId, tally.restartAt.at, tally.restartAt.at);
    }
    db.prepare(
      `UPDATE sync_bursts SET last_at = MAX(last_at, ?), requests = requests + ?, user_writes = user_writes + ?,
         group_writes = group_writes + ?, errors = errors + ? WHERE connection_id = ?`,
    ).run(tally.lastAt, tally.requests, tally.userWrites, tally.groupWrites, tally.errors, connectionId);
  }
}

/**
 * Returns the syncs in progress at `now`: bursts that received at least one user or group change
 * and whose latest request is at most SYNC_SHOWN_AFTER_MS old. A burst of reads alone (an identity
 * provider's lookups, a connection test) is no sync and is left out.
 */
export function listSyncProgress(db: Db, now: Date): SyncProgress[] {
  const since = new Date(now.getTime() - SYNC_SHOWN_AFTER_MS).toISOString();
  const rows = db
    .prepare(
      `SELECT b.*, c.name AS connection_name FROM sync_bursts b JOIN connections c ON c.id = b.connection_id
       WHERE b.last_at >= ? AND b.user_writes + b.group_writes > 0 ORDER BY b.started_at`,
    )
    .all(since) as BurstRow[];
  return rows.map((row) => toProgress(row, now));
}

function toProgress(row: BurstRow, now: Date): SyncProgress {
  const started = Date.parse(row.started_at);
  const spanSeconds = (Date.parse(row.last_at) - started) / 1000;
  return {
    connectionId: row.connection_id,
    connectionName: row.connection_name ?? row.connection_id,
    startedAt: row.started_at,
    lastRequestAt: row.last_at,
    requests: row.requests,
    userWrites: row.user_writes,
    groupWrites: row.group_writes,
    errors: row.errors,
    requestsPerSecond: spanSeconds >= 1 ? Math.round((row.requests / spanSeconds) * 10) / 10 : null,
    elapsedSeconds: Math.max(0, Math.round((now.getTime() - started) / 1000)),
  };
}
