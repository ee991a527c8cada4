import { ALERT_RESOLVE_AFTER_MINUTES } from '../../../shared/model.ts';
import { AdminError } from '../admin/errors.ts';
import type { Engine } from '../engine.ts';
import type { Db } from '../store/database.ts';
import { evaluateAlertRules, type AlertCondition, type AlertRule, type AlertSeverity } from './rules.ts';

/**
 * Stored alerts. A condition that is true opens an alert once. While the alert
 * is open, repeats update it (its message, `lastSeenAt` and, when the condition
 * returns after clearing, `occurrences`) instead of raising it again. An alert
 * resolves after its condition has stayed clear for RESOLVE_AFTER_MS. Opening
 * and resolving each write one event of kind `alert` to the log.
 */

/** How long a condition must stay clear before its alert resolves, in milliseconds. */
export const RESOLVE_AFTER_MS = ALERT_RESOLVE_AFTER_MINUTES * 60_000;

/** 'clearing' is an open alert whose condition is no longer true but has not stayed clear for RESOLVE_AFTER_MS. */
export type AlertState = 'open' | 'clearing' | 'resolved';

export interface Alert {
  id: number;
  rule: AlertRule;
  subject: string;
  connectionId: string | null;
  connectionName: string | null;
  severity: AlertSeverity;
  title: string;
  message: string;
  state: AlertState;
  openedAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
  /** How many times the condition started while this alert was open (1 for a condition that never cleared). */
  occurrences: number;
}

/** Alerts that one evaluation opened, resolved or found repeated. */
export interface AlertEvaluation {
  opened: Alert[];
  resolved: Alert[];
  /** Open alerts whose condition came back after clearing; they are not raised again. */
  repeated: Alert[];
}

interface AlertRow {
  id: number;
  rule: AlertRule;
  subject: string;
  connection_id: string | null;
  connection_name: string | null;
  severity: AlertSeverity;
  title: string;
  message: string;
  opened_at: string;
  last_seen_at: string;
  clear_since: string | null;
  resolved_at: string | null;
  acknowledged_at: string | null;
  occurrences: number;
}

const SELECT_ALERTS = 'SELECT a.*, c.name AS connection_name FROM alerts a LEFT JOIN connections c ON c.id = a.connection_id';

/**
 * Evaluates the alert rules at `now` and records the result in one
 * transaction: new alerts open, repeats are grouped, cleared ones resolve.
 * Announces the alert events after the commit.
 */
export function evaluateAlerts(engine: Engine, now: Date): AlertEvaluation {
  const run = engine.db.transaction(() => applyConditions(engine, evaluateAlertRules(engine, now), now));
  const evaluation = run.immediate();
  engine.events.announce();
  return evaluation;
}

/** Returns open alerts first (newest first), then, when asked, the latest resolved ones. */
export function listAlerts(db: Db, options: { includeResolved?: boolean; limit?: number } = {}): Alert[] {
  const limit = options.limit ?? 100;
  const open = db.prepare(`${SELECT_ALERTS} WHERE a.resolved_at IS NULL ORDER BY a.opened_at DESC, a.id DESC`).all() as AlertRow[];
  const resolved = options.includeResolved
    ? (db.prepare(`${SELECT_ALERTS} WHERE a.resolved_at IS NOT NULL ORDER BY a.resolved_at DESC, a.id DESC LIMIT ?`).all(limit) as AlertRow[])
    : [];
  return [...open, ...resolved].slice(0, Math.max(limit, open.length)).map(toAlert);
}

/** Marks an alert as seen so that the console banner hides it until it happens again. */
export function acknowledgeAlert(db: Db, id: number, now: Date): Alert {
  const row = db.prepare(`${SELECT_ALERTS} WHERE a.id = ?`).get(id) as AlertRow | undefined;
  if (!row) {
    throw new AdminError('not-found', `No alert has the id ${id}. Reload the alerts to see the current ones.`);
  }
  db.prepare('UPDATE alerts SET acknowledged_at = ? WHERE id = ?').run(now.toISOString(), id);
  return toAlert({ ...row, acknowledged_at: now.toISOString() });
}

