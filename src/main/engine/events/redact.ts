/**
 * Removes secrets from request and response data before it is stored in an event.
 * It replaces credential headers (Authorization, cookies, API keys), secret-named keys
 * at any depth of a JSON body (passwords, client secrets, tokens), the value of a PATCH
 * operation whose path names a password, and secret-named query parameters. Inside any
 * text it also replaces "Bearer …" and "Basic …" credentials, ScimDesk's own token and
 * secret formats, and passwords in URLs (`https://user:password@host`).
 */

export const REDACTED = '[redacted]';

/** Header names whose whole value is a credential. */
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|passw|api-?key|session|credential/i;
/** JSON keys and query parameter names whose value is a credential. */
const SECRET_KEY = /passw|pwd$|secret|token|api[-_]?key|^authorization$|^proxy-authorization$|^cookie$|^set-cookie$|credential|^assertion$/i;
/**
 * Credentials inside free text: auth schemes, ScimDesk's token formats, and user:password@ in URLs.
 * A scheme's credential must be 8 or more token characters with a digit or one of _ + / = - among them, so
 * that prose such as "bearer token" or "Basic authentication" and `Bearer realm="…"` stay readable.
 */
const SECRET_IN_TEXT: [RegExp, string][] = [
  [/\b(Bearer|Basic|Digest|Negotiate)\s+(?=[A-Za-z0-9._~+/=-]*[0-9_+/=-])[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [/\bsc[dsa]_[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/(\/\/[^/\s:@]*):[^/\s@]*@/g, `$1:${REDACTED}@`],
];

/** Returns a copy of the headers with credential values replaced, keeping the auth scheme name. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) {
      continue;
    }
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (SECRET_HEADER.test(name)) {
      const scheme = /^(Bearer|Basic|Digest|Negotiate)\s/i.exec(text)?.[1];
      result[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else {
      result[name] = redactText(text);
    }
  }
  return result;
}

/**
 * Returns a deep copy of a JSON value with secrets replaced at any depth: values of
 * secret-named keys, the `value` of a PATCH operation whose `path` names a secret
 * attribute (RFC 7644 §3.5.2, e.g. `{"op":"replace","path":"password","value":"…"}`),
 * and credentials inside strings.
 */
export function redactBody(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(redactBody);
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const secretOperation = typeof record.path === 'string' && pathNamesSecret(record.path);
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(record)) {
      const secret = SECRET_KEY.test(key) || (secretOperation && key.toLowerCase() === 'value');
      const filter = key.toLowerCase() === 'filter' && typeof inner === 'string';
      result[key] = secret ? REDACTED : redactBody(filter ? redactFilter(inner) : inner);
    }
    return result;
  }
  return typeof value === 'string' ? redactText(value) : value;
}

/** Replaces the values of secret-named query parameters in a request path, and credentials in the rest. */
export function redactPath(path: string): string {
  const queryStart = path.indexOf('?');
  if (queryStart < 0) {
    return redactText(path);
  }
  const query = path
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      if (equals < 0) {
        return pair;
      }
      const decodedName = decodeQueryName(name);
      if (SECRET_KEY.test(decodedName)) {
        return `${name}=${REDACTED}`;
      }
      return decodedName.toLowerCase() === 'filter' ? `${name}=${redactFilterParameter(pair.slice(equals + 1))}` : pair;
    })
    .join('&');
  return redactText(`${path.slice(0, queryStart)}?${query}`);
}

/**
 * Text that every match of SECRET_IN_TEXT contains: a scheme name, a token prefix or the `//` of a URL.
 * Most values (names, emails, ids) have none, so one test spares them the three replacements.
 */
const MAY_CONTAIN_SECRET = /bearer|basic|digest|negotiate|sc[dsa]_|\/\//i;

/** Replaces credentials that appear inside free text, such as an echoed Authorization header. */
export function redactText(text: string): string {
  if (!MAY_CONTAIN_SECRET.test(text)) {
    return text;
  }
  let result = text;
  for (const [pattern, replacement] of SECRET_IN_TEXT) {
    result = result.replace(pattern, replacement);
  }
  return result;
}

/**
 * A comparison in a SCIM filter (RFC 7644 §3.4.2.2): the attribute path, the operator, then a quoted
 * string or a bare value. Group 1 is everything before the value, group 2 the path's last name.
 * A path starts only where no path character precedes it, so a long word is tried once, not from
 * each of its characters.
 */
const FILTER_COMPARISON = /(?<![\w$:.-])((?:[\w$-]+[:.])*([\w$-]+)\s+(?:eq|ne|co|sw|ew|gt|ge|lt|le)\s+)("(?:[^"\\]|\\.)*"?|[^\s()\]]+)/gi;

/** Text that every name SECRET_KEY matches contains, found anywhere: most filters contain none of it. */
const MAY_NAME_SECRET = /passw|pwd|secret|token|api[-_]?key|authorization|cookie|credential|assertion/i;
/** An attribute path in a filter, with its last name in group 1. */
const FILTER_PATH = /(?<![\w$:.-])(?:[\w$-]+[:.])*([\w$-]+)(?![\w$:.-])/g;
/** The text after a secret name once `redactFilter` replaced the value it was compared with, or `pr`. */
const REDACTED_COMPARISON = /^\s+(?:(?:eq|ne|co|sw|ew|gt|ge|lt|le)\s+"\[redacted\]"|pr\b)/i;

/**
 * Replaces the value compared with a secret attribute in a filter, as in `password eq "…"`. A filter
 * that names a secret in any other way, such as with a mistyped operator, is replaced as a whole,
 * because where its value ends cannot be known. A secret-like word inside a string value does too.
 */
export function redactFilter(filter: string): string {
  if (!MAY_NAME_SECRET.test(filter)) {
    return filter;
  }
  const redacted = filter.replace(FILTER_COMPARISON, (whole: string, before: string, name: string) =>
    SECRET_KEY.test(name) ? `${before}"${REDACTED}"` : whole,
  );
  for (const match of redacted.matchAll(FILTER_PATH)) {
    const after = redacted.slice(match.index + match[0].length);
    if (SECRET_KEY.test(match[1]!) && !REDACTED_COMPARISON.test(after)) {
      return REDACTED;
    }
  }
  return redacted;
}

/** Applies `redactFilter` to a `filter` query parameter's value, which is percent-encoded. */
function redactFilterParameter(encoded: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    // Not decodable, so not a filter that could have run: keep nothing of it.
    return REDACTED;
  }
  const redacted = redactFilter(decoded);
  return redacted === decoded ? encoded : encodeURIComponent(redacted);
}

/** True when a PATCH path such as `password` or `urn:…:User:password` ends in a secret attribute name. */
function pathNamesSecret(path: string): boolean {
  const attribute = path.split(/[:.[]/).filter((part) => part !== '').at(-1) ?? '';
  return SECRET_KEY.test(attribute.replace(/\]$/, ''));
}

function decodeQueryName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
