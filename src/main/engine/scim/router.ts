import { MethodNotAllowedError, ScimError } from './errors.ts';
import { handleDiscovery } from './discovery.ts';
import { parametersFromQuery, parametersFromSearchBody, readListQuery, type ListParameters, type ListQuery } from './list.ts';
import { LIST_RESPONSE_SCHEMA } from './schema/urns.ts';
import type { ResourceTypeName } from './schema/types.ts';
import type { RequestContext, ScimResponse } from './context.ts';
import type { GroupsEndpoint } from './resources/groups.ts';
import type { UsersEndpoint } from './resources/users.ts';

/** The resource endpoints a router dispatches to. */
export interface Endpoints {
  users: UsersEndpoint;
  groups: GroupsEndpoint;
}

/**
 * Dispatches one authenticated request by path and method (RFC 7644 §3.2).
 * Discovery endpoints are GET only; `/Me` is 501 because ScimDesk has no
 * notion of the calling subject; any other path is a SCIM 404.
 */
export function routeScimRequest(ctx: RequestContext, endpoints: Endpoints): ScimResponse {
  const { method } = ctx.request;
  const segments = ctx.request.path.split('/').filter((segment) => segment !== '').map(decodePathSegment);

  const discovery = handleDiscovery(method, segments, ctx.request.baseUrl);
  if (discovery) {
    return discovery;
  }

  const [first, second, ...rest] = segments;
  const endpointName = first?.toLowerCase();
  if (rest.length > 0) {
    throw new ScimError(404, undefined, `No SCIM endpoint at ${ctx.request.path}.`);
  }
  if (endpointName === 'me') {
    throw new ScimError(501, undefined, '/Me is not supported: ScimDesk does not map a token to a user.');
  }
  if (endpointName === '.search' && second === undefined) {
    requireMethod(method, ['POST'], '/.search');
    return searchAll(ctx, endpoints);
  }

  const endpoint = endpointFor(endpointName, endpoints);
  if (!endpoint) {
    throw new ScimError(404, undefined, `No SCIM endpoint at ${ctx.request.path}.`);
  }
  const label = endpoint === endpoints.users ? '/Users' : '/Groups';
  const resourceType = endpoint === endpoints.users ? 'User' : 'Group';

  if (second === undefined) {
    requireMethod(method, ['GET', 'POST'], label);
    return method === 'GET'
      ? endpoint.list(ctx, listQuery(ctx, resourceType, parametersFromQuery(ctx.request.query)))
      : endpoint.create(ctx);
  }
  if (second === '.search') {
    requireMethod(method, ['POST'], `${label}/.search`);
    return endpoint.list(ctx, listQuery(ctx, resourceType, parametersFromSearchBody(ctx.json)));
  }

  requireMethod(method, ['GET', 'PUT', 'PATCH', 'DELETE'], `${label}/{id}`);
  switch (method) {
    case 'GET':
      return endpoint.get(ctx, second);
    case 'PUT':
      return endpoint.replace(ctx, second);
    case 'PATCH':
      return endpoint.patch(ctx, second);
    default:
      return endpoint.delete(ctx, second);
  }
}

function endpointFor(name: string | undefined, endpoints: Endpoints): UsersEndpoint | GroupsEndpoint | undefined {
  if (name === 'users') {
    return endpoints.users;
  }
  if (name === 'groups') {
    return endpoints.groups;
  }
  return undefined;
}

function requireMethod(method: string, allowed: string[], label: string): void {
  if (!allowed.includes(method)) {
    throw new MethodNotAllowedError(allowed, `${label} does not accept ${method}; use ${allowed.join(' or ')}.`);
  }
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ScimError(400, 'invalidSyntax', `The path segment "${segment}" is not valid percent-encoding.`);
  }
}

/**
 * Runs a search at the root (RFC 7644 §3.4.3): users first, then groups, paged
 * as one list. The filter must make sense for both types.
 */
function searchAll(ctx: RequestContext, endpoints: Endpoints): ScimResponse {
  const parameters = parametersFromSearchBody(ctx.json);
  const userQuery = listQuery(ctx, 'User', parameters);
  const groupQuery = listQuery(ctx, 'Group', parameters);

  const usersTotal = endpoints.users.list(ctx, { ...userQuery, count: 0 }).body as { totalResults: number };
  const offset = userQuery.startIndex - 1;
  const users = endpoints.users.list(ctx, { ...userQuery, count: Math.max(0, Math.min(userQuery.count, usersTotal.totalResults - offset)) });
  const userPage = (users.body as { Resources: unknown[] }).Resources;

  const groupOffset = Math.max(0, offset - usersTotal.totalResults);
  const groupCount = userQuery.count - userPage.length;
  const groups = endpoints.groups.list(ctx, { ...groupQuery, startIndex: groupOffset + 1, count: groupCount });
  const groupBody = groups.body as { totalResults: number; Resources: unknown[] };

  const resources = [...userPage, ...groupBody.Resources];
  return {
    status: 200,
    headers: {},
    body: {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: usersTotal.totalResults + groupBody.totalResults,
      startIndex: userQuery.startIndex,
      itemsPerPage: resources.length,
      Resources: resources,
    },
  };
}

/**
 * Reads a list query and notes each filter path that counts as absent, so that the event shows
 * an admin why a filter such as `favoriteColor eq "blue"` matched nothing.
 */
function listQuery(ctx: RequestContext, resourceType: ResourceTypeName, parameters: ListParameters): ListQuery {
  const query = readListQuery(resourceType, parameters);
  for (const path of query.where?.absentPaths ?? []) {
    ctx.notes.push(`The filter names "${path}", which ${resourceType} resources do not have or never return, so it was read as absent: comparisons on it are false.`);
  }
  return query;
}
