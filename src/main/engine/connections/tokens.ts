import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix of every bearer token ScimDesk issues, so that leaked ones are easy to spot. */
export const TOKEN_PREFIX = 'scd_';

/** Prefix of OAuth client secrets and Basic passwords ScimDesk issues. */
export const SECRET_PREFIX = 'scs_';

/** Prefix of the short-lived access tokens the OAuth token endpoint issues. */
export const ACCESS_TOKEN_PREFIX = 'sca_';

/**
 * Kind of a row in `tokens`: 'static' tokens are issued to the admin, 'oauth' tokens by the
 * token endpoint to an OAuth client, 'simulator' tokens to the built-in simulator for one run.
 */
export type TokenKind = 'static' | 'oauth' | 'simulator';

/**
 * Value of `credential` in the detail of an event whose request authenticated with a temporary
 * credential of the built-in simulator. Other events have no `credential`.
 */
export const SIMULATOR_CREDENTIAL = 'simulator';

/** Creates a new random bearer token (256 bits of entropy). */
export function generateToken(prefix: string = TOKEN_PREFIX): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Returns the SHA-256 digest under which a token is stored; the token itself is never stored. */
export function hashToken(token: string): Buffer {
  return hash('sha256', token, 'buffer');
}

/** Compares two token digests in constant time. */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
