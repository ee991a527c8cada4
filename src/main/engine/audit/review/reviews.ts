import { randomUUID } from 'node:crypto';
import type { Change } from '../../../../shared/api.ts';
import type { WorkspaceRole } from '../../../../shared/model.ts';
import { ORGANIZATION_SCOPE } from '../../access/recompute.ts';
import { AdminError } from '../../admin/errors.ts';
import { nowIso } from '../../clock.ts';
import type { Db } from '../../store/database.ts';
import type { Engine } from '../../engine.ts';
import { ensureDataDirectoryId } from '../identity.ts';
import { currentAccessRows, type AccessRow } from '../reports/access-rows.ts';
import { createReportContext } from '../reports/context.ts';

/** What a reviewer decides for one role. */
export type ReviewDecision = 'keep' | 'revoke' | 'change';

/** An access review with its progress. */
export interface ReviewSummary {
  id: string;
  name: string;
  /** The reviewer's name as typed when the review started. The console does not authenticate it. */
  reviewer: string;
  createdAt: string;
  /** The actor the event log recorded for the start, such as "console" or "cli (alice)". */
  startedBy: string;
  /** Head of the event log when the review started; the review covers the access at that point. */
  headEventId: number;
  headDigest: string;
  itemCount: number;
  decided: { keep: number; revoke: number; change: number };
  signedOffAt: string | null;
  /** The name typed at sign-off. The console does not authenticate it. */
  signedOffBy: string | null;
  /** The actor the event log recorded for the sign-off, or null before sign-off. */
  signedOffVia: string | null;
  signOffEventId: number | null;
}

/** One role under review with its decision, if any. */
export interface ReviewItem extends AccessRow {
  seq: number;
  decision: ReviewDecision | null;
  /** The role a "change" decision gives instead, or null. */
  newRole: string | null;
  comment: string;
  /** The review's reviewer as named when it started, stored with each decision. The console does not authenticate it. */
  decidedBy: string | null;
  decidedAt: string | null;
  /**
   * The actor the event log recorded for the decision: the host it came from, such as "console"
   * or "desktop (alice)". Null when undecided, or when log retention removed the decision's event.
   */
  decidedVia: string | null;
  /**
   * The user's role in the item's scope now, from the stored effective roles: "member" for an
   * organization scope without the admin role, null when the user has no role there or was deleted.
   */
  currentRole: string | null;
  /**
   * Whether the access now matches the decision: a kept role is still held, a revoked role is
   * gone (no role at all in that workspace), a changed role is the new one. Null while undecided
   * or for a "change" decided without its new role.
   */
  accessMatchesDecision: boolean | null;
}

interface ReviewRow {
  id: string;
  name: string;
  reviewer: string;
  created_at: string;
  created_by: string;
  head_id: number;
  head_digest: string;
  signed_off_at: string | null;
  signed_off_by: string | null;
  sign_off_event_id: number | null;
  signed_off_via: string | null;
  item_count: number;
  keep_count: number;
  revoke_count: number;
  change_count: number;
}

interface ItemRow {
  seq: number;
  user_id: string;
  user_name: string;
  display_name: string | null;
  connection_name: string;
  active: number;
  scope: string;
  scope_name: string;
  role: string;
  granted_by: string;
  via_organization_admin: number;
  since: string | null;
  decision: ReviewDecision | null;
  new_role: string | null;
  comment: string | null;
  decided_by: string | null;
  decided_at: string | null;
  decided_via: string | null;
  current_role: string | null;
}

const SELECT_REVIEWS = `SELECT r.*,
  (SELECT COUNT(*) FROM review_items i WHERE i.review_id = r.id) AS item_count,
  (SELECT COUNT(*) FROM review_decisions d WHERE d.review_id = r.id AND d.decision = 'keep') AS keep_count,
  (SELECT COUNT(*) FROM review_decisions d WHERE d.review_id = r.id AND d.decision = 'revoke') AS revoke_count,
  (SELECT COUNT(*) FROM review_decisions d WHERE d.review_id = r.id AND d.decision = 'change') AS change_count,
  (SELECT json_extract(e.detail, '$.actor') FROM events e WHERE e.id = r.sign_off_event_id) AS signed_off_via
  FROM access_reviews r`;

/**
 * SQL that reads a review's items with their decisions, the actor that the decision's event
 * recorded, and the user's role in the item's scope now. A user without an organization role is
 * a member, as in the access report.
 */
