import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix of every bearer token ScimDesk issues, so that leaked ones are easy to spot. */
export const TOKEN_PREFIX = 'scd_';

/** Creates a new random bearer token (256 bits of entropy). */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Returns the SHA-256 digest under which a token is stored; the token itself is never stored. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Compares two token digests in constant time. */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
