/**
 * Minimal in-memory SCIM server for replay tests. It listens on 127.0.0.1 only, records every
 * request, and responds like a conforming service provider: 201 with an id for creates, a
 * ListResponse for lists, 204 for group PATCH and DELETE.
 */

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Base path under which the fake server serves SCIM. */
export const SCIM_BASE_PATH = '/scim/v2';

/** Token the fake server accepts on SCIM requests. */
export const TEST_TOKEN = 'test-token-not-secret';

/** Token the fake OAuth endpoint issues; SCIM requests may use it instead of TEST_TOKEN. */
export const ISSUED_TOKEN = 'issued-token-not-secret';

/** Client credentials the fake OAuth endpoint accepts. */
export const CLIENT_ID = 'replay-client';
export const CLIENT_SECRET = 'replay-secret';

/** One request as the fake server received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query as received, including SCIM_BASE_PATH. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Resource = Record<string, unknown> & { id: string };

/** Handle on a running fake server. */
export interface FakeScimServer {
  /** Origin such as `http://127.0.0.1:40123`. */
  origin: string;
  /** SCIM base URL: origin plus SCIM_BASE_PATH. */
  baseUrl: string;
  requests: RecordedRequest[];
  users: Map<string, Resource>;
  groups: Map<string, Resource>;
  /** Status to return instead of the normal response, keyed by `METHOD /Resource` such as `POST /Groups`. */
  forcedStatus: Map<string, number>;
  /** Clears resources, recorded requests and forced statuses. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts a fake SCIM server on 127.0.0.1 on a free port. */
export async function startFakeScimServer(): Promise<FakeScimServer> {
  const requests: RecordedRequest[] = [];
  const users = new Map<string, Resource>();
  const groups = new Map<string, Resource>();
  const forcedStatus = new Map<string, number>();

  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const recorded = { method: incoming.method ?? '', url: incoming.url ?? '', headers: incoming.headers, body };
      requests.push(recorded);
      handle(recorded, response, { users, groups, forcedStatus });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    baseUrl: `${origin}${SCIM_BASE_PATH}`,
    requests,
    users,
    groups,
    forcedStatus,
    reset() {
      requests.length = 0;
      users.clear();
      groups.clear();
      forcedStatus.clear();
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

interface Store {
  users: Map<string, Resource>;
  groups: Map<string, Resource>;
  forcedStatus: Map<string, number>;
}

function handle(request: RecordedRequest, response: ServerResponse, store: Store): void {
  const url = new URL(request.url, 'http://127.0.0.1');

  if (url.pathname === '/oauth/token' && request.method === 'POST') {
    const form = new URLSearchParams(request.body);
    const valid =
      form.get('grant_type') === 'client_credentials' &&
      form.get('client_id') === CLIENT_ID &&
      form.get('client_secret') === CLIENT_SECRET;
    if (!valid) return send(response, 401, { error: 'invalid_client' });
    return send(response, 200, { access_token: ISSUED_TOKEN, token_type: 'Bearer', expires_in: 3600 });
  }

  // Requests under /hang never get a response, for timeout tests.
  if (url.pathname.startsWith('/hang')) return;

  if (!url.pathname.startsWith(SCIM_BASE_PATH)) return sendError(response, 404, 'Not a SCIM path.');
  const authorization = request.headers.authorization;
  if (authorization !== `Bearer ${TEST_TOKEN}` && authorization !== `Bearer ${ISSUED_TOKEN}`) {
    return sendError(response, 401, 'Invalid bearer token.');
  }

  const [, resourceType, id] = url.pathname.slice(SCIM_BASE_PATH.length).split('/');
  const forced = store.forcedStatus.get(`${request.method} /${resourceType}`);
  if (forced !== undefined) return sendError(response, forced, 'Forced failure.');

  if (resourceType === 'ServiceProviderConfig' && request.method === 'GET') {
    return send(response, 200, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'] });
  }
  if (resourceType === 'Users') return handleResource(request, response, url, id, store.users, 'userName');
  if (resourceType === 'Groups') return handleResource(request, response, url, id, store.groups, 'displayName');
  return sendError(response, 404, `Unknown resource type ${resourceType ?? ''}.`);
}

function handleResource(
  request: RecordedRequest,
  response: ServerResponse,
  url: URL,
  id: string | undefined,
  resources: Map<string, Resource>,
  uniqueAttribute: string,
): void {
  const body = request.body === '' ? {} : (JSON.parse(request.body) as Record<string, unknown>);

  if (id === undefined) {
    if (request.method === 'GET') return send(response, 200, listResponse([...resources.values()], url));
    if (request.method !== 'POST') return sendError(response, 405, 'Method not allowed.');
    const duplicate = [...resources.values()].some((resource) => resource[uniqueAttribute] === body[uniqueAttribute]);
    if (duplicate) return sendError(response, 409, `${uniqueAttribute} is already taken.`);
    const created: Resource = { ...body, id: randomUUID() };
    resources.set(created.id, created);
    return send(response, 201, created);
  }

  const existing = resources.get(id);
  if (existing === undefined) return sendError(response, 404, `Resource ${id} not found.`);
  const isGroup = uniqueAttribute === 'displayName';
  switch (request.method) {
    case 'GET':
      return send(response, 200, existing);
    case 'PUT': {
      const replaced: Resource = { ...body, id };
      resources.set(id, replaced);
      return send(response, 200, replaced);
    }
    case 'PATCH':
      return isGroup ? send(response, 204) : send(response, 200, existing);
    case 'DELETE':
      resources.delete(id);
      return send(response, 204);
    default:
      return sendError(response, 405, 'Method not allowed.');
  }
}

function listResponse(resources: Resource[], url: URL): Record<string, unknown> {
  const filter = url.searchParams.get('filter');
  const match = filter === null ? null : /^(\w+) eq "(.*)"$/.exec(filter);
  const selected = match === null ? resources : resources.filter((resource) => resource[match[1] ?? ''] === match[2]);
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    totalResults: selected.length,
    startIndex: 1,
    itemsPerPage: selected.length,
    Resources: selected,
  };
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  response.writeHead(status, { 'Content-Type': 'application/scim+json' }).end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, detail: string): void {
  send(response, status, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail });
}
