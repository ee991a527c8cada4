import { PROVIDERS } from '../../../shared/providers/index.ts';
import type { ConnectionRecord } from '../connections/connections.ts';
import type { Engine } from '../engine.ts';
import { describeMinutes } from './durations.ts';
import { computeConnectionHealth } from './health.ts';
import { noOrganizationAdminConditions } from './no-admin.ts';

/**
 * Alert rules: each looks at the store at a moment and returns the conditions
 * that are true. `alerts.ts` turns conditions into stored alerts, grouping repeats.
 */

export type AlertRule =
  | 'connection-failing'
  | 'connection-silent'
  | 'token-expiring'
  | 'access-removal-burst'
  | 'rejected-credentials'
  | 'no-organization-admin';
export type AlertSeverity = 'warning' | 'critical';

/** Days before a token's expiry from which it is reported, and after it for which an expired token still is. */
export const TOKEN_EXPIRY_WARNING_DAYS = 7;
/**
 * Tokens that live at most this long (in milliseconds) are short-lived access
 * tokens of OAuth clients or the simulator, which expire by design and are ignored.
 */
export const SHORT_LIVED_TOKEN_MS = 24 * 60 * 60_000;
/** Sliding window in which lost roles are counted, in milliseconds. */
export const ACCESS_REMOVAL_WINDOW_MS = 10 * 60_000;
/** Users losing a role within the window from which a connection's burst is reported. */
export const ACCESS_REMOVAL_MIN_USERS = 20;
/** Window in which requests with unknown credentials are counted, in milliseconds. */
export const REJECTED_CREDENTIALS_WINDOW_MS = 15 * 60_000;
/** Requests with unknown credentials within the window from which they are reported. */
export const REJECTED_CREDENTIALS_MIN_REQUESTS = 3;

/** A condition that is true at the moment of evaluation. */
export interface AlertCondition {
  rule: AlertRule;
  /** Subject of the alert: a connection id, 'engine' for the whole engine, or 'organization'. */
  subject: string;
  connectionId: string | null;
  severity: AlertSeverity;
  /** One short sentence for a banner or a notification title. */
  title: string;
  /** The condition, its numbers and the next step, in full sentences. */
  message: string;
}

/** Evaluates every alert rule at `now` and returns the conditions that are true, disabled connections excluded. */
export function evaluateAlertRules(engine: Engine, now: Date): AlertCondition[] {
  const connections = engine.connections.list().filter((connection) => !connection.disabled);
  return [
    ...connections.flatMap((connection) => healthConditions(engine, connection, now)),
    ...connections.flatMap((connection) => tokenExpiryConditions(engine, connection, now)),
    ...accessRemovalConditions(engine, now),
    ...rejectedCredentialConditions(engine, now),
    ...noOrganizationAdminConditions(engine),
  ];
}

function healthConditions(engine: Engine, connection: ConnectionRecord, now: Date): AlertCondition[] {
  const health = computeConnectionHealth(engine, connection.id, now);
  if (health.state === 'failing') {
    // Failing with no failed request means it has no working credential. An expired token has an alert of its own.
    const noCredential = health.consecutiveFailures === 0;
    if (noCredential && tokenExpiryConditions(engine, connection, now).length > 0) {
      return [];
    }
    return [{
      rule: 'connection-failing',
      subject: connection.id,
      connectionId: connection.id,
      severity: 'critical',
      title: noCredential
        ? `${connection.name} has no working credential, so ScimDesk rejects its provider's requests.`
        : health.consecutiveFailures === 1
          ? `${connection.name} is failing: its only request failed.`
          : `${connection.name} is failing: the last ${health.consecutiveFailures} requests failed.`,
      message: health.reason,
    }];
  }
  if (health.state === 'silent') {
    return [{
      rule: 'connection-silent',
      subject: connection.id,
      connectionId: connection.id,
      severity: 'warning',
      title: `${connection.name} has been silent for ${describeMinutes(health.silentMinutes ?? 0)}.`,
      message: health.reason,
    }];
  }
  return [];
}

/**
 * Reports a connection whose long-lived tokens all expire within
 * TOKEN_EXPIRY_WARNING_DAYS, or expired at most that long ago. A connection
 * with one token that never expires, or expires later, is fine.
 */
