import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { nowIso } from '../clock.ts';
import type { Db } from '../store/database.ts';
import { digestsEqual, generateToken, hashToken, type TokenKind } from './tokens.ts';
import { PROVIDER_ID_VALUES } from '../../../shared/model.ts';
import { AdminError } from '../admin/errors.ts';

export type ProviderId = (typeof PROVIDER_ID_VALUES)[number];

/** A connection row: one identity provider pushing to this engine with its own tokens. */
export interface ConnectionRecord {
  id: string;
  name: string;
  provider: ProviderId;
  createdAt: string;
  disabled: boolean;
  requestCount: number;
  errorCount: number;
  lastRequestAt: string | null;
  lastRequestSummary: string | null;
}

export interface TokenRecord {
  id: string;
  connectionId: string;
  kind: TokenKind;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** Resolution of a token's last-used time, in milliseconds. */
const LAST_USED_RESOLUTION_MS = 60_000;

interface ConnectionRow {
  id: string;
  name: string;
  provider: string;
  created_at: string;
  disabled: number;
  request_count: number;
  error_count: number;
  last_request_at: string | null;
  last_request_summary: string | null;
}

interface TokenRow {
  id: string;
  connection_id: string;
  kind: TokenKind;
  oauth_client_id: string | null;
  hash: Buffer;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** Maximum number of tokens kept by `ConnectionStore.findToken`. A connection rarely has more than a few. */
const MAX_CACHED_TOKENS = 1_000;

/** Connections and their tokens, stored in the engine's database. */
export class ConnectionStore {
  private readonly db: Db;
  private readonly clock: Clock;
  /** Valid tokens by the hex of their digest, with their connection (see `findToken`). */
  private readonly tokenCache = new Map<string, { row: TokenRow; connection: ConnectionRecord }>();
  /** `total_changes()` and `data_version` when the cache was last cleared. */
  private tokenCacheState = '';
  /** True inside `withTokenCacheChecked`, where authentications skip the check. */
  private tokenCacheChecked = false;

