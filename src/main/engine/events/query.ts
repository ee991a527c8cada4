import type { SyncEvent } from '../../../shared/api.ts';
import { AdminError } from '../admin/errors.ts';
import type { Db } from '../store/database.ts';
import { SELECT_EVENTS, toSyncEvent, type EventRow } from './log.ts';
import { foldName } from './refs.ts';

/**
 * Filtering and keyset paging of the event log in SQL. Pages are ordered by
 * event id, newest first, and continue from the last id seen, so reading page
 * 10,000 costs the same as page 1. Filters on users, groups, workspaces and
 * change types go through `event_refs`; time ranges use `events_at`.
 */

/** Event kinds the engine writes; a `type` filter that names one of them filters on the kind. */
export const EVENT_KINDS = ['scim.request', 'admin.change', 'alert'] as const;

/** Largest page `queryEvents` returns. */
export const MAX_EVENT_PAGE = 1000;

/** Which events to return; every field narrows the result, and absent fields match everything. */
export interface EventFilter {
  connectionId?: string;
  /** An event kind (`scim.request`, `admin.change`, `alert`) or a change type (`role.lost`, `user.created`, …). */
  type?: string;
  /** A user's id or userName (case-insensitive), including users deleted since. */
  user?: string;
  /** A group's id or displayName (case-insensitive). */
  group?: string;
  /** A workspace's id or name (case-insensitive). */
  workspace?: string;
  /** 'error' keeps events with an HTTP status of 400 or more. */
  status?: 'error';
  /** Inclusive lower bound of the event time (ISO 8601). */
  since?: string;
  /** Exclusive upper bound of the event time (ISO 8601). */
  until?: string;
  /** Case-insensitive text that the summary, the path, or a name of the user or group concerned contains. */
  text?: string;
}

/** Where a page starts: before an id (older events) or after one (newer events); neither means the newest. */
export interface PageRequest {
  beforeId?: number;
  afterId?: number;
  limit: number;
}

export interface EventPage {
  /** Newest first. */
  events: SyncEvent[];
  /** True when more events match beyond this page, in the direction it was read. */
  hasMore: boolean;
}

/**
 * Id of the first event at or after a time. Time filters turn into id ranges with it, so that a
 * wide range is read in id order instead of sorted.
 * NOTE: this relies on `events.at` never decreasing as ids grow, which holds because each event's
 * time is read inside the write transaction that appends it. After a wall-clock step backwards,
 * a time filter may miss events written near the step; it never returns events outside the range.
 */
const FIRST_ID_AT_OR_AFTER = '(SELECT MIN(id) FROM events WHERE at = (SELECT MIN(at) FROM events WHERE at >= ?))';

/** A WHERE clause over `events e` with its parameters. */
export interface Condition {
  sql: string;
  params: unknown[];
}

/**
 * Returns one page of the events that match `filter`. With `afterId` the page
 * holds the oldest matching events newer than that id (still returned newest
 * first), which is how a live view catches up without skipping any.
 */
export function queryEvents(db: Db, filter: EventFilter, page: PageRequest): EventPage {
  const limit = Math.min(Math.max(1, Math.floor(page.limit)), MAX_EVENT_PAGE);
  const condition = buildCondition(db, filter);
  const bounds: string[] = [];
  const params: unknown[] = [...condition.params];
  if (page.beforeId !== undefined) {
    bounds.push('e.id < ?');
    params.push(page.beforeId);
  }
  if (page.afterId !== undefined) {
    bounds.push('e.id > ?');
    params.push(page.afterId);
  }

  const where = [condition.sql, ...bounds].filter((part) => part !== '').join(' AND ');
  const order = page.afterId !== undefined && page.beforeId === undefined ? 'ASC' : 'DESC';
  const rows = db
    .prepare(`${SELECT_EVENTS} ${where === '' ? '' : `WHERE ${where}`} ORDER BY e.id ${order} LIMIT ?`)
    .all(...params, limit + 1) as EventRow[];

  const events = rows.slice(0, limit).map(toSyncEvent);
  if (order === 'ASC') {
    events.reverse();
  }
  return { events, hasMore: rows.length > limit };
}

/** Counts the events that match `filter`. */
export function countEvents(db: Db, filter: EventFilter): number {
  const condition = buildCondition(db, filter);
  const where = condition.sql === '' ? '' : `WHERE ${condition.sql}`;
  return db.prepare(`SELECT COUNT(*) FROM events e ${where}`).pluck().get(...condition.params) as number;
}