function tokenExpiryConditions(engine: Engine, connection: ConnectionRecord, now: Date): AlertCondition[] {
  const tokens = engine.db
    .prepare('SELECT created_at AS createdAt, expires_at AS expiresAt FROM tokens WHERE connection_id = ? AND revoked_at IS NULL')
    .all(connection.id) as { createdAt: string; expiresAt: string | null }[];
  const longLived = tokens.filter(
    (token) => token.expiresAt === null || Date.parse(token.expiresAt) - Date.parse(token.createdAt) > SHORT_LIVED_TOKEN_MS,
  );
  if (longLived.length === 0 || longLived.some((token) => token.expiresAt === null)) {
    return [];
  }

  const latest = Math.max(...longLived.map((token) => Date.parse(token.expiresAt!)));
  const windowMs = TOKEN_EXPIRY_WARNING_DAYS * 24 * 60 * 60_000;
  if (latest - now.getTime() > windowMs || now.getTime() - latest > windowMs) {
    return [];
  }
  const expiresAt = new Date(latest).toISOString();
  const provider = PROVIDERS[connection.provider].displayName;
  const expired = latest <= now.getTime();
  const when = describeMinutes(Math.abs(latest - now.getTime()) / 60_000);
  return [{
    rule: 'token-expiring',
    subject: connection.id,
    connectionId: connection.id,
    severity: expired ? 'critical' : 'warning',
    title: expired ? `The token of ${connection.name} expired ${when} ago.` : `The token of ${connection.name} expires in ${when}.`,
    message:
      `${expired ? 'The last token' : 'Every token'} of ${connection.name} ${expired ? 'expired' : 'expires'} at ${expiresAt}, ` +
      `after which ${provider} can no longer provision. Create a new token for the connection and enter it in ${provider}.`,
  }];
}

/** Reports each connection whose SCIM requests removed roles from many users within the sliding window. */
function accessRemovalConditions(engine: Engine, now: Date): AlertCondition[] {
  const windowStart = new Date(now.getTime() - ACCESS_REMOVAL_WINDOW_MS).toISOString();
  // The partial index holds only access-lost references, so the window's events are found by id range
  // without reading older references or every recent event. CROSS JOIN keeps the references as the outer loop.
  const rows = engine.db
    .prepare(
      `SELECT e.connection_id AS connectionId, c.name AS connectionName, COUNT(DISTINCT r.ref_key) AS users
       FROM event_refs r INDEXED BY event_refs_access_lost CROSS JOIN events e ON e.id = r.event_id JOIN connections c ON c.id = e.connection_id
       WHERE r.ref_type = 'access-lost'
         AND r.event_id >= COALESCE((SELECT MIN(id) FROM events WHERE at = (SELECT MIN(at) FROM events WHERE at >= ?)), ${Number.MAX_SAFE_INTEGER})
         AND e.kind = 'scim.request' AND e.at >= ? AND e.at <= ? AND c.disabled = 0
       GROUP BY e.connection_id`,
    )
    .all(windowStart, windowStart, now.toISOString()) as { connectionId: string; connectionName: string; users: number }[];
  const minutes = describeMinutes(ACCESS_REMOVAL_WINDOW_MS / 60_000);

  return rows
    .filter((row) => row.users >= ACCESS_REMOVAL_MIN_USERS)
    .map((row) => ({
      rule: 'access-removal-burst' as const,
      subject: row.connectionId,
      connectionId: row.connectionId,
      severity: 'critical' as const,
      title: `${row.connectionName} removed access from ${row.users} users in ${minutes}.`,
      message:
        `Requests from ${row.connectionName} took at least one role away from ${row.users} users within ${minutes}. ` +
        'If that was not planned, check the group assignments in the identity provider, and filter Live events by the change type role.lost to see who lost what.',
    }));
}

/** Reports requests rejected because their credentials match no connection (unknown, revoked or expired). */
function rejectedCredentialConditions(engine: Engine, now: Date): AlertCondition[] {
  const windowStart = new Date(now.getTime() - REJECTED_CREDENTIALS_WINDOW_MS).toISOString();
  const count = engine.db
    .prepare(
      `SELECT COUNT(*) FROM events INDEXED BY events_at
       WHERE at >= ? AND at <= ? AND kind = 'scim.request' AND status = 401 AND connection_id IS NULL`,
    )
    .pluck()
    .get(windowStart, now.toISOString()) as number;
  if (count < REJECTED_CREDENTIALS_MIN_REQUESTS) {
    return [];
  }
  const minutes = describeMinutes(REJECTED_CREDENTIALS_WINDOW_MS / 60_000);
  return [{
    rule: 'rejected-credentials',
    subject: 'engine',
    connectionId: null,
    severity: 'warning',
    title: `${count} SCIM requests in ${minutes} were rejected for invalid credentials.`,
    message:
      `In the last ${minutes}, ${count} SCIM requests were rejected with 401 because their token or password is unknown, revoked or expired. ` +
      'Filter Live events by errors to see the requests, then enter a valid token in the identity provider that sends them.',
  }];
}
