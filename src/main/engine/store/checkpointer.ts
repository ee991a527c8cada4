import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { createLogger } from '../log/logger.ts';
import type { Db } from './database.ts';

const log = createLogger('store');

/**
 * Time between two background checkpoints, in milliseconds. Short enough that at a few
 * thousand writes per second the worker stays ahead of the backstop below.
 */
export const CHECKPOINT_INTERVAL_MS = 50;
/**
 * WAL size in pages at which the engine's own connection checkpoints after a commit,
 * as SQLite does by default at 1,000 pages. Under steady writes the WAL never restarts
 * from its beginning after a background checkpoint, because each one only copies the
 * pages committed before it started. This backstop makes it restart. By then the worker
 * has copied nearly every page, so the engine's checkpoint has little left to do.
 * 2,000 pages are about 8 MB.
 */
const BACKSTOP_AUTOCHECKPOINT_PAGES = 2_000;
const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;
/** Size in bytes to which SQLite truncates the WAL file when the log restarts, so that a burst does not leave a large file. */
const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * The checkpointer thread. It is plain JavaScript passed as a string, so that it runs the
 * same from the TypeScript sources and from the bundled desktop app, and it loads
 * better-sqlite3 from the path the engine resolved.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.databasePath, { fileMustExist: true });
db.pragma('busy_timeout = 100');
// A checkpoint copies frames from the WAL file to the database file without the page cache, so a small one will do.
db.pragma('cache_size = -1024');
let previousFrames = -1;
const timer = setInterval(() => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    // Once every frame is copied and the log stopped growing, the writer is idle: empty the file.
    const idle = result.busy === 0 && result.log > 0 && result.log === result.checkpointed && result.log === previousFrames;
    previousFrames = result.log;
    if (idle) {
      db.pragma('wal_checkpoint(TRUNCATE)');
      previousFrames = -1;
    }
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** A running background checkpointer; `stop` ends it and returns the WAL to SQLite's default handling. */
export interface Checkpointer {
  stop(): void;
}

/**
 * Moves WAL checkpoints off the thread that serves requests. A checkpoint copies the
 * pages that commits appended to the write-ahead log back into the database file. By
 * default SQLite runs one inside the commit that grows the WAL past 1,000 pages, so
 * that one request pays for the writes of many. Here a worker thread with its own
 * connection runs a PASSIVE checkpoint every CHECKPOINT_INTERVAL_MS. SQLite documents
 * that mode (sqlite3_wal_checkpoint_v2) as waiting for no reader or writer. The engine's
 * connection checkpoints itself only if the WAL grows past a backstop. When no commit came between two checkpoints,
 * the worker empties the WAL file (TRUNCATE, which briefly holds the write lock).
 * Only for a store in a file.
 */
export function startCheckpointer(db: Db, databasePath: string): Checkpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driverPath, databasePath, intervalMs: CHECKPOINT_INTERVAL_MS },
    // The thread only runs one pragma on a timer, so a small heap is plenty and keeps the server's memory low.
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
  });
  worker.unref();
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);

  let running = true;
  const fallBack = (reason: string): void => {
    if (running) {
      running = false;
      db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      log.warn({ reason }, 'background checkpoints stopped; the store checkpoints after commits again');
    }
  };
  let reportedFailure = false;
  worker.on('message', (message: { error?: string }) => {
    // A busy database makes a checkpoint fail now and then; the next one catches up, so only the first failure is logged.
    if (message.error !== undefined && !reportedFailure) {
      reportedFailure = true;
      log.warn({ error: message.error }, 'a background checkpoint failed; later ones will retry');
    }
  });
  worker.on('error', (error) => fallBack(error.message));
  worker.on('exit', (code) => fallBack(`the checkpointer thread exited with code ${code}`));

  return {
    stop: () => {
      if (running) {
        running = false;
        worker.postMessage('stop');
        db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      }
    },
  };
}