export const SELECT_REVIEW_ITEMS = `SELECT i.*, d.decision, d.new_role, d.comment, d.decided_by, d.decided_at,
    json_extract(e.detail, '$.actor') AS decided_via,
    CASE WHEN u.id IS NULL THEN NULL ELSE COALESCE(er.role, CASE WHEN i.scope = '${ORGANIZATION_SCOPE}' THEN 'member' END) END AS current_role
  FROM review_items i
  LEFT JOIN review_decisions d ON d.review_id = i.review_id AND d.user_id = i.user_id AND d.scope = i.scope
  LEFT JOIN events e ON e.id = d.event_id
  LEFT JOIN users u ON u.id = i.user_id
  LEFT JOIN effective_roles er ON er.user_id = i.user_id AND er.scope = i.scope`;

/** Lists every access review, newest first. */
export function listReviews(db: Db): ReviewSummary[] {
  return (db.prepare(`${SELECT_REVIEWS} ORDER BY r.created_at DESC, r.rowid DESC`).all() as ReviewRow[]).map(toSummary);
}

/** Returns one review, or throws a not-found AdminError naming the id. */
export function getReview(db: Db, id: string): ReviewSummary {
  const row = db.prepare(`${SELECT_REVIEWS} WHERE r.id = ?`).get(id) as ReviewRow | undefined;
  if (!row) {
    throw new AdminError('not-found', `No access review has the id "${id}". List the reviews to find its id.`);
  }
  return toSummary(row);
}

/**
 * Starts an access review of the current access: every organization admin role
 * and every workspace role becomes an item to decide on. The start is recorded
 * in the event log, whose head it remembers.
 */