  constructor(db: Db, clock: Clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Creates a connection and its first token; the token is returned once and stored only as a hash. */
  create(provider: ProviderId, name: string): { connection: ConnectionRecord; token: string } {
    const trimmed = this.validateNewName(name);
    const id = randomUUID();
    const token = this.db.transaction(() => {
      this.insert(id, provider, trimmed);
      return this.addToken(id, null);
    })();

    return { connection: this.get(id), token };
  }

  /** Creates a connection without any credential, as the setup wizard does before its credentials step. */
  createWithoutToken(provider: ProviderId, name: string): ConnectionRecord {
    const trimmed = this.validateNewName(name);
    const id = randomUUID();
    this.insert(id, provider, trimmed);
    return this.get(id);
  }

  /** Returns the trimmed name, or throws when it is empty or another connection has it. */
  private validateNewName(name: string): string {
    const trimmed = name.trim();
    if (trimmed === '') {
      throw new AdminError('invalid', 'A connection needs a name, for example "Okta production".');
    }
    if (this.findByName(trimmed)) {
      throw new AdminError('conflict', `A connection named "${trimmed}" already exists. Choose another name.`);
    }
    return trimmed;
  }

  private insert(id: string, provider: ProviderId, name: string): void {
    this.db
      .prepare('INSERT INTO connections (id, name, provider, created_at) VALUES (?, ?, ?, ?)')
      .run(id, name, provider, nowIso(this.clock));
  }

  /** Issues a new token for a connection and returns it; `expiresAt` null means it never expires. */
  addToken(connectionId: string, expiresAt: string | null): string {
    return this.issueToken(connectionId, { kind: 'static', expiresAt }).token;
  }

  /**
   * Issues a token of any kind and returns it with its id. The token is returned once and
   * stored only as its SHA-256 digest. A null `expiresAt` means it never expires.
   */
  issueToken(
    connectionId: string,
    options: { kind: TokenKind; expiresAt: string | null; oauthClientId?: string; prefix?: string },
  ): { id: string; token: string } {
    const id = randomUUID();
    const token = generateToken(options.prefix);
    this.db
      .prepare(
        `INSERT INTO tokens (id, connection_id, kind, oauth_client_id, hash, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, connectionId, options.kind, options.oauthClientId ?? null, hashToken(token), nowIso(this.clock), options.expiresAt);
    return { id, token };
  }

  list(): ConnectionRecord[] {
    const rows = this.db.prepare('SELECT * FROM connections ORDER BY created_at, name').all() as ConnectionRow[];
    return rows.map(toConnection);
  }

  /** Returns the connection with this id; throws a not-found AdminError when there is none. */
  get(id: string): ConnectionRecord {
    const row = this.db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as ConnectionRow | undefined;
    if (!row) {
      throw new AdminError('not-found', `No connection has the id "${id}".`);
    }
    return toConnection(row);
  }

  findByName(name: string): ConnectionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM connections WHERE name = ?').get(name.trim()) as
      | ConnectionRow
      | undefined;
    return row ? toConnection(row) : undefined;
  }

  /** Returns the connection named `name`, or throws a not-found error listing the existing names. */
  getByName(name: string): ConnectionRecord {
    const found = this.findByName(name);
    if (!found) {
      const names = this.list().map((connection) => connection.name);
      const known = names.length > 0 ? `Existing connections: ${names.join(', ')}.` : 'There are no connections yet.';
      throw new AdminError('not-found', `No connection is named "${name}". ${known}`);
    }
    return found;
  }

  /**
   * Returns the connection a rejected bearer token belongs to, when it is one of its revoked or
   * expired tokens or the connection is disabled, so that the rejection counts towards that
   * connection's health. Returns undefined for a token ScimDesk never issued.
   */
  connectionOfRejectedToken(token: string): ConnectionRecord | undefined {
    const digest = hashToken(token);
    const row = this.db.prepare('SELECT connection_id, hash FROM tokens WHERE hash = ?').get(digest) as
      | { connection_id: string; hash: Buffer }
      | undefined;
    if (!row || !digestsEqual(row.hash, digest)) {
      return undefined;
    }
    return this.get(row.connection_id);
  }

  /**
   * Lists a connection's tokens that are not revoked, expired ones included. Only static tokens
   * by default, because the token endpoint issues a new OAuth access token for each token request
   * and those belong to their client.
   */
  listTokens(connectionId: string, kinds: readonly TokenKind[] = ['static']): TokenRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM tokens WHERE connection_id = ? AND revoked_at IS NULL
         AND kind IN (SELECT value FROM json_each(?)) ORDER BY created_at, rowid`,
      )
      .all(connectionId, JSON.stringify(kinds)) as TokenRow[];
    return rows.map(toToken);
  }

  /**
   * Finds the enabled connection a bearer token belongs to and records the token's use.
   * Returns undefined for an unknown, revoked or expired token or a disabled connection.
   */
  authenticate(token: string): ConnectionRecord | undefined {
    return this.authenticateToken(token)?.connection;
  }

  /** Does what `authenticate` does, and also returns the kind of the token that authenticated. */
  authenticateToken(token: string): { connection: ConnectionRecord; kind: TokenKind } | undefined {
    const digest = hashToken(token);
    const found = this.findToken(digest);
    if (!found) {
      return undefined;
    }
    const { row, connection } = found;
    const now = nowIso(this.clock);
    if (row.expires_at !== null && row.expires_at <= now) {
      return undefined;
    }
    // Stored at most once a minute per token, so that reads do not each cost a commit.
    if (row.last_used_at === null || Date.parse(now) - Date.parse(row.last_used_at) >= LAST_USED_RESOLUTION_MS) {
      this.db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').run(now, row.id);
    }
    return { connection, kind: row.kind };
  }

  /**
   * Returns the valid token with this digest and its enabled connection, from the cache
   * when the store has not changed since it was filled. Any row this connection to the
   * database inserts, updates or deletes changes `total_changes()`, and any commit by
   * another process (the CLI) changes `data_version`, so a revoked token or a disabled
   * connection is not served from the cache. A rollback does not change either value, but
   * no transaction both creates a token and authenticates with it.
   */
  private findToken(digest: Buffer): { row: TokenRow; connection: ConnectionRecord } | undefined {
    if (!this.tokenCacheChecked) {
      this.checkTokenCache();
    }
    const key = digest.toString('hex');
    const cached = this.tokenCache.get(key);
    if (cached) {
      return cached;
    }

    const row = this.db.prepare('SELECT * FROM tokens WHERE hash = ?').get(digest) as TokenRow | undefined;
    if (!row || !digestsEqual(row.hash, digest) || row.revoked_at !== null) {
      return undefined;
    }
    const connection = this.get(row.connection_id);
    if (connection.disabled) {
      return undefined;
    }
    // Only tokens that exist are cached, so unknown tokens cannot grow the cache.
    if (this.tokenCache.size >= MAX_CACHED_TOKENS) {
      this.tokenCache.clear();
    }
    const found = { row, connection };
    this.tokenCache.set(key, found);
    return found;
  }

  /** Clears the token cache if anything changed the store since the last check. */
  private checkTokenCache(): void {
    // data_version changes when another connection, such as the CLI's, commits.
    const changes = this.db.prepare('SELECT total_changes()').pluck().get() as number;
    const dataVersion = this.db.prepare('PRAGMA data_version').pluck().get() as number;
    const stateKey = `${changes}:${dataVersion}`;
    if (stateKey !== this.tokenCacheState) {
      this.tokenCache.clear();
      this.tokenCacheState = stateKey;
    }
  }

  /**
   * Runs `work` with the token cache checked once at its start rather than at each
   * authentication, for requests that arrived together. SCIM requests change no token's
   * validity and no connection. A change by another process during the batch looks the
   * same as one made just after it.
   */
  withTokenCacheChecked<T>(work: () => T): T {
    this.checkTokenCache();
    this.tokenCacheChecked = true;
    try {
      return work();
    } finally {
      this.tokenCacheChecked = false;
    }
  }

  /** Counts finished SCIM requests towards the connection's totals. `summary` and `at` are the latest request's. */
  recordRequests(connectionId: string, requests: number, failures: number, summary: string, at: string): void {
    this.db
      .prepare(
        `UPDATE connections SET request_count = request_count + ?, error_count = error_count + ?,
         last_request_at = ?, last_request_summary = ? WHERE id = ?`,
      )
      .run(requests, failures, at, summary, connectionId);
  }
}

function toConnection(row: ConnectionRow): ConnectionRecord {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider as ProviderId,
    createdAt: row.created_at,
    disabled: row.disabled === 1,
    requestCount: row.request_count,
    errorCount: row.error_count,
    lastRequestAt: row.last_request_at,
    lastRequestSummary: row.last_request_summary,
  };
}

function toToken(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    connectionId: row.connection_id,
    kind: row.kind,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}
