/**
 * Removes secrets from request and response data before it is stored in an event:
 * the Authorization header and other credential headers, password attributes at
 * any depth, and OAuth client secrets.
 */

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);
const SECRET_KEYS = /^(password|client_secret|clientsecret|secret|token|access_token|refresh_token)$/i;

export const REDACTED = '[redacted]';

/** Returns a copy of the headers with credential values replaced, keeping the auth scheme name. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) {
      continue;
    }
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (SECRET_HEADERS.has(name.toLowerCase())) {
      const scheme = /^(Bearer|Basic)\s/i.exec(text)?.[1];
      result[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else {
      result[name] = text;
    }
  }
  return result;
}

/** Returns a deep copy of a JSON value with secret-named keys replaced at any depth. */
export function redactBody(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(redactBody);
  }
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      result[key] = SECRET_KEYS.test(key) ? REDACTED : redactBody(inner);
    }
    return result;
  }
  return value;
}

/** Replaces the value of secret query parameters in a request path. */
export function redactPath(path: string): string {
  return path.replace(/([?&](?:access_token|token|client_secret|password)=)[^&]*/gi, `$1${REDACTED}`);
}
