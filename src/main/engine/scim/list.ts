import { ScimError } from './errors.ts';
import { compileFilter, type CompiledFilter } from './filter/sql.ts';
import { parseFilter } from './filter/parse.ts';
import { readProjection, type Projection } from './projection.ts';
import { resolveAttributePath, type ResolvedAttributePath } from './schema/registry.ts';
import type { ResourceTypeName } from './schema/types.ts';
import { findSub, isObject } from './values.ts';

/** Page size used when a client sends no `count`. */
export const DEFAULT_PAGE_SIZE = 100;
/** Largest page the server returns, advertised as `filter.maxResults` in ServiceProviderConfig. */
export const MAX_PAGE_SIZE = 1000;

/** A list or search request (RFC 7644 §3.4.2, §3.4.3) in the engine's terms. */
export interface ListQuery {
  where: CompiledFilter | undefined;
  /** ORDER BY clause, empty when the filter matches at most one row, which needs no sort. */
  orderBy: string;
  sortBy: string | undefined;
  descending: boolean;
  startIndex: number;
  count: number;
  projection: Projection;
}

/** Raw list parameters, from a query string or a SearchRequest body. */
export interface ListParameters {
  filter?: unknown;
  startIndex?: unknown;
  count?: unknown;
  sortBy?: unknown;
  sortOrder?: unknown;
  attributes?: unknown;
  excludedAttributes?: unknown;
}

/** Reads list parameters from a query string; names are matched case-insensitively. */
export function parametersFromQuery(query: URLSearchParams): ListParameters {
  const byLowerName = new Map<string, string>();
  for (const [key, value] of query) {
    byLowerName.set(key.toLowerCase(), value);
  }
  return {
    filter: byLowerName.get('filter'),
    startIndex: byLowerName.get('startindex'),
    count: byLowerName.get('count'),
    sortBy: byLowerName.get('sortby'),
    sortOrder: byLowerName.get('sortorder'),
    attributes: byLowerName.get('attributes'),
    excludedAttributes: byLowerName.get('excludedattributes'),
  };
}

/** Reads list parameters from a SearchRequest body (RFC 7644 §3.4.3). */
export function parametersFromSearchBody(body: unknown): ListParameters {
  if (!isObject(body)) {
    throw new ScimError(400, 'invalidSyntax', 'A SearchRequest body must be a JSON object.');
  }
  return body as ListParameters;
}

/**
 * Turns list parameters into a query: the filter compiled to parameterized SQL,
 * `startIndex` below 1 read as 1, `count` clamped to 0…MAX_PAGE_SIZE (RFC 7644 §3.4.2.4),
 * and a stable order (the sort attribute, then insertion order).
 */
export function readListQuery(resourceType: ResourceTypeName, parameters: ListParameters): ListQuery {
  const filterText = parameters.filter;
  let where: ListQuery['where'];
  if (filterText !== undefined && filterText !== null && filterText !== '') {
    if (typeof filterText !== 'string') {
      throw new ScimError(400, 'invalidFilter', "'filter' must be a string.");
    }
    where = compileFilter(parseFilter(filterText), resourceType);
  }

  // Clamped to the safe integers, so that the page's OFFSET stays an exact integer that SQLite accepts.
  const startIndex = Math.min(Number.MAX_SAFE_INTEGER, Math.max(1, readInteger(parameters.startIndex, 'startIndex') ?? 1));
  const count = Math.min(MAX_PAGE_SIZE, Math.max(0, readInteger(parameters.count, 'count') ?? DEFAULT_PAGE_SIZE));
  const descending = readSortOrder(parameters.sortOrder) === 'descending';
  const sortBy = typeof parameters.sortBy === 'string' && parameters.sortBy !== '' ? parameters.sortBy : undefined;

  return {
    where,
    orderBy: where?.atMostOneRow ? '' : `ORDER BY ${orderByFor(resourceType, sortBy, descending)}`,
    sortBy,
    descending,
    startIndex,
    count,
    projection: readProjection(resourceType, listOf(parameters.attributes), listOf(parameters.excludedAttributes)),
  };
}

/**
 * Returns `LIMIT n OFFSET m` with the numbers written into the SQL text. Bound as
 * parameters, they made each run of a user lookup about three times slower (SQLite 3.54
 * in better-sqlite3 13, measured on a 2-core VM). The text stays safe because only
 * non-negative safe integers are accepted.
 */
export function limitClause(limit: number, offset: number): string {
  if (!Number.isSafeInteger(limit) || !Number.isSafeInteger(offset) || limit < 0 || offset < 0) {
    throw new Error(`Internal error: invalid page bounds ${limit} and ${offset}.`);
  }
  return `LIMIT ${limit} OFFSET ${offset}`;
}

