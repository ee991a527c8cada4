import { randomBytes } from 'node:crypto';
import { AdminError } from '../admin/errors.ts';
import { nowIso } from '../clock.ts';
import type { Engine } from '../engine.ts';
import { runAdminChange } from './admin-change.ts';
import type { ConnectionRecord } from './connections.ts';
import { digestsEqual, generateToken, hashToken, SECRET_PREFIX } from './tokens.ts';

/** A connection's Basic credentials as the console lists them: the user name, never the password. */
export interface BasicCredentialListing {
  username: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** New Basic credentials, returned once. The password is stored only as its SHA-256 digest. */
export interface IssuedBasicCredentials {
  username: string;
  password: string;
}

interface BasicRow {
  connection_id: string;
  username: string;
  password_hash: Buffer;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Returns the connection's Basic credentials without the password, or null when it has none that are not revoked. */
export function describeBasicCredentials(engine: Engine, connectionId: string): BasicCredentialListing | null {
  const row = engine.db
    .prepare('SELECT * FROM basic_credentials WHERE connection_id = ? AND revoked_at IS NULL')
    .get(connectionId) as BasicRow | undefined;
  return row ? { username: row.username, createdAt: row.created_at, lastUsedAt: row.last_used_at } : null;
}

/**
 * Issues HTTP Basic credentials (RFC 7617) for a connection, replacing any it had, so that the old
 * password stops working at once. The generated password has 256 bits of entropy, which is why a
 * plain SHA-256 digest is enough to store it.
 */
export function issueBasicCredentials(engine: Engine, connectionId: string, actor: string): IssuedBasicCredentials {
  const connection = engine.connections.get(connectionId);
  return runAdminChange(engine, actor, () => {
    const previous = describeBasicCredentials(engine, connectionId);
    const username = `${slugOf(connection.name)}-${randomBytes(3).toString('hex')}`;
    const password = generateToken(SECRET_PREFIX);
    engine.db
      .prepare(
        `INSERT INTO basic_credentials (connection_id, username, password_hash, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(connection_id) DO UPDATE SET username = excluded.username, password_hash = excluded.password_hash,
         created_at = excluded.created_at, last_used_at = NULL, revoked_at = NULL`,
      )
      .run(connectionId, username, hashToken(password), nowIso(engine.clock));
    const replaced = previous ? `; the credentials of ${previous.username} stopped working` : '';
    return {
      result: { username, password },
      summary: `Issued Basic credentials for the user name ${username} of the connection "${connection.name}"${replaced}`,
      changes: [],
      connectionId,
    };
  });
}

/**
 * Revokes a connection's Basic credentials. Requests that send them get 401 from the next
 * request on. The row stays, marked revoked, until new credentials replace it.
 */
export function revokeBasicCredentials(engine: Engine, connectionId: string, actor: string): void {
  const connection = engine.connections.get(connectionId);
  const existing = describeBasicCredentials(engine, connectionId);
  if (!existing) {
    throw new AdminError('not-found', `The connection "${connection.name}" has no Basic credentials that are not revoked.`);
  }
  runAdminChange(engine, actor, () => {
    engine.db.prepare('UPDATE basic_credentials SET revoked_at = ? WHERE connection_id = ?').run(nowIso(engine.clock), connectionId);
    return {
      result: undefined,
      summary: `Revoked the Basic credentials of the user name ${existing.username} of the connection "${connection.name}"`,
      changes: [],
      connectionId,
    };
  });
}

/**
 * Checks Basic credentials and records their use. Returns the enabled connection they belong
 * to as `connection`. Returns only `owner` when the user name and password match but the
 * credentials are revoked or the connection is disabled, so that the rejection counts towards
 * that connection. Returns undefined for an unknown user name or a wrong password.
 */
export function authenticateBasic(
  stores: CredentialStores,
  username: string,
  password: string,
): { connection: ConnectionRecord } | { owner: ConnectionRecord } | undefined {
  const row = stores.db.prepare('SELECT * FROM basic_credentials WHERE username = ?').get(username) as BasicRow | undefined;
  const digest = hashToken(password);
  if (!row || !digestsEqual(row.password_hash, digest)) {
    return undefined;
  }
  const connection = stores.connections.get(row.connection_id);
  if (connection.disabled || row.revoked_at !== null) {
    return { owner: connection };
  }
  stores.db.prepare('UPDATE basic_credentials SET last_used_at = ? WHERE connection_id = ?').run(nowIso(stores.clock), row.connection_id);
  return { connection };
}

/** The parts of the engine that checking credentials needs, so that the SCIM service can call it. */
export type CredentialStores = Pick<Engine, 'db' | 'clock' | 'connections'>;

/**
 * Decodes the credentials of an `Authorization: Basic …` header value (RFC 7617 §2), or returns
 * undefined when the value is not strict base64 of UTF-8 text with a colon. The user name ends
 * at the first colon, so a password may contain colons.
 */
export function parseBasicCredentials(encoded: string): { username: string; password: string } | undefined {
  if (encoded.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(encoded, 'base64'));
  } catch {
    return undefined;
  }
  const colon = text.indexOf(':');
  if (colon <= 0) {
    return undefined;
  }
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug === '' ? 'scimdesk' : slug;
}
