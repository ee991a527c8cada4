import { randomBytes, randomUUID } from 'node:crypto';
import { AdminError } from '../admin/errors.ts';
import { nowIso } from '../clock.ts';
import { runAdminChange } from '../connections/admin-change.ts';
import { ACCESS_TOKEN_PREFIX, digestsEqual, generateToken, hashToken, SECRET_PREFIX } from '../connections/tokens.ts';
import type { Engine } from '../engine.ts';

/** Lifetime of the access tokens the token endpoint issues unless the client was created with another: 1 hour, in seconds. */
export const DEFAULT_ACCESS_TOKEN_SECONDS = 3_600;

/** Shortest and longest access token lifetimes a client may have, in seconds (5 minutes to 24 hours). */
export const ACCESS_TOKEN_SECONDS_RANGE = { min: 300, max: 86_400 } as const;

/** Prefix of the client ids of the simulator's temporary clients; createOAuthClient never issues it. */
export const SIMULATOR_CLIENT_PREFIX = 'scimdesk-simulator-';

/** Path of the token endpoint on the SCIM listener's origin, outside the SCIM base path. */
export const OAUTH_TOKEN_PATH = '/oauth/token';

/** An OAuth client as the console lists it: the client id, never the secret. */
export interface OAuthClientListing {
  clientId: string;
  createdAt: string;
  lastUsedAt: string | null;
  accessTokenSeconds: number;
  /** Access tokens issued to this client that have not expired yet. */
  activeAccessTokens: number;
}

/** A new OAuth client, returned once with its secret; the secret is stored only as its SHA-256 digest. */
export interface IssuedOAuthClient {
  clientId: string;
  clientSecret: string;
  accessTokenSeconds: number;
}

