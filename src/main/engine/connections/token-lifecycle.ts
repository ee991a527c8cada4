import { AdminError } from '../admin/errors.ts';
import { nowIso } from '../clock.ts';
import type { Engine } from '../engine.ts';
import { runAdminChange } from './admin-change.ts';
import type { TokenRecord } from './connections.ts';
import { formatDuration } from './durations.ts';

/** Time during which the previous tokens keep working after a rotation, unless the admin picks another: 24 hours in ms. */
export const DEFAULT_ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** Maximum overlap of a rotation: 30 days in ms. */
export const MAX_ROTATION_OVERLAP_MS = 30 * 86_400_000;

/** State of a token at a moment: it works ('active'), works until its expiry ('expiring'), or no longer works ('expired'). */
export type TokenState = 'active' | 'expiring' | 'expired';

/** A token as the console and the CLI list it: metadata only, never the token. */
export interface TokenListing extends TokenRecord {
  state: TokenState;
}

/** A newly issued static token, returned once. */
export interface IssuedToken {
  tokenId: string;
  token: string;
  expiresAt: string | null;
}

/** Returns the state of a token at `now`. A token that never expires stays active. */
export function tokenState(token: Pick<TokenRecord, 'expiresAt'>, now: Date): TokenState {
  if (token.expiresAt === null) {
    return 'active';
  }
  return new Date(token.expiresAt).getTime() <= now.getTime() ? 'expired' : 'expiring';
}

/** Lists a connection's static tokens that are not revoked, expired ones included, with their state. */
export function listTokenStates(engine: Engine, connectionId: string): TokenListing[] {
  const now = engine.clock.now();
  engine.connections.get(connectionId);
  return engine.connections.listTokens(connectionId).map((token) => ({ ...token, state: tokenState(token, now) }));
}

/**
 * Issues a static token for a connection. It never expires unless `expiresAt` is set, because a
 * provider such as Entra ID quarantines a connection whose token expires.
 */
export function issueStaticToken(engine: Engine, connectionId: string, expiresAt: string | null, actor: string): IssuedToken {
  const connection = engine.connections.get(connectionId);
  const expiry = validateExpiry(expiresAt, engine.clock.now());
  return runAdminChange(engine, actor, () => {
    const { id, token } = engine.connections.issueToken(connectionId, { kind: 'static', expiresAt: expiry });
    const until = expiry === null ? 'it never expires' : `it expires at ${expiry}`;
    return {
      result: { tokenId: id, token, expiresAt: expiry },
      summary: `Issued token ${id} for the connection "${connection.name}"; ${until}`,
      changes: [],
      connectionId,
    };
  });
}

/**
 * Issues a new static token and makes every other working static token of the connection expire
 * after `overlapMs`, so that the provider can switch without a failed request. An overlap of 0
 * ends the old tokens at once. A token that already expires sooner keeps its expiry.
 */
export function rotateToken(
  engine: Engine,
  connectionId: string,
  options: { overlapMs: number; expiresAt: string | null },
  actor: string,
): IssuedToken & { previous: { tokenId: string; expiresAt: string }[] } {
  const connection = engine.connections.get(connectionId);
  if (!Number.isFinite(options.overlapMs) || options.overlapMs < 0 || options.overlapMs > MAX_ROTATION_OVERLAP_MS) {
    throw new AdminError('invalid', `The overlap must be between 0 and 30 days; ${options.overlapMs} ms is outside that range.`);
  }
  const now = engine.clock.now();
  const expiry = validateExpiry(options.expiresAt, now);
  const overlapEnd = new Date(now.getTime() + options.overlapMs).toISOString();

  return runAdminChange(engine, actor, () => {
    const previous = engine.connections
      .listTokens(connectionId)
      .filter((token) => tokenState(token, now) !== 'expired')
      .map((token) => ({ tokenId: token.id, expiresAt: earlier(token.expiresAt, overlapEnd) }));
    const shorten = engine.db.prepare('UPDATE tokens SET expires_at = ? WHERE id = ?');
    for (const token of previous) {
      shorten.run(token.expiresAt, token.tokenId);
    }
    const { id, token } = engine.connections.issueToken(connectionId, { kind: 'static', expiresAt: expiry });

    const overlap = describeOverlap(previous.length, options.overlapMs);
    return {
      result: { tokenId: id, token, expiresAt: expiry, previous },
      summary: `Rotated the token of the connection "${connection.name}": issued token ${id}; ${overlap}`,
      changes: [],
      connectionId,
    };
  });
}

/** Describes what a rotation did to the earlier tokens, for its event. */
function describeOverlap(previousTokens: number, overlapMs: number): string {
  if (previousTokens === 0) {
    return 'no earlier token was active';
  }
  return overlapMs === 0 ? 'the previous tokens stopped working at once' : `the previous tokens work for ${formatDuration(overlapMs)} more`;
}

/** Revokes one token of a connection. The next request that sends it gets 401. */
export function revokeToken(engine: Engine, connectionId: string, tokenId: string, actor: string): TokenRecord {
  const connection = engine.connections.get(connectionId);
  const token = engine.connections.listTokens(connectionId, ['static', 'oauth', 'simulator']).find((candidate) => candidate.id === tokenId);
  if (!token) {
    const known = engine.connections.listTokens(connectionId).map((candidate) => candidate.id);
    const hint = known.length > 0 ? `Its tokens are: ${known.join(', ')}.` : 'It has no tokens that are not revoked.';
    throw new AdminError('not-found', `The connection "${connection.name}" has no token with the id "${tokenId}" that is not revoked. ${hint}`);
  }

  return runAdminChange(engine, actor, () => {
    const revokedAt = nowIso(engine.clock);
    engine.db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').run(revokedAt, tokenId);
    return {
      result: { ...token, revokedAt },
      summary: `Revoked token ${tokenId} of the connection "${connection.name}"`,
      changes: [],
      connectionId,
    };
  });
}

/** Returns the expiry as an ISO string, or throws when it is not a valid time in the future. */
function validateExpiry(expiresAt: string | null, now: Date): string | null {
  if (expiresAt === null) {
    return null;
  }
  const time = new Date(expiresAt);
  if (Number.isNaN(time.getTime())) {
    throw new AdminError('invalid', `"${expiresAt}" is not a valid expiry time. Use an ISO 8601 time such as 2030-01-31T00:00:00Z.`);
  }
  if (time.getTime() <= now.getTime()) {
    throw new AdminError('invalid', `The expiry ${time.toISOString()} is not in the future. Choose a later time, or none for a token that never expires.`);
  }
  return time.toISOString();
}

function earlier(expiresAt: string | null, overlapEnd: string): string {
  return expiresAt !== null && expiresAt < overlapEnd ? expiresAt : overlapEnd;
}
