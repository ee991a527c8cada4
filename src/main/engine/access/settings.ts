import { namingSlugProblem } from '../../../shared/model.ts';
import { AdminError } from '../admin/errors.ts';
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

/** Rejects a settings change with an invalid value, before anything is stored. */
export function validateSettings(changes: Partial<AccessSettings>): void {
  if (changes.namingSlug === undefined) {
    return;
  }
  const problem = namingSlugProblem(changes.namingSlug);
  if (problem !== null) {
    throw new AdminError('invalid', `${problem} Nothing was changed. To accept the groups of any app, clear the slug (mapping convention --any-slug).`);
  }
}

/** Describes a settings change for the event log, each setting with its old and new value. */
export function describeSettingsChange(before: AccessSettings, after: AccessSettings): string {
  const parts: string[] = [];
  if (before.namingSlug !== after.namingSlug) {
    parts.push(`naming-convention slug ${describeSlug(before.namingSlug)} → ${describeSlug(after.namingSlug)}`);
  }
  if (before.organizationAdminsAreWorkspaceAdmins !== after.organizationAdminsAreWorkspaceAdmins) {
    const state = (on: boolean) => (on ? 'on' : 'off');
    parts.push(
      `organization admins are workspace admins ${state(before.organizationAdminsAreWorkspaceAdmins)} → ${state(after.organizationAdminsAreWorkspaceAdmins)}`,
    );
  }
  return parts.length === 0 ? 'Changed no settings: every value was already set' : `Changed settings: ${parts.join('; ')}`;
}

/** Names a naming-convention slug for people: "acme" in quotes, or "any slug" for the empty one. */
export function describeSlug(slug: string): string {
  return slug === '' ? 'any slug' : `"${slug}"`;
}