/** An OAuth client row as the token endpoint reads it. */
export interface OAuthClientRow {
  id: string;
  connection_id: string;
  client_id: string;
  secret_hash: Buffer;
  access_token_seconds: number;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Lists a connection's OAuth clients that are not revoked, oldest first. */
export function listOAuthClients(engine: Engine, connectionId: string): OAuthClientListing[] {
  const now = nowIso(engine.clock);
  const rows = engine.db
    .prepare(
      `SELECT c.*, (SELECT COUNT(*) FROM tokens t WHERE t.oauth_client_id = c.id AND t.revoked_at IS NULL AND t.expires_at > ?) AS active
       FROM oauth_clients c WHERE c.connection_id = ? AND c.revoked_at IS NULL ORDER BY c.created_at, c.rowid`,
    )
    .all(now, connectionId) as (OAuthClientRow & { active: number })[];
  return rows.map((row) => ({
    clientId: row.client_id,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    accessTokenSeconds: row.access_token_seconds,
    activeAccessTokens: row.active,
  }));
}

/** Creates an OAuth 2.0 client for the client credentials grant (RFC 6749 §4.4) of a connection. */
export function createOAuthClient(
  engine: Engine,
  connectionId: string,
  actor: string,
  accessTokenSeconds: number = DEFAULT_ACCESS_TOKEN_SECONDS,
): IssuedOAuthClient {
  const connection = engine.connections.get(connectionId);
  const { min, max } = ACCESS_TOKEN_SECONDS_RANGE;
  if (!Number.isInteger(accessTokenSeconds) || accessTokenSeconds < min || accessTokenSeconds > max) {
    throw new AdminError('invalid', `An access token lifetime must be a whole number of seconds from ${min} to ${max}; ${accessTokenSeconds} is outside that range.`);
  }

  return runAdminChange(engine, actor, () => {
    const clientId = `scimdesk-${randomBytes(8).toString('hex')}`;
    const clientSecret = generateToken(SECRET_PREFIX);
    engine.db
      .prepare(
        `INSERT INTO oauth_clients (id, connection_id, client_id, secret_hash, access_token_seconds, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(randomUUID(), connectionId, clientId, hashToken(clientSecret), accessTokenSeconds, nowIso(engine.clock));
    return {
      result: { clientId, clientSecret, accessTokenSeconds },
      summary: `Created the OAuth client ${clientId} for the connection "${connection.name}"; its access tokens last ${accessTokenSeconds} seconds`,
      changes: [],
      connectionId,
    };
  });
}

/**
 * Revokes an OAuth client and every access token it was issued. The token endpoint rejects the
 * client from then on, and SCIM requests with its access tokens get 401 from the next request
 * on, because the update clears the token cache of every engine on the store. The rows stay,
 * marked revoked, so that a request that still sends one counts towards the connection's health.
 */
export function revokeOAuthClient(engine: Engine, connectionId: string, clientId: string, actor: string): void {
  const connection = engine.connections.get(connectionId);
  const row = engine.db
    .prepare('SELECT id FROM oauth_clients WHERE connection_id = ? AND client_id = ? AND revoked_at IS NULL')
    .get(connectionId, clientId) as { id: string } | undefined;
  if (!row) {
    const known = listOAuthClients(engine, connectionId).map((client) => client.clientId);
    const hint = known.length > 0 ? `Its clients are: ${known.join(', ')}.` : 'It has no OAuth clients that are not revoked.';
    throw new AdminError('not-found', `The connection "${connection.name}" has no OAuth client "${clientId}" that is not revoked. ${hint}`);
  }

  runAdminChange(engine, actor, () => {
    const revokedAt = nowIso(engine.clock);
    engine.db.prepare('UPDATE oauth_clients SET revoked_at = ? WHERE id = ?').run(revokedAt, row.id);
    const tokens = engine.db
      .prepare('UPDATE tokens SET revoked_at = ? WHERE oauth_client_id = ? AND revoked_at IS NULL AND expires_at > ?')
      .run(revokedAt, row.id, revokedAt).changes;
    return {
      result: undefined,
      summary:
        `Revoked the OAuth client ${clientId} of the connection "${connection.name}" ` +
        `and its ${tokens} access token${tokens === 1 ? '' : 's'} that had not expired`,
      changes: [],
      connectionId,
    };
  });
}

/**
 * Returns the client whose id and secret these are, revoked ones included, or undefined.
 * Compares the secret digests in constant time.
 */
export function authenticateClient(engine: Engine, clientId: string, clientSecret: string): OAuthClientRow | undefined {
  const row = engine.db.prepare('SELECT * FROM oauth_clients WHERE client_id = ?').get(clientId) as OAuthClientRow | undefined;
  const digest = hashToken(clientSecret);
  if (!row || !digestsEqual(row.secret_hash, digest)) {
    return undefined;
  }
  return row;
}

/** Tells whether a client is a temporary one of the built-in simulator. */
export function isSimulatorClient(client: Pick<OAuthClientRow, 'client_id'>): boolean {
  return client.client_id.startsWith(SIMULATOR_CLIENT_PREFIX);
}

/**
 * Issues a bearer access token to a client, valid for the client's lifetime from now, and drops
 * the client's access tokens that have expired. A simulator client's tokens are of the kind
 * 'simulator', so that their requests are not taken for the provider's. Runs inside the
 * caller's transaction.
 */
export function issueAccessToken(engine: Engine, client: OAuthClientRow): { token: string; expiresIn: number } {
  const now = engine.clock.now();
  const expiresAt = new Date(now.getTime() + client.access_token_seconds * 1000).toISOString();
  engine.db.prepare('DELETE FROM tokens WHERE oauth_client_id = ? AND expires_at <= ?').run(client.id, now.toISOString());
  const { token } = engine.connections.issueToken(client.connection_id, {
    kind: isSimulatorClient(client) ? 'simulator' : 'oauth',
    expiresAt,
    oauthClientId: client.id,
    prefix: ACCESS_TOKEN_PREFIX,
  });
  engine.db.prepare('UPDATE oauth_clients SET last_used_at = ? WHERE id = ?').run(now.toISOString(), client.id);
  return { token, expiresIn: client.access_token_seconds };
}

/**
 * Creates an OAuth client without an admin event, for one run of the built-in simulator.
 * The caller deletes it with deleteTemporaryClient when the run ends.
 */
export function createTemporaryClient(engine: Engine, connectionId: string): { id: string; clientId: string; clientSecret: string } {
  const id = randomUUID();
  const clientId = `${SIMULATOR_CLIENT_PREFIX}${randomBytes(6).toString('hex')}`;
  const clientSecret = generateToken(SECRET_PREFIX);
  engine.db
    .prepare(
      `INSERT INTO oauth_clients (id, connection_id, client_id, secret_hash, access_token_seconds, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(id, connectionId, clientId, hashToken(clientSecret), ACCESS_TOKEN_SECONDS_RANGE.min, nowIso(engine.clock));
  return { id, clientId, clientSecret };
}

/** Deletes a temporary client and the access tokens it was issued. */
export function deleteTemporaryClient(engine: Engine, id: string): void {
  engine.db.prepare('DELETE FROM oauth_clients WHERE id = ?').run(id);
}
