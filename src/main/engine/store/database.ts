import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createLogger } from '../log/logger.ts';
import { MIGRATIONS } from './migrations.ts';

const log = createLogger('store');

export type Db = Database.Database;

/** File name of the SQLite database inside a data directory. */
export const DATABASE_FILE = 'scimdesk.db';

/**
 * Opens (creating if needed) the store in `dataDir`: WAL mode, foreign keys on,
 * `scim_fold` registered, and every pending migration applied.
 */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DATABASE_FILE));
  configure(db);
  migrate(db);
  log.debug({ dataDir }, 'store opened');
  return db;
}

/** Opens a throwaway in-memory store with the full schema, for tests. */
export function openMemoryDatabase(): Db {
  const db = new Database(':memory:');
  configure(db);
  migrate(db);
  return db;
}

function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL keeps every committed transaction when the process is
  // killed; only a power loss may drop the last commits before a checkpoint.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Another process (the CLI beside a running server) may hold the write lock briefly.
  db.pragma('busy_timeout = 5000');
  db.function('scim_fold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  );
  cacheStatements(db);
}

/** Per database, the function that writes what a producer queued (see `setQueuedWriter`). */
const queuedWriters = new WeakMap<Db, () => void>();

/**
 * Registers a function that writes queued rows; the store calls it before preparing
 * any statement, so that every reader sees them. The function must return at once
 * when it has nothing to write or is already running.
 */
export function setQueuedWriter(db: Db, write: () => void): void {
  queuedWriters.set(db, write);
}

/** Most prepared statements kept per database; filters make SQL text open-ended. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Makes `db.prepare` reuse the statement prepared earlier for the same SQL text.
 * Preparing costs about 20 times as much as running a prepared statement, and the
 * engine prepares its queries where it uses them. A reused statement gets its
 * `pluck`, `raw` and `expand` modes reset; one that is still being iterated is
 * not reused.
 */
function cacheStatements(db: Db): void {
  const prepareFresh = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();

  const prepareCached = (source: string): Database.Statement => {
    queuedWriters.get(db)?.();
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      // Resetting costs three native calls, so only statements whose mode was set get it.
      if (statementsWithModes.delete(cached)) {
        cached.raw(false);
        cached.expand(false);
        cached.pluck(false);
      }
      return cached;
    }
    const statement = prepareFresh(source);
    trackStatementModes(statement);
    if (cache.size >= STATEMENT_CACHE_SIZE) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) {
        cache.delete(oldest);
      }
    }
    cache.set(source, statement);
    return statement;
  };
  (db as { prepare: unknown }).prepare = prepareCached;
}

/** Statements whose `raw`, `expand` or `pluck` mode was set since the cache last handed them out. */
const statementsWithModes = new WeakSet<Database.Statement>();

/**
 * Wraps the mode setters of better-sqlite3's Statement class once, so that the
 * statement cache can tell which statements need their modes reset.
 */
function trackStatementModes(statement: Database.Statement): void {
  type SetMode = (this: Database.Statement, ...toggle: [] | [boolean]) => Database.Statement;
  const prototype = Object.getPrototypeOf(statement) as Record<'raw' | 'expand' | 'pluck', SetMode> & { [TRACKED]?: true };
  if (prototype[TRACKED]) {
    return;
  }
  for (const name of ['raw', 'expand', 'pluck'] as const) {
    const setMode = prototype[name];
    // better-sqlite3 rejects an explicit undefined, so the arguments pass on as they came.
    prototype[name] = function (this: Database.Statement, ...toggle: [] | [boolean]) {
      statementsWithModes.add(this);
      return setMode.apply(this, toggle);
    };
  }
  prototype[TRACKED] = true;
}
const TRACKED = Symbol('scimdesk.trackedStatementModes');

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const ordered = [...MIGRATIONS].sort((a, b) => a.version - b.version);
  for (const migration of ordered) {
    if (migration.version <= current) {
      continue;
    }
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
    // A new store runs every migration, which is worth one line, not one per migration.
    if (current === 0) {
      log.debug({ version: migration.version }, `store migrated: ${migration.description}`);
    } else {
      log.info({ version: migration.version }, `store migrated: ${migration.description}`);
    }
  }
  if (current === 0) {
    log.info({ version: ordered.at(-1)?.version }, 'store created');
  }
}
