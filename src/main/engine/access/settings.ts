import type { Db } from '../store/database.ts';

/** Settings of the access model, stored in the `settings` table. */
export interface AccessSettings {
  /** Slug of the naming convention `app-<slug>-…`; empty accepts any slug. */
  namingSlug: string;
  /** Organization admins count as admins of every workspace (on by default). */
  organizationAdminsAreWorkspaceAdmins: boolean;
}

const DEFAULTS: AccessSettings = { namingSlug: '', organizationAdminsAreWorkspaceAdmins: true };

/** Reads the access settings, falling back to the defaults for keys never set. */
export function readSettings(db: Db): AccessSettings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored = Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
  return {
    namingSlug: typeof stored.namingSlug === 'string' ? stored.namingSlug : DEFAULTS.namingSlug,
    organizationAdminsAreWorkspaceAdmins:
      typeof stored.organizationAdminsAreWorkspaceAdmins === 'boolean'
        ? stored.organizationAdminsAreWorkspaceAdmins
        : DEFAULTS.organizationAdminsAreWorkspaceAdmins,
  };
}

/** Stores the given settings keys. */
export function writeSettings(db: Db, changes: Partial<AccessSettings>): void {
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined) {
      upsert.run(key, JSON.stringify(value));
    }
  }
}
