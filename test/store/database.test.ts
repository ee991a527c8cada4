/** The store's statement cache and the queued-writer hook in `openMemoryDatabase`. */
import { describe, expect, it } from 'vitest';

import { openMemoryDatabase, setQueuedWriter } from '../../src/main/engine/store/database.ts';

describe('db.prepare', () => {
  it('reuses the statement for the same SQL', () => {
    const db = openMemoryDatabase();

    const first = db.prepare('SELECT 1 AS one');
    const second = db.prepare('SELECT 1 AS one');

    expect(second).toBe(first);
  });

  it('resets pluck on a reused statement', () => {
    const db = openMemoryDatabase();
    db.prepare('SELECT 7 AS seven').pluck();

    const row = db.prepare('SELECT 7 AS seven').get();

    expect(row).toEqual({ seven: 7 });
  });

  it('resets raw on a reused statement', () => {
    const db = openMemoryDatabase();
    db.prepare('SELECT 8 AS eight').raw();

    const row = db.prepare('SELECT 8 AS eight').get();

    expect(row).toEqual({ eight: 8 });
  });

  it('keeps modes set after reuse', () => {
    const db = openMemoryDatabase();
    db.prepare('SELECT 9 AS nine').get();

    const value = db.prepare('SELECT 9 AS nine').pluck().get();

    expect(value).toBe(9);
  });

  it('prepares anew while the cached statement is iterating', () => {
    const db = openMemoryDatabase();
    const sql = 'SELECT value FROM json_each(?)';
    const outer = db.prepare(sql);
    const seen: number[] = [];

    for (const row of outer.iterate('[1,2]') as IterableIterator<{ value: number }>) {
      const inner = db.prepare(sql);
      expect(inner).not.toBe(outer);
      seen.push(row.value, ...(inner.all('[10]') as { value: number }[]).map((item) => item.value));
    }

    expect(seen).toEqual([1, 10, 2, 10]);
  });

  it('runs the queued writer before preparing', () => {
    const db = openMemoryDatabase();
    db.exec('CREATE TABLE queued (value INTEGER)');
    let pending = [1, 2];
    setQueuedWriter(db, () => {
      const values = pending;
      pending = [];
      for (const value of values) {
        db.prepare('INSERT INTO queued (value) VALUES (?)').run(value);
      }
    });

    const count = db.prepare('SELECT COUNT(*) FROM queued').pluck().get();

    expect(count).toBe(2);
  });
});
