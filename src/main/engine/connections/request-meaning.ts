import type { ProviderProfile, ProviderStep, StepKind } from '../../../shared/providers/index.ts';
import { PLACEHOLDER_PATTERN } from '../../../shared/providers/index.ts';

/** A request as the event log stores it: the path is relative to the SCIM base URL and carries the query. */
export interface ObservedRequest {
  method: string;
  path: string;
  status: number | null;
  /** Parsed JSON body (secrets redacted), when there was one. */
  body?: unknown;
}

/** The meaning of a request for its provider. */
export interface RequestMeaning {
  /** The sequence step it matches best, or null when the provider is not known to send it. */
  step: ProviderStep | null;
  /** One sentence such as "Okta's connection test: GET /Users?startIndex=1&count=2 answered 200". */
  text: string;
}

/** Matches a placeholder without the global flag, so that test() keeps no state between calls. */
const HAS_PLACEHOLDER = new RegExp(PLACEHOLDER_PATTERN.source);

/** Meaning of each kind of step, in words that fit any user or group, not only the sequence's sample ones. */
const KIND_MEANINGS: Record<StepKind, (provider: string) => string> = {
  'connection-test': (p) => `${p}'s connection test`,
  discovery: (p) => `${p} reads ScimDesk's SCIM configuration`,
  'lookup-user': (p) => `${p} looks a user up before creating it`,
  'create-user': (p) => `${p} creates a user`,
  'read-user': (p) => `${p} reads a user`,
  'update-user': (p) => `${p} updates a user's profile`,
  'set-manager': (p) => `${p} sets a user's manager`,
  'lookup-group': (p) => `${p} looks a group up`,
  'list-groups': (p) => `${p} lists the groups`,
  'create-group': (p) => `${p} creates a group`,
  'add-member': (p) => `${p} adds members to a group`,
  'remove-member': (p) => `${p} removes members from a group`,
  'replace-members': (p) => `${p} replaces a group's members`,
  'rename-group': (p) => `${p} renames a group`,
  'deactivate-user': (p) => `${p} deactivates a user`,
  'delete-user': (p) => `${p} deletes a user`,
  'delete-group': (p) => `${p} deletes a group`,
  'import-users': (p) => `${p} imports users`,
  'oauth-token': (p) => `${p} fetches an access token`,
  setup: (p) => `${p} creates a user`,
};

/**
 * Describes a request by the provider's sequence step it resembles most: same method, same path
 * with ids in place of placeholders, then the closest query, PATCH operations and body attributes.
 * Ties go to the earlier step.
 */
export function describeRequest(profile: ProviderProfile, request: ObservedRequest): RequestMeaning {
  const step = matchSequenceStep(profile, request);
  const requestLine = `${request.method} ${readablePath(request.path)} answered ${request.status ?? 'nothing'}`;
  const meaning = step ? KIND_MEANINGS[step.kind](profile.displayName) : `A request ${profile.displayName} is not known to send`;
  return { step, text: `${meaning}: ${requestLine}` };
}

/** Returns the sequence step that best matches the request, or null when none has its method and path. */
export function matchSequenceStep(profile: ProviderProfile, request: ObservedRequest): ProviderStep | null {
  let best: ProviderStep | null = null;
  let bestScore = -Infinity;
  for (const step of profile.sequence) {
    const score = scoreStep(step, request);
    if (score !== null && score > bestScore) {
      best = step;
      bestScore = score;
    }
  }
  return best;
}

function scoreStep(step: ProviderStep, request: ObservedRequest): number | null {
  if (step.method === null || step.method !== request.method.toUpperCase()) {
    return null;
  }
  const [stepPath = '', stepQuery = ''] = splitQuery(step.path);
  const [requestPath = '', requestQuery = ''] = splitQuery(request.path);
  if (!pathPattern(stepPath).test(requestPath)) {
    return null;
  }

  let score = scoreQuery(new URLSearchParams(stepQuery), new URLSearchParams(requestQuery));
  if (request.method.toUpperCase() === 'PATCH') {
    score += scorePatchOperations(step.body, request.body);
  } else if (step.body !== undefined && typeof step.body === 'object') {
    score += 2 * keyOverlap(step.body, request.body) + sameActive(step.body, request.body);
  }
  // ScimDesk's own setup steps are not the provider's requests, so they only win when nothing else fits.
  return step.kind === 'setup' ? score - 10 : score;
}