/** Reads `sortOrder`, which RFC 7644 §3.4.2.3 allows as "ascending" (the default) or "descending". */
function readSortOrder(value: unknown): 'ascending' | 'descending' {
  if (value === undefined || value === null || value === '') {
    return 'ascending';
  }
  const order = typeof value === 'string' ? value.toLowerCase() : undefined;
  if (order !== 'ascending' && order !== 'descending') {
    throw new ScimError(400, 'invalidValue', `'sortOrder' must be "ascending" or "descending", got ${JSON.stringify(value)}.`);
  }
  return order;
}

function readInteger(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(number)) {
    throw new ScimError(400, 'invalidValue', `'${name}' must be an integer, got ${JSON.stringify(value)}.`);
  }
  return number;
}

function listOf(value: unknown): string | string[] | undefined {
  if (typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'))) {
    return value as string | string[];
  }
  return undefined;
}

/** Columns a client may sort by; other attributes sort through their JSON path. */
const SORT_COLUMNS: Record<ResourceTypeName, Record<string, string>> = {
  User: {
    id: 'r.id',
    userName: 'r.user_name_key',
    externalId: 'r.external_id',
    displayName: 'r.display_name',
    active: 'r.active',
  },
  Group: { id: 'r.id', displayName: 'r.display_name_key', externalId: 'r.external_id' },
};

function orderByFor(resourceType: ResourceTypeName, sortBy: string | undefined, descending: boolean): string {
  if (sortBy === undefined) {
    return 'r.seq';
  }
  const resolved = resolveAttributePath(resourceType, sortBy);
  if (!resolved) {
    throw new ScimError(400, 'invalidValue', `'sortBy' names an unknown attribute: "${sortBy}".`);
  }
  const path = resolved.canonicalPath;
  let expression: string | undefined = path.length === 1 ? SORT_COLUMNS[resourceType][path[0]!] : undefined;
  if (path.join('.') === 'meta.created') {
    expression = 'r.created_at';
  } else if (path.join('.') === 'meta.lastModified') {
    expression = 'r.modified_at';
  }
  expression ??= documentSortExpression(resolved, sortBy);
  // Ascending puts resources without the attribute last, as RFC 7644 §3.4.2.3 asks.
  const direction = descending ? 'DESC' : 'ASC';
  const nulls = descending ? 'NULLS FIRST' : 'NULLS LAST';
  return `${expression} ${direction} ${nulls}, r.seq ${direction}`;
}

/**
 * Builds the SQL expression of the sort key of an attribute kept in `r.doc`. A multi-valued
 * attribute sorts by its primary value, or else by its first (RFC 7644 §3.4.2.3), and
 * without a sub-attribute by that value's `value`. Throws ScimError 400 for a complex
 * attribute that names no sub-attribute and has no `value`.
 */
function documentSortExpression(resolved: ResolvedAttributePath, sortBy: string): string {
  const { attribute } = resolved;
  const subAttribute = resolved.subAttribute ?? (attribute.type === 'complex' ? findSub(attribute, 'value') : undefined);
  if (attribute.type === 'complex' && subAttribute === undefined) {
    const example = attribute.subAttributes?.[0]?.name ?? 'value';
    throw new ScimError(400, 'invalidValue', `'sortBy' names the complex attribute '${sortBy}', so name one of its sub-attributes, such as '${attribute.name}.${example}'.`);
  }
  const caseExact = subAttribute?.caseExact ?? attribute.caseExact;

  // Canonical names come from the schema, never from the request, so they are safe to quote here.
  // NOTE: User `groups` and Group `members` live in group_members, not in `r.doc`, so sorting by them keeps the insertion order.
  const attributePath = resolved.canonicalPath.slice(0, resolved.subAttribute === undefined ? undefined : -1);
  let expression: string;
  if (attribute.multiValued && subAttribute !== undefined) {
    expression = `(SELECT json_extract(e.value, '${jsonPathOf([subAttribute.name])}') FROM json_each(r.doc, '${jsonPathOf(attributePath)}') e
      WHERE e.type = 'object' ORDER BY json_extract(e.value, '$."primary"') IS 1 DESC, e.key LIMIT 1)`;
  } else {
    expression = `json_extract(r.doc, '${jsonPathOf(resolved.canonicalPath)}')`;
  }
  return caseExact ? expression : `scim_fold(${expression})`;
}

function jsonPathOf(names: readonly string[]): string {
  return '$' + names.map((name) => `."${name}"`).join('');
}
