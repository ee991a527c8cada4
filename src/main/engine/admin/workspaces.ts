import { randomUUID } from 'node:crypto';
import type { Workspace } from '../../../shared/api.ts';
import { slugify } from '../access/naming.ts';
import type { Db } from '../store/database.ts';
import { AdminError } from './errors.ts';

interface WorkspaceRow {
  id: string;
  name: string;
  slug: string;
  created_at: string;
  archived_at: string | null;
}

/** Workspaces of the organization, created and renamed by the admin, never by SCIM. */
export class WorkspaceStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  list(): Workspace[] {
    const rows = this.db.prepare('SELECT * FROM workspaces ORDER BY name COLLATE NOCASE').all() as WorkspaceRow[];
    return rows.map(toWorkspace);
  }

  get(id: string): Workspace {
    const row = this.db.prepare('SELECT * FROM workspaces WHERE id = ?').get(id) as WorkspaceRow | undefined;
    if (!row) {
      throw new AdminError('not-found', `No workspace has the id "${id}".`);
    }
    return toWorkspace(row);
  }

  /** Finds a workspace by name (case-insensitive) or slug; throws a not-found error listing the names. */
  getByName(name: string): Workspace {
    const row = this.db
      .prepare('SELECT * FROM workspaces WHERE name = ? COLLATE NOCASE OR slug = ?')
      .get(name.trim(), slugify(name)) as WorkspaceRow | undefined;
    if (!row) {
      const names = this.list().map((workspace) => `"${workspace.name}"`);
      const known = names.length > 0 ? `Existing workspaces: ${names.join(', ')}.` : 'There are no workspaces yet: create one first.';
      throw new AdminError('not-found', `No workspace is named "${name}". ${known}`);
    }
    return toWorkspace(row);
  }

  create(name: string, now: string): Workspace {
    const trimmed = name.trim();
    const slug = this.checkName(trimmed, undefined);
    const id = randomUUID();
    this.db.prepare('INSERT INTO workspaces (id, name, slug, created_at) VALUES (?, ?, ?, ?)').run(id, trimmed, slug, now);
    return this.get(id);
  }

  /** Marks a workspace archived at `now`; the caller recomputes the access of its members. */
  archive(id: string, now: string): Workspace {
    const workspace = this.get(id);
    if (workspace.archivedAt !== null) {
      throw new AdminError('conflict', `The workspace "${workspace.name}" is already archived, since ${workspace.archivedAt}.`);
    }
    this.db.prepare('UPDATE workspaces SET archived_at = ? WHERE id = ?').run(now, id);
    return this.get(id);
  }

  /**
   * Renames a workspace. Its slug stays unless `changeSlug` is set, because groups in the
   * identity provider are named after the slug (`app-acme-data-science-editor`), and a new
   * slug stops the naming convention from suggesting them.
   */
  rename(id: string, name: string, changeSlug = false): Workspace {
    const before = this.get(id);
    const trimmed = name.trim();
    const nameSlug = this.checkName(trimmed, id);
    const slug = changeSlug ? nameSlug : before.slug;
    this.db.prepare('UPDATE workspaces SET name = ?, slug = ? WHERE id = ?').run(trimmed, slug, id);
    return this.get(id);
  }

  /**
   * Checks that a name has a slug and that neither the name nor its slug is another
   * workspace's name or slug, so that a name or slug given to the CLI finds one workspace.
   */
  private checkName(name: string, exceptId: string | undefined): string {
    const slug = slugify(name);
    if (slug === '') {
      const problem = name.trim() === '' ? 'The workspace name is blank.' : `The workspace name "${name}" has no letter or digit.`;
      throw new AdminError('invalid', `${problem} Give a name with at least one letter or digit.`);
    }
    const clash = this.db
      .prepare('SELECT name, slug FROM workspaces WHERE (name = ? COLLATE NOCASE OR slug = ?) AND id IS NOT ?')
      .get(name, slug, exceptId ?? null) as { name: string; slug: string } | undefined;
    if (clash === undefined) {
      return slug;
    }
    if (clash.slug === slug && clash.name.toLowerCase() !== name.toLowerCase()) {
      throw new AdminError(
        'conflict',
        `The workspace "${clash.name}" already uses the slug "${slug}", which this name would have. Choose another name.`,
      );
    }
    throw new AdminError('conflict', `A workspace named "${clash.name}" already exists. Choose another name.`);
  }
}

function toWorkspace(row: WorkspaceRow): Workspace {
  return { id: row.id, name: row.name, slug: row.slug, createdAt: row.created_at, archivedAt: row.archived_at };
}
