import type { Change } from '../../../shared/api.ts';
import type { Db } from '../store/database.ts';

/**
 * References from an event to what it concerns, stored in `event_refs` so that
 * the console and the CLI can filter a large log by user, group, workspace or
 * change type with an index instead of reading every event's JSON detail.
 */

/** Kind of a reference row; names (`*-name`) are folded to lower case. */
export type RefType = 'user' | 'user-name' | 'group' | 'group-name' | 'workspace' | 'change' | 'access-lost';

/** The part of a new event that references are read from. */
export interface RefSource {
  path?: string | null;
  changes: Change[];
}

/** Folds a name the way `scim_fold` does, so that lookups match stored keys. */
export function foldName(name: string): string {
  return name.toLowerCase();
}

/**
 * Collects the references of an event: the users, groups and workspaces its
 * changes name, the resource its SCIM path addresses, its change types, and the
 * users that lost a role.
 */
export function collectRefs(db: Db, event: RefSource): Set<string> {
  const refs = new Set<string>();
  const add = (type: RefType, key: string | undefined): void => {
    if (key !== undefined && key !== '') {
      refs.add(`${type}\u0000${key}`);
    }
  };

  for (const change of event.changes) {
    add('change', change.type);
    add('user', change.userId);
    add('user-name', change.userName === undefined ? undefined : foldName(change.userName));
    add('group', change.groupId);
    add('workspace', change.workspaceId);
    if (change.type === 'role.lost') {
      add('access-lost', change.userId);
    }
  }

  const target = resourceOfPath(event.path ?? null);
  if (target?.type === 'Users') {
    add('user', target.id);
  } else if (target?.type === 'Groups') {
    add('group', target.id);
  }

  const groupName = db.prepare('SELECT display_name FROM groups WHERE id = ?').pluck();
  for (const ref of [...refs]) {
    const [type, key] = ref.split('\u0000') as [RefType, string];
    if (type === 'group') {
      const name = groupName.get(key) as string | undefined;
      add('group-name', name === undefined ? undefined : foldName(name));
    }
  }
  return refs;
}

/** Stores an event's references; runs inside the transaction that appends the event. */
export function storeRefs(db: Db, eventId: number, event: RefSource): void {
  const insert = db.prepare('INSERT OR IGNORE INTO event_refs (ref_type, ref_key, event_id) VALUES (?, ?, ?)');
  for (const ref of collectRefs(db, event)) {
    const [type, key] = ref.split('\u0000') as [RefType, string];
    insert.run(type, key, eventId);
  }
}

/**
 * Returns the resource type and id that a SCIM path such as `/Users/2819c223?attributes=x`
 * addresses, or undefined for a collection, discovery or Bulk path.
 */
export function resourceOfPath(path: string | null): { type: 'Users' | 'Groups'; id: string } | undefined {
  if (path === null) {
    return undefined;
  }
  const match = /^\/(Users|Groups)\/([^/?#]+)/i.exec(path);
  if (!match) {
    return undefined;
  }
  const type = match[1]!.toLowerCase() === 'users' ? 'Users' : 'Groups';
  return { type, id: decodePathSegment(match[2]!) };
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed percent escape: the SCIM router rejected the path, so the raw text is the best reference.
    return segment;
  }
}