function applyConditions(engine: Engine, conditions: AlertCondition[], now: Date): AlertEvaluation {
  const db = engine.db;
  const at = now.toISOString();
  const openRows = db.prepare(`${SELECT_ALERTS} WHERE a.resolved_at IS NULL`).all() as AlertRow[];
  const openByKey = new Map(openRows.map((row) => [`${row.rule}\u0000${row.subject}`, row]));
  const evaluation: AlertEvaluation = { opened: [], resolved: [], repeated: [] };

  for (const condition of conditions) {
    const key = `${condition.rule}\u0000${condition.subject}`;
    const existing = openByKey.get(key);
    openByKey.delete(key);
    if (existing === undefined) {
      evaluation.opened.push(openAlert(engine, condition, at));
      continue;
    }
    const returned = existing.clear_since !== null;
    db.prepare(
      `UPDATE alerts SET title = ?, message = ?, severity = ?, last_seen_at = ?, clear_since = NULL,
         occurrences = occurrences + ?, acknowledged_at = CASE WHEN ? THEN NULL ELSE acknowledged_at END WHERE id = ?`,
    ).run(condition.title, condition.message, condition.severity, at, returned ? 1 : 0, returned ? 1 : 0, existing.id);
    if (returned) {
      evaluation.repeated.push(readAlert(db, existing.id));
    }
  }

  // Open alerts whose condition is no longer true: start clearing, or resolve after RESOLVE_AFTER_MS.
  for (const row of openByKey.values()) {
    if (row.clear_since === null) {
      db.prepare('UPDATE alerts SET clear_since = ? WHERE id = ?').run(at, row.id);
    } else if (now.getTime() - Date.parse(row.clear_since) >= RESOLVE_AFTER_MS) {
      db.prepare('UPDATE alerts SET resolved_at = ? WHERE id = ?').run(at, row.id);
      const resolved = readAlert(db, row.id);
      appendAlertEvent(engine, resolved, 'resolved', at);
      evaluation.resolved.push(resolved);
    }
  }
  return evaluation;
}

function openAlert(engine: Engine, condition: AlertCondition, at: string): Alert {
  const { lastInsertRowid } = engine.db
    .prepare(
      `INSERT INTO alerts (rule, subject, connection_id, severity, title, message, opened_at, last_seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(condition.rule, condition.subject, condition.connectionId, condition.severity, condition.title, condition.message, at, at);
  const alert = readAlert(engine.db, Number(lastInsertRowid));
  appendAlertEvent(engine, alert, 'opened', at);
  return alert;
}

function appendAlertEvent(engine: Engine, alert: Alert, change: 'opened' | 'resolved', at: string): void {
  engine.events.append(
    {
      kind: 'alert',
      connectionId: alert.connectionId,
      summary: change === 'opened' ? `Alert: ${alert.title}` : `Resolved: ${alert.title}`,
      changes: [],
      extra: { alert: { id: alert.id, rule: alert.rule, severity: alert.severity, change, message: alert.message } },
    },
    at,
  );
}

function readAlert(db: Db, id: number): Alert {
  return toAlert(db.prepare(`${SELECT_ALERTS} WHERE a.id = ?`).get(id) as AlertRow);
}

function toAlert(row: AlertRow): Alert {
  let state: AlertState = 'open';
  if (row.resolved_at !== null) {
    state = 'resolved';
  } else if (row.clear_since !== null) {
    state = 'clearing';
  }
  return {
    id: row.id,
    rule: row.rule,
    subject: row.subject,
    connectionId: row.connection_id,
    connectionName: row.connection_name,
    severity: row.severity,
    title: row.title,
    message: row.message,
    state,
    openedAt: row.opened_at,
    lastSeenAt: row.last_seen_at,
    resolvedAt: row.resolved_at,
    acknowledgedAt: row.acknowledged_at,
    occurrences: row.occurrences,
  };
}