function splitQuery(path: string): [string, string] {
  const index = path.indexOf('?');
  return index === -1 ? [path, ''] : [path.slice(0, index), path.slice(index + 1)];
}

/** Turns a step path such as /Users/{{user:ada}} into a pattern that any id matches. */
function pathPattern(stepPath: string): RegExp {
  const parts = stepPath.split(PLACEHOLDER_PATTERN);
  // split() with a capturing group puts the placeholder names at the odd indexes.
  const source = parts.map((part, index) => (index % 2 === 1 ? '[^/]+' : escapeRegExp(part))).join('');
  return new RegExp(`^${source}/?$`, 'i');
}

function scoreQuery(expected: URLSearchParams, actual: URLSearchParams): number {
  const expectedKeys = [...expected.keys()].sort().join('&');
  const actualKeys = [...actual.keys()].sort().join('&');
  if (expectedKeys !== actualKeys) {
    return 0;
  }
  let score = 2;
  const valuesEqual = [...expected].every(([key, value]) => HAS_PLACEHOLDER.test(value) || actual.get(key) === value);
  if (valuesEqual) {
    score += 2;
  } else if (filterShape(expected.get('filter')) !== null && filterShape(expected.get('filter')) === filterShape(actual.get('filter'))) {
    score += 1;
  }
  return score;
}

/** Returns the attribute and operator of a filter such as `userName eq "ada@example.com"`, lower-cased. */
function filterShape(filter: string | null): string | null {
  const match = filter === null ? null : /^\s*(\S+)\s+(\S+)/.exec(filter);
  return match ? `${match[1]!.toLowerCase()} ${match[2]!.toLowerCase()}` : null;
}

/** Scores how far two PatchOp bodies share operations, each read as its op and the attribute its path starts with. */
function scorePatchOperations(expected: unknown, actual: unknown): number {
  const expectedOps = operationSignatures(expected);
  const actualOps = operationSignatures(actual);
  if (expectedOps.size === 0 || actualOps.size === 0) {
    return 0;
  }
  const shared = [...expectedOps].filter((signature) => actualOps.has(signature)).length;
  if (shared === expectedOps.size && shared === actualOps.size) {
    return 3;
  }
  return shared > 0 ? 1 + shared / Math.max(expectedOps.size, actualOps.size) : 0;
}

function operationSignatures(body: unknown): Set<string> {
  const operations = (body as { Operations?: unknown } | undefined)?.Operations;
  const signatures = new Set<string>();
  if (!Array.isArray(operations)) {
    return signatures;
  }
  for (const operation of operations as { op?: unknown; path?: unknown; value?: unknown }[]) {
    const op = typeof operation.op === 'string' ? operation.op.toLowerCase() : '?';
    const root = typeof operation.path === 'string' ? operation.path.split(/[[.]/)[0]!.toLowerCase() : valueKeys(operation.value);
    signatures.add(`${op} ${root}`);
  }
  return signatures;
}

/** Names a path-less operation by the attributes its value sets, such as "active" or "displayName,id". */
function valueKeys(value: unknown): string {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).sort().join(',').toLowerCase() : '';
}

/** Returns the Jaccard overlap (0 to 1) of the top-level keys of two JSON objects. */
function keyOverlap(expected: unknown, actual: unknown): number {
  if (expected === null || typeof expected !== 'object' || actual === null || typeof actual !== 'object') {
    return 0;
  }
  const a = new Set(Object.keys(expected));
  const b = new Set(Object.keys(actual));
  const shared = [...a].filter((key) => b.has(key)).length;
  const union = new Set([...a, ...b]).size;
  return union === 0 ? 0 : shared / union;
}

/** Returns 1 when both bodies set `active` to the same truth value (as a boolean or a string), which distinguishes a deactivation from an update. */
function sameActive(expected: unknown, actual: unknown): number {
  const truth = (body: unknown): string | undefined => {
    const active = (body as { active?: unknown } | null | undefined)?.active;
    return active === undefined ? undefined : String(active).toLowerCase();
  };
  const expectedActive = truth(expected);
  return expectedActive !== undefined && expectedActive === truth(actual) ? 1 : 0;
}

/** Decodes the query for display, so that `filter=userName+eq+%22a%40b%22` reads `filter=userName eq "a@b"`. */
function readablePath(path: string): string {
  const [pathPart, query] = splitQuery(path);
  if (query === '') {
    return pathPart;
  }
  const decoded = [...new URLSearchParams(query)].map(([key, value]) => `${key}=${value}`).join('&');
  return `${pathPart}?${decoded}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