/** Returns the event kinds and change types present in the log, each sorted, for filter menus. */
export function listEventTypes(db: Db): { kinds: string[]; changeTypes: string[] } {
  // Each step seeks the next distinct value in an index instead of reading every row.
  const kinds = db
    .prepare(
      `WITH RECURSIVE k(kind) AS (
         SELECT MIN(kind) FROM events
         UNION ALL SELECT (SELECT MIN(kind) FROM events WHERE kind > k.kind) FROM k WHERE k.kind IS NOT NULL)
       SELECT kind FROM k WHERE kind IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
  const changeTypes = db
    .prepare(
      `WITH RECURSIVE t(type) AS (
         SELECT MIN(ref_key) FROM event_refs WHERE ref_type = 'change'
         UNION ALL SELECT (SELECT MIN(ref_key) FROM event_refs WHERE ref_type = 'change' AND ref_key > t.type) FROM t WHERE t.type IS NOT NULL)
       SELECT type FROM t WHERE type IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
  return { kinds, changeTypes };
}

/** Ids of the users, groups and workspaces a filter value names by id or by name. */
const USERS_BY_ID_OR_NAME = 'SELECT id FROM users WHERE id = ? OR user_name_key = scim_fold(?)';
const GROUPS_BY_ID_OR_NAME = 'SELECT id FROM groups WHERE id = ? OR display_name_key = scim_fold(?)';
const WORKSPACES_BY_ID_OR_NAME = 'SELECT id FROM workspaces WHERE id = ? OR name = ?';

/** Workspace names listed at most in the note about an unknown workspace. */
const MAX_LISTED_WORKSPACES = 10;

/**
 * Returns one sentence for each user, group, workspace or type in the filter that names nothing,
 * neither in the store now nor in the event log, so that an empty result can name the filter that
 * is wrong. Ids and names that only events recorded (users and groups deleted since) count as known.
 */
export function describeUnknownFilterValues(db: Db, raw: EventFilter): string[] {
  const filter = normalizeFilter(raw);
  const notes: string[] = [];
  const hasRef = db.prepare('SELECT 1 FROM event_refs WHERE ref_type = ? AND ref_key = ? LIMIT 1').pluck();
  // Known: in the store now, or referenced by an event through its id or its name.
  const known = (sql: string, refType: 'user' | 'group' | 'workspace', value: string): boolean =>
    db.prepare(sql).get(value, value) !== undefined ||
    hasRef.get(refType, value) !== undefined ||
    (refType !== 'workspace' && hasRef.get(`${refType}-name`, foldName(value)) !== undefined);

  if (filter.user !== undefined && !known(USERS_BY_ID_OR_NAME, 'user', filter.user)) {
    notes.push(`No user has the userName or id "${filter.user}", now or in the event log.`);
  }
  if (filter.group !== undefined && !known(GROUPS_BY_ID_OR_NAME, 'group', filter.group)) {
    notes.push(`No group has the displayName or id "${filter.group}", now or in the event log.`);
  }
  if (filter.workspace !== undefined && !known(WORKSPACES_BY_ID_OR_NAME, 'workspace', filter.workspace)) {
    notes.push(`No workspace is named "${filter.workspace}" or has that id. ${describeWorkspaceNames(db)}`);
  }
  if (filter.type !== undefined) {
    const { kinds, changeTypes } = listEventTypes(db);
    const types = [...new Set([...EVENT_KINDS, ...kinds, ...changeTypes])];
    if (!types.includes(filter.type)) {
      notes.push(`No event in the log has the type "${filter.type}". Types in the log: ${types.join(', ')}.`);
    }
  }
  return notes;
}

function describeWorkspaceNames(db: Db): string {
  const names = db.prepare('SELECT name FROM workspaces ORDER BY name LIMIT ?').pluck().all(MAX_LISTED_WORKSPACES + 1) as string[];
  if (names.length === 0) {
    return 'There are no workspaces yet.';
  }
  const listed = names.slice(0, MAX_LISTED_WORKSPACES).map((name) => `"${name}"`);
  return `Workspaces: ${listed.join(', ')}${names.length > MAX_LISTED_WORKSPACES ? ', …' : ''}.`;
}

/**
 * Validates a filter's times and returns them as ISO 8601 UTC strings with
 * milliseconds, the form stored in `events.at`, so that they compare as text.
 */
export function normalizeFilter(filter: EventFilter): EventFilter {
  const normalized: EventFilter = {};
  for (const [key, value] of Object.entries(filter) as [keyof EventFilter, string | undefined][]) {
    const trimmed = value?.trim();
    if (trimmed === undefined || trimmed === '') {
      continue;
    }
    (normalized as Record<string, string>)[key] = key === 'since' || key === 'until' ? toIsoTime(key, trimmed) : trimmed;
  }
  if (normalized.since !== undefined && normalized.until !== undefined && normalized.since >= normalized.until) {
    throw new AdminError('invalid', `The time range is empty: "since" (${normalized.since}) must be earlier than "until" (${normalized.until}).`);
  }
  return normalized;
}

function toIsoTime(name: string, value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new AdminError('invalid', `"${value}" is not a valid time for "${name}". Use ISO 8601, for example 2025-01-31T09:30:00Z.`);
  }
  return new Date(time).toISOString();
}

