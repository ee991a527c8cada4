/** Background WAL checkpoints on a worker thread (Engine option backgroundCheckpoints). */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { Engine } from '../../src/main/engine/engine.ts';
import { startCheckpointer } from '../../src/main/engine/store/checkpointer.ts';
import { DATABASE_FILE } from '../../src/main/engine/store/database.ts';

const dirs: string[] = [];

function openEngine(backgroundCheckpoints: boolean): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'scimdesk-checkpointer-'));
  dirs.push(dir);
  return Engine.open(dir, { backgroundCheckpoints });
}

/** Writes about 8 MB in one transaction. */
/** Writes `rows` random 4,000-byte rows to a new table in one transaction: 2,000 rows are about 8 MB. */
function writeScratchRows(engine: Engine, rows = 2_000): void {
  engine.db.exec('CREATE TABLE scratch (data BLOB NOT NULL)');
  const insert = engine.db.prepare('INSERT INTO scratch (data) VALUES (randomblob(4000))');
  engine.db.transaction(() => {
    for (let row = 0; row < rows; row++) {
      insert.run();
    }
  })();
}

function databaseFileBytes(engine: Engine): number {
  return statSync(join(engine.dataDir, DATABASE_FILE)).size;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

afterEach(() => {
  for (const dir of dirs.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('background checkpoints', () => {
  it('copy committed pages into the database file', async () => {
    const engine = openEngine(true);
    try {
      writeScratchRows(engine);
      const copied = await waitFor(() => databaseFileBytes(engine) >= 8_000_000, 5_000);
      expect(copied).toBe(true);
    } finally {
      engine.close();
    }
  });

  it('shrink the WAL file after a burst', async () => {
    const engine = openEngine(true);
    try {
      writeScratchRows(engine, 6_000);
      const walPath = join(engine.dataDir, `${DATABASE_FILE}-wal`);
      expect(statSync(walPath).size).toBeGreaterThan(24_000_000);

      expect(await waitFor(() => databaseFileBytes(engine) >= 24_000_000, 5_000)).toBe(true);
      // The file shrinks when a commit restarts the log (to the size limit) or when the worker
      // finds the log idle (to nothing), whichever comes first.
      const insertOne = engine.db.prepare('INSERT INTO scratch (data) VALUES (zeroblob(1))');
      const shrunk = await waitFor(() => {
        insertOne.run();
        return statSync(walPath).size <= 16 * 1024 * 1024;
      }, 5_000);

      expect(shrunk).toBe(true);
    } finally {
      engine.close();
    }
  });

  it('empty the WAL file once writes stop', async () => {
    const engine = openEngine(true);
    try {
      writeScratchRows(engine);
      const walPath = join(engine.dataDir, `${DATABASE_FILE}-wal`);

      expect(await waitFor(() => statSync(walPath).size === 0, 5_000)).toBe(true);
      expect(engine.db.prepare('SELECT COUNT(*) FROM scratch').pluck().get()).toBe(2_000);
    } finally {
      engine.close();
    }
  });

  it('set a checkpoint backstop and a WAL limit', () => {
    const engine = openEngine(true);
    try {
      expect(engine.db.pragma('wal_autocheckpoint', { simple: true })).toBe(2_000);
      expect(engine.db.pragma('journal_size_limit', { simple: true })).toBe(16 * 1024 * 1024);
    } finally {
      engine.close();
    }
  });

  it('restore the default checkpoint when stopped', () => {
    const engine = openEngine(false);
    try {
      const checkpointer = startCheckpointer(engine.db, join(engine.dataDir, DATABASE_FILE));
      checkpointer.stop();

      expect(engine.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    } finally {
      engine.close();
    }
  });

  it('leave checkpoints to commits when off', async () => {
    const engine = openEngine(false);
    try {
      expect(engine.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
      writeScratchRows(engine);
      // The commit itself checkpointed, so the pages are in the file at once.
      expect(databaseFileBytes(engine)).toBeGreaterThanOrEqual(8_000_000);
    } finally {
      engine.close();
    }
  });

  it('keep the data when the engine reopens', () => {
    const engine = openEngine(true);
    writeScratchRows(engine);
    engine.close();

    const reopened = Engine.open(engine.dataDir);
    try {
      expect(reopened.db.prepare('SELECT COUNT(*) FROM scratch').pluck().get()).toBe(2_000);
    } finally {
      reopened.close();
    }
  });
});
