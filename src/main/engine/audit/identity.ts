import { randomUUID } from 'node:crypto';
import type { Db } from '../store/database.ts';

const IDENTITY_KEY = 'dataDirectoryId';

/**
 * Returns the data directory's identity, a UUID created the first time it is
 * asked for and stored in `settings`. Reports and bundles carry it, so that an
 * auditor can tell which installation produced them.
 */
export function ensureDataDirectoryId(db: Db): string {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING').run(IDENTITY_KEY, JSON.stringify(randomUUID()));
  return readDataDirectoryId(db)!;
}

/** Returns the stored identity without creating one, or undefined (for read-only connections). */
export function readDataDirectoryId(db: Db): string | undefined {
  const stored = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(IDENTITY_KEY) as string | undefined;
  return stored === undefined ? undefined : (JSON.parse(stored) as string);
}
