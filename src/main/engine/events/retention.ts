import { statSync } from 'node:fs';
import { join } from 'node:path';
import { AdminError } from '../admin/errors.ts';
import { DATABASE_FILE, type Db } from '../store/database.ts';

/**
 * Retention of the event log. Events older than the configured age are
 * compacted: their request and response (`event_payloads`) are deleted, while
 * the chained `events` row keeps the summary, the changes (the access history)
 * and the normalizations, so the digest chain still verifies.
 *
 * NOTE: events written before event payloads had their own table (migration 4)
 * keep the request and response inside their chained detail. Compaction leaves
 * them whole, because rewriting the detail would break the digest chain.
 */

/** Default age after which events are compacted, in days. */
export const DEFAULT_RETENTION_DAYS = 90;
/** Smallest and largest retention age accepted, in days. */
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;
/** Payload rows deleted per transaction, so that SCIM requests wait for one short batch at most, not the whole compaction. */
const COMPACTION_BATCH = 5000;

const RETENTION_KEY = 'eventRetention';
const LAST_COMPACTION_KEY = 'eventRetentionLastRun';

export interface RetentionSettings {
  /** Age in days after which an event's request and response are deleted. */
  maxAgeDays: number;
}

/** The store's size and the state of retention, for the console and the CLI. */
export interface RetentionStatus extends RetentionSettings {
  /** Size of the database file and its write-ahead log, in bytes (0 for an in-memory store). */
  storeBytes: number;
  /** Part of the database file that is free and reused by new rows, in bytes. */
  freeBytes: number;
  eventCount: number;
  /** Events whose request and response are still stored. */
  payloadCount: number;
  /** Stored payloads older than the retention age, which the next compaction deletes. */
  compactablePayloads: number;
  oldestEventAt: string | null;
  lastCompaction: { at: string; payloads: number } | null;
}

/** Reads the retention settings, with the default for a store that has none. */
export function readRetention(db: Db): RetentionSettings {
  const stored = readSetting<RetentionSettings>(db, RETENTION_KEY);
  return { maxAgeDays: stored?.maxAgeDays ?? DEFAULT_RETENTION_DAYS };
}

/** Stores a new retention age; throws an invalid AdminError outside MIN_RETENTION_DAYS…MAX_RETENTION_DAYS. */
export function writeRetention(db: Db, maxAgeDays: number): RetentionSettings {
  if (!Number.isInteger(maxAgeDays) || maxAgeDays < MIN_RETENTION_DAYS || maxAgeDays > MAX_RETENTION_DAYS) {
    throw new AdminError(
      'invalid',
      `The retention age ${maxAgeDays} is not allowed: use a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}.`,
    );
  }
  writeSetting(db, RETENTION_KEY, { maxAgeDays });
  return { maxAgeDays };
}

/** Returns the time before which events are compacted at `now` (ISO 8601). */
export function retentionCutoff(db: Db, now: Date): string {
  return new Date(now.getTime() - readRetention(db).maxAgeDays * 24 * 60 * 60_000).toISOString();
}

/**
 * Deletes the payloads of events older than the retention age, a batch per
 * transaction, records the run, and returns how many payloads it deleted.
 */
export function compactPayloads(db: Db, now: Date): number {
  const cutoffId = firstIdAtOrAfter(db, retentionCutoff(db, now));
  const deleteBatch = db.prepare(
    'DELETE FROM event_payloads WHERE event_id IN (SELECT event_id FROM event_payloads WHERE event_id < ? LIMIT ?)',
  );
  let deleted = 0;
  for (;;) {
    const { changes } = db.transaction(() => deleteBatch.run(cutoffId, COMPACTION_BATCH)).immediate();
    deleted += changes;
    if (changes < COMPACTION_BATCH) {
      break;
    }
  }
  writeSetting(db, LAST_COMPACTION_KEY, { at: now.toISOString(), payloads: deleted });
  return deleted;
}

/** Describes the store's size and what retention has done and would do at `now`. */
export function describeRetention(db: Db, dataDir: string, now: Date): RetentionStatus {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const freePages = db.pragma('freelist_count', { simple: true }) as number;
  const cutoffId = firstIdAtOrAfter(db, retentionCutoff(db, now));

  return {
    ...readRetention(db),
    storeBytes: dataDir === ':memory:' ? 0 : fileSize(join(dataDir, DATABASE_FILE)) + fileSize(join(dataDir, `${DATABASE_FILE}-wal`)),
    freeBytes: freePages * pageSize,
    eventCount: db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number,
    payloadCount: db.prepare('SELECT COUNT(*) FROM event_payloads').pluck().get() as number,
    compactablePayloads: db.prepare('SELECT COUNT(*) FROM event_payloads WHERE event_id < ?').pluck().get(cutoffId) as number,
    oldestEventAt: (db.prepare('SELECT at FROM events ORDER BY id LIMIT 1').pluck().get() as string | undefined) ?? null,
    lastCompaction: readSetting<{ at: string; payloads: number }>(db, LAST_COMPACTION_KEY) ?? null,
  };
}

/** Id of the first event at or after `at`, or one past the newest id when there is none. */
function firstIdAtOrAfter(db: Db, at: string): number {
  const id = db
    .prepare('SELECT MIN(id) FROM events WHERE at = (SELECT MIN(at) FROM events WHERE at >= ?)')
    .pluck()
    .get(at) as number | null;
  return id ?? (db.prepare('SELECT COALESCE(MAX(id), 0) + 1 FROM events').pluck().get() as number);
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function readSetting<T>(db: Db, key: string): T | undefined {
  const text = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

function writeSetting(db: Db, key: string, value: unknown): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    JSON.stringify(value),
  );
}
