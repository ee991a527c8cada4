import type { Engine } from '../engine.ts';
import { nowIso } from '../clock.ts';
import { createLogger } from '../log/logger.ts';
import type { Db } from '../store/database.ts';
import { describeVerification, MAX_LISTED_BREAKS, verifyChainInPages, type ChainBreak, type ChainVerification, type VerifyOptions } from './chain.ts';

const log = createLogger('audit');

/** Host or command that requested a check of the event log. */
export type VerificationRequester = 'start' | 'console' | 'cli' | 'bundle';

/** A finished check of the event log as stored in `log_verifications`. */
export interface StoredVerification {
  at: string;
  requestedBy: string;
  ok: boolean;
  eventCount: number;
  headId: number;
  headDigest: string;
  breakCount: number;
  firstBreak: ChainBreak | null;
}

interface VerificationRow {
  at: string;
  requested_by: string;
  ok: number;
  event_count: number;
  head_id: number;
  head_digest: string;
  break_count: number;
  first_break: string | null;
}

/**
 * Adds a break when the head that the last stored check saw is no longer in the
 * log with the same digest. The chain alone cannot show that the newest events
 * were deleted, because the remaining rows still link up; the stored head can.
 */
export function checkPreviousHead(db: Db, result: ChainVerification): ChainVerification {
  const previous = db
    .prepare('SELECT head_id, head_digest, at FROM log_verifications WHERE ok = 1 AND head_id > 0 ORDER BY id DESC LIMIT 1')
    .get() as { head_id: number; head_digest: string; at: string } | undefined;
  if (!previous) {
    return result;
  }
  const stored = db.prepare('SELECT digest FROM events WHERE id = ?').pluck().get(previous.head_id) as string | undefined;
  if (stored === previous.head_digest) {
    return result;
  }
  const what = stored === undefined ? 'is no longer in the log' : 'has another digest now';
  const found: ChainBreak = {
    eventId: previous.head_id,
    problems: ['missing-before'],
    message: `Event ${previous.head_id}, the head when the log was checked at ${previous.at}, ${what}, so events were removed or replaced.`,
  };
  const breaks = [...result.breaks, found].sort((a, b) => a.eventId - b.eventId).slice(0, MAX_LISTED_BREAKS);
  return { ...result, ok: false, breaks, breakCount: result.breakCount + 1 };
}

/**
 * Checks the chain in a read snapshot for a report or bundle made from that
 * snapshot, including the comparison with the last stored head. It reads only,
 * so it runs on a read-only connection, and it stores nothing.
 */
export async function checkChainForExport(db: Db): Promise<ChainVerification> {
  return checkPreviousHead(db, await verifyChainInPages(db));
}

/** Stores a finished check, so that the console and later checks can read it. */
export function recordVerification(db: Db, at: string, requestedBy: VerificationRequester, result: ChainVerification): StoredVerification {
  const firstBreak = result.breaks[0] ?? null;
  db.prepare(
    `INSERT INTO log_verifications (at, requested_by, event_count, head_id, head_digest, ok, break_count, first_break)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(at, requestedBy, result.eventCount, result.headId, result.headDigest, result.ok ? 1 : 0, result.breakCount, firstBreak ? JSON.stringify(firstBreak) : null);
  return {
    at,
    requestedBy,
    ok: result.ok,
    eventCount: result.eventCount,
    headId: result.headId,
    headDigest: result.headDigest,
    breakCount: result.breakCount,
    firstBreak,
  };
}

/** Returns the newest stored check, or null when the log was never checked. */
export function lastVerification(db: Db): StoredVerification | null {
  const row = db.prepare('SELECT * FROM log_verifications ORDER BY id DESC LIMIT 1').get() as VerificationRow | undefined;
  if (!row) {
    return null;
  }
  return {
    at: row.at,
    requestedBy: row.requested_by,
    ok: row.ok === 1,
    eventCount: row.event_count,
    headId: row.head_id,
    headDigest: row.head_digest,
    breakCount: row.break_count,
    firstBreak: row.first_break === null ? null : (JSON.parse(row.first_break) as ChainBreak),
  };
}

const running = new WeakMap<Engine, Promise<StoredVerification>>();

/** True while a check started by `verifyLog` runs on this engine. */
export function isVerifying(engine: Engine): boolean {
  return running.has(engine);
}

/**
 * Checks the event log in pages without blocking the host, compares the head
 * with the last stored check, stores the outcome and logs it: info when intact,
 * warn when broken (info for the CLI, which prints the outcome). Returns the
 * full outcome, with every listed break.
 */
export async function checkLog(engine: Engine, requestedBy: VerificationRequester, options: VerifyOptions = {}): Promise<ChainVerification> {
  const result = checkPreviousHead(engine.db, await verifyChainInPages(engine.db, options));
  recordVerification(engine.db, nowIso(engine.clock), requestedBy, result);
  if (result.ok) {
    log.info({ eventCount: result.eventCount, headId: result.headId, requestedBy }, 'event log chain verified');
  } else if (requestedBy === 'cli') {
    // The CLI command prints the outcome itself, so a warning would repeat it on stderr as a JSON line.
    log.info({ breakCount: result.breakCount, firstBreak: result.breaks[0], requestedBy }, describeVerification(result));
  } else {
    log.warn({ breakCount: result.breakCount, firstBreak: result.breaks[0], requestedBy }, describeVerification(result));
  }
  return result;
}

/** Runs `checkLog` unless a check already runs on this engine, in which case it returns the running one. */
export function verifyLog(engine: Engine, requestedBy: VerificationRequester): Promise<StoredVerification> {
  const current = running.get(engine);
  if (current) {
    return current;
  }
  const check = checkLog(engine, requestedBy)
    .then(() => lastVerification(engine.db)!)
    .finally(() => running.delete(engine));
  running.set(engine, check);
  return check;
}

/**
 * Starts the check that every host runs when it opens a data directory. A
 * failure to run it is logged, never thrown, so that the host still starts.
 */
export function verifyLogOnStart(engine: Engine): void {
  verifyLog(engine, 'start').catch((error: unknown) => {
    log.error({ err: error }, 'checking the event log on start failed');
  });
}