export function startReview(engine: Engine, name: string, reviewer: string, actor: string): ReviewSummary {
  const id = randomUUID();
  const run = engine.db.transaction(() => {
    const now = nowIso(engine.clock);
    const context = createReportContext(engine.db, now, ensureDataDirectoryId(engine.db));
    // The rows are read into memory first, because SQLite cannot insert on a
    // connection while a read on it is still open.
    const items = [...currentAccessRows(context)].filter((row) => row.scope !== 'organization' || row.role === 'admin');
    const summary = `Started the access review "${name}" of ${items.length} roles for ${reviewer}`;
    const eventId = engine.events.append(
      { kind: 'admin.change', connectionId: null, summary, changes: [{ type: 'review.started', text: summary }], extra: { actor, reviewId: id } },
      now,
    );
    const head = engine.db.prepare('SELECT digest FROM events WHERE id = ?').pluck().get(eventId) as string;
    engine.db
      .prepare('INSERT INTO access_reviews (id, name, reviewer, created_at, created_by, head_id, head_digest) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, name, reviewer, now, actor, eventId, head);
    insertItems(engine, id, items);
  });
  run.immediate();
  engine.events.announce();
  return getReview(engine.db, id);
}

function insertItems(engine: Engine, reviewId: string, items: AccessRow[]): void {
  const insert = engine.db.prepare(
    `INSERT INTO review_items (review_id, seq, user_id, user_name, display_name, connection_name, active, scope, scope_name, role,
       granted_by, via_organization_admin, since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  items.forEach((item, index) => {
    insert.run(
      reviewId,
      index + 1,
      item.userId,
      item.userName,
      item.displayName,
      item.connectionName,
      item.active ? 1 : 0,
      item.scope,
      item.scopeName,
      item.role,
      JSON.stringify(item.grantedBy),
      item.viaOrganizationAdmin ? 1 : 0,
      item.since,
    );
  });
}

/** Filters of a page of review items. */
export interface ReviewItemQuery {
  search?: string;
  undecidedOnly?: boolean;
  offset: number;
  limit: number;
}

/** Returns a page of a review's items in access report order, with the number of items that match. */
export function listReviewItems(engine: Engine, reviewId: string, query: ReviewItemQuery): { items: ReviewItem[]; total: number } {
  getReview(engine.db, reviewId);
  const term = query.search?.trim().toLowerCase() ?? '';
  const where = [
    'i.review_id = @reviewId',
    term === '' ? '' : "(instr(lower(i.user_name), @term) > 0 OR instr(lower(COALESCE(i.display_name, '')), @term) > 0 OR instr(lower(i.scope_name), @term) > 0)",
    query.undecidedOnly ? 'd.decision IS NULL' : '',
  ]
    .filter((clause) => clause !== '')
    .join(' AND ');
  const parameters = { reviewId, term, offset: query.offset, limit: query.limit };
  const total = engine.db
    .prepare(`SELECT COUNT(*) FROM (${SELECT_REVIEW_ITEMS} WHERE ${where})`)
    .pluck()
    .get(parameters) as number;
  const rows = engine.db.prepare(`${SELECT_REVIEW_ITEMS} WHERE ${where} ORDER BY i.seq LIMIT @limit OFFSET @offset`).all(parameters) as ItemRow[];
  return { items: rows.map(toItem), total };
}

/** Converts a stored review item row, as SELECT_REVIEW_ITEMS reads it. */
export function toItem(row: ItemRow): ReviewItem {
  return {
    seq: row.seq,
    userId: row.user_id,
    userName: row.user_name,
    displayName: row.display_name,
    connectionName: row.connection_name,
    active: row.active === 1,
    scope: row.scope,
    scopeName: row.scope_name,
    role: row.role,
    grantedBy: JSON.parse(row.granted_by) as string[],
    viaOrganizationAdmin: row.via_organization_admin === 1,
    since: row.since,
    decision: row.decision,
    newRole: row.new_role,
    comment: row.comment ?? '',
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decidedVia: row.decided_via,
    currentRole: row.current_role,
    accessMatchesDecision: matchesDecision(row),
  };
}

function matchesDecision(row: ItemRow): boolean | null {
  switch (row.decision) {
    case 'keep':
      return row.current_role === row.role;
    case 'revoke':
      // A revoked workspace role means no role in that workspace, so a lower role there does not match.
      return row.scope === ORGANIZATION_SCOPE ? row.current_role !== 'admin' : row.current_role === null;
    case 'change':
      return row.new_role === null ? null : row.current_role === row.new_role;
    default:
      return null;
  }
}

export type { ItemRow as ReviewItemRow };

/** Maximum items one decision call may set. */
export const MAX_DECISIONS_PER_CALL = 500;

const DECISION_VERBS: Record<ReviewDecision, string> = { keep: 'Keep', revoke: 'Revoke', change: 'Change' };

/**
 * Records one decision for each given item of an open review, replacing earlier
 * decisions, and appends one event that lists them and records `actor`. Each decision
 * stores the reviewer's name as typed when the review started. The console does not authenticate
 * that name, so `actor` (the host the call came from) is the only recorded origin.
 * A "change" decision requires `newRole`, the workspace role to give instead, which
 * must differ from the role under review. Decisions are records only: no access changes.
 */
export function setReviewDecisions(
  engine: Engine,
  reviewId: string,
  items: { userId: string; scope: string }[],
  decision: ReviewDecision,
  comment: string,
  actor: string,
  newRole?: WorkspaceRole,
): ReviewSummary {
  const review = getReview(engine.db, reviewId);
  if (review.signedOffAt !== null) {
    throw new AdminError('refused', `The access review "${review.name}" was signed off at ${review.signedOffAt}, so its decisions cannot change. Start a new review instead.`);
  }
  if (decision === 'change' && newRole === undefined) {
    throw new AdminError('invalid', 'A "change" decision needs the role to give instead: choose admin, editor or viewer, then decide again.');
  }
  if (decision !== 'change' && newRole !== undefined) {
    throw new AdminError('invalid', `Only a "change" decision takes a new role, not "${decision}".`);
  }
  const readItem = engine.db.prepare('SELECT * FROM review_items WHERE review_id = ? AND user_id = ? AND scope = ?');
  const upsert = engine.db.prepare(
    `INSERT INTO review_decisions (review_id, user_id, scope, decision, new_role, comment, decided_by, decided_at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(review_id, user_id, scope) DO UPDATE SET decision = excluded.decision, new_role = excluded.new_role, comment = excluded.comment,
       decided_by = excluded.decided_by, decided_at = excluded.decided_at, event_id = excluded.event_id`,
  );

  const run = engine.db.transaction(() => {
    const now = nowIso(engine.clock);
    const changes: Change[] = items.map((item) => {
      const row = readItem.get(reviewId, item.userId, item.scope) as ItemRow | undefined;
      if (!row) {
        throw new AdminError('not-found', `The access review "${review.name}" has no item for user ${item.userId} in scope ${item.scope}. Reload the review and try again.`);
      }
      if (newRole !== undefined && row.scope === ORGANIZATION_SCOPE) {
        throw new AdminError('invalid', `${row.user_name} is an organization admin, which has no other role to change to. Keep or revoke it.`);
      }
      if (newRole === row.role) {
        throw new AdminError('invalid', `${row.user_name} already has ${newRole} in ${row.scope_name}. Choose a different role, or keep it.`);
      }
      const change = newRole === undefined ? '' : ` to ${newRole}`;
      const text = `${DECISION_VERBS[decision]} ${row.role}${change} in ${row.scope_name} for ${row.user_name} from ${row.connection_name}${comment === '' ? '' : `: ${comment}`}`;
      return { type: 'review.decision', text, userId: row.user_id, userName: row.user_name, scope: row.scope, role: row.role };
    });
    const summary = `Access review "${review.name}": ${changes.length === 1 ? changes[0]!.text : `${DECISION_VERBS[decision].toLowerCase()} for ${changes.length} roles`}`;
    const eventId = engine.events.append({ kind: 'admin.change', connectionId: null, summary, changes, extra: { actor, reviewId, decision } }, now);
    for (const item of items) {
      upsert.run(reviewId, item.userId, item.scope, decision, newRole ?? null, comment, review.reviewer, now, eventId);
    }
  });
  run.immediate();
  engine.events.announce();
  return getReview(engine.db, reviewId);
}

/**
 * Signs a review off under the typed name `signedBy` once every item has a decision.
 * The sign-off is an event of the log that records `actor`, so its time, name and actor
 * are chained too. The console does not authenticate `signedBy`, and no access changes.
 */
export function signOffReview(engine: Engine, reviewId: string, signedBy: string, actor: string): ReviewSummary {
  const review = getReview(engine.db, reviewId);
  if (review.signedOffAt !== null) {
    throw new AdminError('conflict', `The access review "${review.name}" was already signed off by ${review.signedOffBy} at ${review.signedOffAt}.`);
  }
  const decided = review.decided.keep + review.decided.revoke + review.decided.change;
  if (decided < review.itemCount) {
    throw new AdminError('refused', `The access review "${review.name}" has ${review.itemCount - decided} of ${review.itemCount} roles without a decision. Decide on each role, then sign off.`);
  }
  // Changes decided by earlier versions may lack the role, which their comment was meant to name.
  const changesWithoutRole = engine.db
    .prepare("SELECT COUNT(*) FROM review_decisions WHERE review_id = ? AND decision = 'change' AND new_role IS NULL AND trim(comment) = ''")
    .pluck()
    .get(reviewId) as number;
  if (changesWithoutRole > 0) {
    throw new AdminError(
      'refused',
      `The access review "${review.name}" has ${changesWithoutRole} "change" ${changesWithoutRole === 1 ? 'decision' : 'decisions'} without the role to give instead. Decide each one again with its new role, then sign off.`,
    );
  }

  const run = engine.db.transaction(() => {
    const now = nowIso(engine.clock);
    const summary = `Signed off the access review "${review.name}" under the name ${signedBy}: keep ${review.decided.keep}, revoke ${review.decided.revoke}, change ${review.decided.change}`;
    const eventId = engine.events.append(
      { kind: 'admin.change', connectionId: null, summary, changes: [{ type: 'review.signed-off', text: summary }], extra: { actor, reviewId } },
      now,
    );
    engine.db.prepare('UPDATE access_reviews SET signed_off_at = ?, signed_off_by = ?, sign_off_event_id = ? WHERE id = ?').run(now, signedBy, eventId, reviewId);
  });
  run.immediate();
  engine.events.announce();
  return getReview(engine.db, reviewId);
}

function toSummary(row: ReviewRow): ReviewSummary {
  return {
    id: row.id,
    name: row.name,
    reviewer: row.reviewer,
    createdAt: row.created_at,
    startedBy: row.created_by,
    headEventId: row.head_id,
    headDigest: row.head_digest,
    itemCount: row.item_count,
    decided: { keep: row.keep_count, revoke: row.revoke_count, change: row.change_count },
    signedOffAt: row.signed_off_at,
    signedOffBy: row.signed_off_by,
    signedOffVia: row.signed_off_via,
    signOffEventId: row.sign_off_event_id,
  };
}