/** Builds the WHERE clause over `events e` for a filter, after validating it with normalizeFilter. */
export function buildCondition(db: Db, raw: EventFilter): Condition {
  const filter = normalizeFilter(raw);
  const parts: Condition[] = [];

  if (filter.connectionId !== undefined) {
    parts.push({ sql: 'e.connection_id = ?', params: [filter.connectionId] });
  }
  if (filter.type !== undefined) {
    parts.push(typeCondition(db, filter.type));
  }
  if (filter.status === 'error') {
    parts.push({ sql: 'e.status >= 400', params: [] });
  }
  if (filter.since !== undefined) {
    parts.push({ sql: `+e.at >= ? AND e.id >= ${FIRST_ID_AT_OR_AFTER}`, params: [filter.since, filter.since] });
  }
  if (filter.until !== undefined) {
    parts.push({ sql: `+e.at < ? AND e.id < COALESCE(${FIRST_ID_AT_OR_AFTER}, ${Number.MAX_SAFE_INTEGER})`, params: [filter.until, filter.until] });
  }
  if (filter.text !== undefined) {
    parts.push(textCondition(filter.text));
  }
  if (filter.user !== undefined) {
    const ids = idsByName(db, USERS_BY_ID_OR_NAME, filter.user);
    parts.push(refCondition([['user', ids], ['user-name', [foldName(filter.user)]]]));
  }
  if (filter.group !== undefined) {
    const ids = idsByName(db, GROUPS_BY_ID_OR_NAME, filter.group);
    parts.push(refCondition([['group', ids], ['group-name', [foldName(filter.group)]]]));
  }
  if (filter.workspace !== undefined) {
    const ids = idsByName(db, WORKSPACES_BY_ID_OR_NAME, filter.workspace);
    parts.push(refCondition([['workspace', ids]]));
  }

  return { sql: parts.map((part) => part.sql).join(' AND '), params: parts.flatMap((part) => part.params) };
}

/**
 * Matches events whose summary or path contains the text, and events about a user or group
 * whose name contains it, because the summary of a read by id names neither. Names are matched in the
 * names the events recorded and, through ids, in the current names of users and groups.
 */
function textCondition(text: string): Condition {
  const pattern = `%${escapeLike(text)}%`;
  const foldedPattern = `%${escapeLike(foldName(text))}%`;
  const sql = `(e.summary LIKE ? ESCAPE '\\' OR e.path LIKE ? ESCAPE '\\' OR e.id IN (
    SELECT event_id FROM event_refs WHERE ref_type IN ('user-name', 'group-name') AND ref_key LIKE ? ESCAPE '\\'
    UNION
    SELECT r.event_id FROM users u JOIN event_refs r ON r.ref_type = 'user' AND r.ref_key = u.id
    WHERE u.user_name_key LIKE ? ESCAPE '\\' OR u.display_name LIKE ? ESCAPE '\\'
    UNION
    SELECT r.event_id FROM groups g JOIN event_refs r ON r.ref_type = 'group' AND r.ref_key = g.id
    WHERE g.display_name_key LIKE ? ESCAPE '\\'))`;
  return { sql, params: [pattern, pattern, foldedPattern, foldedPattern, pattern, foldedPattern] };
}

/** Filters on the kind when `type` is one, else on the change type through `event_refs`. */
function typeCondition(db: Db, type: string): Condition {
  const isKind =
    (EVENT_KINDS as readonly string[]).includes(type) || db.prepare('SELECT 1 FROM events WHERE kind = ? LIMIT 1').get(type) !== undefined;
  if (isKind) {
    return { sql: 'e.kind = ?', params: [type] };
  }
  return refCondition([['change', [type]]]);
}

/** Returns the ids a lookup finds for a name or id, always including the value itself as a possible id. */
function idsByName(db: Db, sql: string, value: string): string[] {
  const found = db.prepare(sql).pluck().all(value, value) as string[];
  return [...new Set([value, ...found])];
}

function refCondition(groups: [string, string[]][]): Condition {
  const alternatives = groups
    .filter(([, keys]) => keys.length > 0)
    .map(([, keys]) => `(ref_type = ? AND ref_key IN (${keys.map(() => '?').join(', ')}))`);
  const params = groups.filter(([, keys]) => keys.length > 0).flatMap(([type, keys]) => [type, ...keys]);
  return { sql: `e.id IN (SELECT event_id FROM event_refs WHERE ${alternatives.join(' OR ')})`, params };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
