import type { Change } from '../../../shared/api.ts';
import { recomputeAccess } from '../access/recompute.ts';
import type { Clock } from '../clock.ts';
import { nowIso } from '../clock.ts';
import { authenticateBasic, parseBasicCredentials } from '../connections/basic-credentials.ts';
import type { ConnectionRecord, ConnectionStore } from '../connections/connections.ts';
import { SIMULATOR_CREDENTIAL } from '../connections/tokens.ts';
import type { EventLog, NewEvent } from '../events/log.ts';
import { redactBody, redactFilter, redactHeaders, redactPath } from '../events/redact.ts';
import { createLogger } from '../log/logger.ts';
import { setQueuedWriter, type Db } from '../store/database.ts';
import { bodyText, scimResponse, type RequestContext, type ScimRequest, type ScimResponse } from './context.ts';
import { handleBulk } from './bulk.ts';
import { MAX_PAYLOAD_BYTES } from './discovery.ts';
import { MethodNotAllowedError, ScimError, toErrorResponse } from './errors.ts';
import { GroupRepository } from './resources/group-repository.ts';
import { GroupsEndpoint } from './resources/groups.ts';
import { UserRepository } from './resources/user-repository.ts';
import { UsersEndpoint } from './resources/users.ts';
import { routeScimRequest, type Endpoints } from './router.ts';
import type { Normalizations } from './values.ts';
import { findJsonSyntaxError } from './json-syntax.ts';

const log = createLogger('scim');

/** Maximum time the event of a read-only request waits before it is written, in milliseconds. */
const READ_EVENT_DELAY_MS = 20;
/** Queued read events that trigger an immediate write. */
const MAX_PENDING_READ_EVENTS = 256;

/** Deepest JSON nesting accepted in a request body. */
export const MAX_JSON_DEPTH = 32;
/** Request and response bodies larger than this (serialized) are summarized in events. */
const MAX_EVENT_BODY_CHARS = 16_384;
const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** The event of a request, waiting to be written with others (see `runRead` and `handleBatch`). */
interface PendingEvent {
  event: NewEvent;
  at: string;
  /** The authenticated connection, whose counters the request adds to, or null when authentication failed. */
  connectionId: string | null;
  summary: string;
  failed: boolean;
  /** True for the built-in simulator's requests, which do not count as the provider's (see writePendingEvents). */
  fromSimulator: boolean;
}

/**
 * The SCIM service provider: authenticates each request, runs it in one
 * transaction together with the access recomputation and its sync event, and
 * turns failures into ErrorResponses. A rejected request changes nothing but is
 * still recorded as an event.
 */
export class ScimService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly connections: ConnectionStore;
  private readonly events: EventLog;
  private readonly endpoints: Endpoints;
  private readonly pendingEvents: PendingEvent[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  /** True while a request or a flush runs, when queued read events must stay queued. */
  private busy = false;
  /** True while a batch runs. Its events are announced once the batch has committed. */
  private inBatch = false;

  constructor(db: Db, clock: Clock, connections: ConnectionStore, events: EventLog) {
    this.db = db;
    this.clock = clock;
    this.connections = connections;
    this.events = events;
    this.endpoints = {
      users: new UsersEndpoint(new UserRepository(db)),
      groups: new GroupsEndpoint(new GroupRepository(db)),
    };
    events.setQueueFlusher(() => this.flushReadEvents());
    setQueuedWriter(db, () => {
      if (!this.busy) {
        this.flushReadEvents();
      }
    });
  }

  /** Handles one SCIM request and returns the response; never throws. */
  handle(request: ScimRequest): ScimResponse {
    const wasBusy = this.busy;
    this.busy = true;
    try {
      return this.handleRequest(request);
    } finally {
      this.busy = wasBusy;
    }
  }

  /**
   * Handles requests that arrived together inside one transaction, so that they share
   * one commit. A commit writes every page its transaction changed, and requests made
   * together change the same last pages of the event log and its indexes, so a shared
   * commit writes far fewer pages. Each write still runs in a savepoint of its own,
   * so one that fails leaves the others as they are. Listeners hear of the events
   * after the commit. If the commit itself fails, every request of the batch gets a
   * 500 and none of its changes is kept. Returns the responses in request order.
   */
  handleBatch(requests: readonly ScimRequest[]): ScimResponse[] {
    // Busy from the start: otherwise the token check's statement would write the events of
    // the previous batch's reads, a few at a time, instead of letting them gather.
    const wasBusy = this.busy;
    this.busy = true;
    try {
      return this.connections.withTokenCacheChecked(() => this.handleBatchInOrder(requests));
    } finally {
      this.busy = wasBusy;
    }
  }

  private handleBatchInOrder(requests: readonly ScimRequest[]): ScimResponse[] {
    if (requests.length === 1 || !requests.some((request) => !isReadOnly(request))) {
      return requests.map((request) => this.handle(request));
    }
    this.inBatch = true;
    let responses: ScimResponse[];
    try {
      responses = this.db.transaction(() => {
        const handled = requests.map((request) => this.handle(request));
        this.writePendingEvents();
        return handled;
      }).immediate();
    } catch (error) {
      // Events still queued belonged to the rolled-back transaction.
      const lostEvents = this.pendingEvents.splice(0).length;
      log.error({ err: error, requests: requests.length, lostEvents }, 'committing a batch of SCIM requests failed, so none of its changes was kept');
      const failure = new ScimError(500, undefined, 'The server could not save the request, so it was not applied. The error is in the ScimDesk log.');
      responses = requests.map(() => scimResponse(500, toErrorResponse(failure), { 'Content-Type': SCIM_CONTENT_TYPE }));
    } finally {
      this.inBatch = false;
    }
    this.events.announce();
    return responses;
  }

  private handleRequest(request: ScimRequest): ScimResponse {
    const started = performance.now();
    const notes: Normalizations = [];
    let caller: Caller | undefined;
    let response: ScimResponse;
    let json: unknown;

    try {
      caller = this.authenticate(request);
      json = parseBody(request);
      if (isReadOnly(request)) {
        response = this.runRead(request, caller, json, notes, started);
      } else {
        response = isBulkPath(request.path)
          ? this.runBulk(request, caller, json)
          : this.runInTransaction(request, caller, json, notes, started);
      }
    } catch (error) {
      response = this.toFailure(error, request);
      // A revoked or expired token still identifies the connection that issued it, so the rejection counts towards that connection.
      if (caller === undefined && error instanceof RejectedCredentialsError && error.connection !== undefined) {
        caller = { connection: error.connection, fromSimulator: false };
      }
      this.recordFailure(request, caller, json, response, notes, started);
    }

    if (this.pendingEvents.length === 0 && !this.inBatch) {
      this.events.announce();
    }
    response.headers['Content-Type'] ??= SCIM_CONTENT_TYPE;
    return response;
  }

  /**
   * Finds the connection of a request by its bearer token (a static token or one the OAuth token
   * endpoint issued) or by its HTTP Basic credentials (RFC 7617).
   */
  private authenticate(request: ScimRequest): Caller {
    const header = request.headers.authorization ?? '';
    const basic = /^Basic\s+(\S+)\s*$/i.exec(header);
    const credentials = basic ? parseBasicCredentials(basic[1]!) : undefined;
    if (credentials) {
      const stores = { db: this.db, clock: this.clock, connections: this.connections };
      const result = authenticateBasic(stores, credentials.username, credentials.password);
      if (!result || !('connection' in result)) {
        const message = 'The Basic credentials are not valid: the user name or password is wrong, they were revoked, or the connection is disabled.';
        throw new RejectedCredentialsError(message, result?.owner);
      }
      return { connection: result.connection, fromSimulator: false };
    }

    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new ScimError(401, undefined, 'Authentication required: send "Authorization: Bearer <token>" with the token of your ScimDesk connection.');
    }
    const authenticated = this.connections.authenticateToken(match[1]!);
    if (!authenticated) {
      const owner = this.connections.connectionOfRejectedToken(match[1]!);
      throw new RejectedCredentialsError('The bearer token is not valid: it is unknown, revoked or expired, or its connection is disabled.', owner);
    }
    return { connection: authenticated.connection, fromSimulator: authenticated.kind === 'simulator' };
  }

  /** Runs each Bulk operation as a request of its own, with the connection already authenticated. */
  private runBulk(request: ScimRequest, caller: Caller, json: unknown): ScimResponse {
    if (request.method !== 'POST') {
      throw new MethodNotAllowedError(['POST'], `/Bulk accepts only POST, not ${request.method}.`);
    }
    return handleBulk(request, json, (operation) => {
      const notes: Normalizations = [];
      const started = performance.now();
      const operationJson = parseBody(operation);
      try {
        return this.runInTransaction(operation, caller, operationJson, notes, started);
      } catch (error) {
        const failure = this.toFailure(error, operation);
        this.recordFailure(operation, caller, operationJson, failure, notes, started);
        return failure;
      }
    });
  }

  /**
   * Runs a read-only request outside any write transaction and queues its event.
   * Queued events are written together in one transaction: within READ_EVENT_DELAY_MS,
   * before the next write request, or before anything reads the store. A read changes
   * nothing, so a crash in between loses only the record of reads.
   */
  private runRead(request: ScimRequest, caller: Caller, json: unknown, notes: Normalizations, started: number): ScimResponse {
    const ctx = newContext(request, caller, json, notes, nowIso(this.clock));
    const connection = caller.connection;
    const response = routeScimRequest(ctx, this.endpoints);
    const summary = summarize(request, response, []);
    const event = requestEvent(ctx, response, summary, started);
    this.pendingEvents.push({ event, at: ctx.now, connectionId: connection.id, summary, failed: false, fromSimulator: ctx.fromSimulator });
    if (this.inBatch) {
      return response;
    }
    if (this.pendingEvents.length >= MAX_PENDING_READ_EVENTS) {
      this.flushReadEvents();
    } else {
      this.flushTimer ??= setTimeout(() => this.flushReadEvents(), READ_EVENT_DELAY_MS);
    }
    return response;
  }

  /** Writes the queued events (of read-only requests, outside a batch) in one transaction and announces them. */
  flushReadEvents(): void {
    if (this.flushTimer !== undefined) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.pendingEvents.length === 0) {
      return;
    }
    const count = this.pendingEvents.length;
    const wasBusy = this.busy;
    this.busy = true;
    try {
      this.db.transaction(() => this.writePendingEvents()).immediate();
    } catch (error) {
      log.error({ err: error, count }, 'could not record the events of read-only SCIM requests');
    } finally {
      this.busy = wasBusy;
    }
    if (!this.inBatch) {
      this.events.announce();
    }
  }

  /**
   * Appends the queued events in order and adds their requests to each connection's counters once.
   * The simulator's requests are logged but not counted: the counters and the time of the last
   * request are what health reads, and they must show whether the provider itself reached ScimDesk.
   */
  private writePendingEvents(): void {
    const pending = this.pendingEvents.splice(0);
    if (pending.length === 0) {
      return;
    }
    this.events.appendAll(pending);
    const totals = new Map<string, { requests: number; failures: number; latest: PendingEvent }>();
    for (const entry of pending) {
      if (entry.connectionId === null || entry.fromSimulator) {
        continue;
      }
      const total = totals.get(entry.connectionId) ?? { requests: 0, failures: 0, latest: entry };
      total.requests++;
      total.failures += entry.failed ? 1 : 0;
      total.latest = entry;
      totals.set(entry.connectionId, total);
    }
    for (const [connectionId, { requests, failures, latest }] of totals) {
      this.connections.recordRequests(connectionId, requests, failures, latest.summary, latest.at);
    }
  }

  private runInTransaction(
    request: ScimRequest,
    caller: Caller,
    json: unknown,
    notes: Normalizations,
    started: number,
  ): ScimResponse {
    const connection = caller.connection;
    const run = this.db.transaction(() => {
      const ctx = newContext(request, caller, json, notes, nowIso(this.clock));
      const response = routeScimRequest(ctx, this.endpoints);
      ctx.changes.push(...recomputeAccess(this.db, ctx.affectedUsers, ctx.now));

      const summary = summarize(request, response, ctx.changes);
      // Queued behind the events of earlier reads. A batch appends them all before its commit,
      // so the change and its event still commit together.
      this.pendingEvents.push({
        event: requestEvent(ctx, response, summary, started),
        at: ctx.now,
        connectionId: connection.id,
        summary,
        failed: false,
        fromSimulator: ctx.fromSimulator,
      });
      if (!this.inBatch) {
        this.writePendingEvents();
      }
      return response;
    });
    return run.immediate();
  }

  private toFailure(error: unknown, request: ScimRequest): ScimResponse {
    if (error instanceof ScimError) {
      const headers: Record<string, string> = {};
      if (error.status === 401) {
        // A Basic attempt gets the Basic challenge (RFC 7617 §2), anything else the Bearer one (RFC 6750 §3).
        const triedBasic = /^Basic\s/i.test(request.headers.authorization ?? '');
        headers['WWW-Authenticate'] = triedBasic ? 'Basic realm="ScimDesk", charset="UTF-8"' : 'Bearer realm="ScimDesk"';
      }
      if (error instanceof MethodNotAllowedError) {
        headers.Allow = error.allowed.join(', ');
      }
      log.debug({ method: request.method, path: request.path, status: error.status }, error.message);
      return scimResponse(error.status, toErrorResponse(error), headers);
    }
    log.error({ err: error, method: request.method, path: request.path }, 'SCIM request failed');
    return scimResponse(500, toErrorResponse(new ScimError(500, undefined, 'The server failed to handle the request; it was not applied. The error is in the ScimDesk log.')));
  }

  private recordFailure(
    request: ScimRequest,
    caller: Caller | undefined,
    json: unknown,
    response: ScimResponse,
    notes: Normalizations,
    started: number,
  ): void {
    const summary = summarize(request, response, []);
    const now = nowIso(this.clock);
    const connectionId = caller?.connection.id ?? null;
    const event = scimEvent(request, connectionId, json, response, { summary, changes: [], notes, started, fromSimulator: caller?.fromSimulator ?? false });
    this.pendingEvents.push({ event, at: now, connectionId, summary, failed: true, fromSimulator: caller?.fromSimulator ?? false });
    if (this.inBatch) {
      return;
    }
    try {
      this.db.transaction(() => this.writePendingEvents()).immediate();
    } catch (error) {
      log.error({ err: error }, 'could not record the event of a failed SCIM request');
    }
  }
}

/** True for requests that only read: GET, and POST searches (RFC 7644 §3.4.3). */
function isReadOnly(request: ScimRequest): boolean {
  if (isBulkPath(request.path)) {
    return false;
  }
  return request.method === 'GET' || (request.method === 'POST' && /\/\.search\/?$/i.test(request.path));
}

function newContext(request: ScimRequest, caller: Caller, json: unknown, notes: Normalizations, now: string): RequestContext {
  return { request, connection: caller.connection, fromSimulator: caller.fromSimulator, now, json, notes, changes: [], affectedUsers: new Set() };
}

/** Builds the sync event of a request that reached its endpoint. */
function requestEvent(ctx: RequestContext, response: ScimResponse, summary: string, started: number): NewEvent {
  return scimEvent(ctx.request, ctx.connection.id, ctx.json, response, {
    summary,
    changes: ctx.changes,
    notes: ctx.notes,
    started,
    fromSimulator: ctx.fromSimulator,
  });
}

/** Builds the sync event of a SCIM request from its request, parsed body and response. */
function scimEvent(
  request: ScimRequest,
  connectionId: string | null,
  json: unknown,
  response: ScimResponse,
  outcome: { summary: string; changes: Change[]; notes: Normalizations; started: number; fromSimulator: boolean },
): NewEvent {
  const path = redactPath(pathWithQuery(request));
  return {
    kind: 'scim.request',
    connectionId,
    method: request.method,
    path,
    status: response.status,
    durationMs: performance.now() - outcome.started,
    summary: outcome.summary,
    changes: outcome.changes,
    // The simulator's requests are marked, so that the setup wizard does not take them for the provider's.
    extra: outcome.fromSimulator ? { normalizations: outcome.notes, credential: SIMULATOR_CREDENTIAL } : { normalizations: outcome.notes },
    payload: eventPayload(request, path, json, response),
  };
}

function isBulkPath(path: string): boolean {
  return /^\/bulk\/?$/i.test(path);
}

function parseBody(request: ScimRequest): unknown {
  if (request.bodyTooLarge) {
    // RFC 7644 §3.7.4 requires 413 past the advertised bulk.maxPayloadSize; Bulk requests also get scimType tooMany.
    throw new ScimError(413, isBulkPath(request.path) ? 'tooMany' : undefined, `The request body is larger than the limit of ${MAX_PAYLOAD_BYTES} bytes.`);
  }
  if (request.body === undefined || request.body.trim() === '') {
    if (['POST', 'PUT', 'PATCH'].includes(request.method)) {
      throw new ScimError(400, 'invalidSyntax', `${request.method} needs a JSON body.`);
    }
    return undefined;
  }
  const contentType = request.headers['content-type'];
  if (contentType !== undefined && !/^application\/(scim\+)?json\s*(;|$)/i.test(contentType)) {
    throw new ScimError(415, undefined, `Send the body as application/scim+json or application/json, not "${contentType}".`);
  }

  let json: unknown;
  try {
    json = JSON.parse(request.body);
  } catch {
    // JSON.parse's message quotes the text around the error, which may be a password, so it is not used.
    throw new ScimError(400, 'invalidSyntax', describeJsonSyntaxError(request.body));
  }
  if (depthOf(json, 0) > MAX_JSON_DEPTH) {
    throw new ScimError(400, 'invalidSyntax', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  return json;
}

/** A 401 for credentials that belonged to a connection, such as a revoked token, with that connection. */
/** The connection a request authenticated for, and whether the credential was the built-in simulator's. */
interface Caller {
  connection: ConnectionRecord;
  fromSimulator: boolean;
}

class RejectedCredentialsError extends ScimError {
  readonly connection: ConnectionRecord | undefined;

  constructor(detail: string, connection: ConnectionRecord | undefined) {
    super(401, undefined, detail);
    this.connection = connection;
  }
}

/** Describes where a body stops being JSON, without quoting any of it. */
function describeJsonSyntaxError(body: string): string {
  const error = findJsonSyntaxError(body);
  if (error === undefined) {
    return 'The request body is not valid JSON.';
  }
  if (error.endedEarly) {
    return `The request body is not valid JSON: it ends at line ${error.line}, column ${error.column}, before the JSON value is complete.`;
  }
  return `The request body is not valid JSON: unexpected character at line ${error.line}, column ${error.column} (offset ${error.offset}).`;
}

function depthOf(value: unknown, depth: number): number {
  if (depth > MAX_JSON_DEPTH || typeof value !== 'object' || value === null) {
    return depth;
  }
  let deepest = depth + 1;
  for (const inner of Object.values(value)) {
    deepest = Math.max(deepest, depthOf(inner, depth + 1));
    if (deepest > MAX_JSON_DEPTH) {
      break;
    }
  }
  return deepest;
}

function pathWithQuery(request: ScimRequest): string {
  const query = request.rawQuery ?? request.query.toString();
  return query === '' ? request.path : `${request.path}?${query}`;
}

function summarize(request: ScimRequest, response: ScimResponse, changes: Change[]): string {
  if (changes.length > 0) {
    const first = changes[0]!.text;
    const more = changes.length - 1;
    return more === 0 ? first : `${first} and ${more} more change${more === 1 ? '' : 's'}`;
  }
  const body = response.body as { totalResults?: number; itemsPerPage?: number; detail?: string } | undefined;
  const outcome = `${request.method} ${request.path} answered ${response.status}`;
  if (typeof body?.totalResults === 'number') {
    const total = `${body.totalResults} result${body.totalResults === 1 ? '' : 's'}`;
    const returned = body.itemsPerPage ?? body.totalResults;
    return returned === body.totalResults ? `${outcome} with ${total}` : `${outcome} with ${returned} of ${total}`;
  }
  if (response.status >= 400 && body?.detail) {
    return `${outcome}: ${body.detail}`;
  }
  return outcome;
}

/**
 * Returns the request and response of an event as the JSON text stored beside it (see `splitPayload`).
 * The response body is spliced in as the text the client receives, so it is serialized once.
 */
function eventPayload(request: ScimRequest, redactedPath: string, json: unknown, response: ScimResponse): string {
  const requestText = JSON.stringify({
    method: request.method,
    path: redactedPath,
    headers: redactHeaders(request.headers),
    // A body that did not parse is not stored, since its secrets cannot be found reliably.
    body: json === undefined ? unparsedBodyNote(request.body) : limitForEvent(redactBody(json)),
  });
  response.headers['Content-Type'] ??= SCIM_CONTENT_TYPE;
  const text = bodyText(response);
  let body = '';
  if (text !== undefined && response.status >= 400 && filterNamesSecret(request, json)) {
    // An error about such a filter may quote the part of it that contains the secret.
    body = `,"body":${JSON.stringify(`[${text.length} characters, not stored because the filter names a secret attribute]`)}`;
  } else if (text !== undefined) {
    body = `,"body":${text.length <= MAX_EVENT_BODY_CHARS ? text : JSON.stringify(notStoredNote(text))}`;
  }
  return `{"request":${requestText},"response":{"status":${response.status},"headers":${JSON.stringify(response.headers)}${body}}}`;
}

/** True when the request's filter, in its query or its search body, names a secret attribute such as `password`. */
function filterNamesSecret(request: ScimRequest, json: unknown): boolean {
  const bodyFilter = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).filter : undefined;
  const filters = [request.query.get('filter'), typeof bodyFilter === 'string' ? bodyFilter : null];
  return filters.some((filter) => filter !== null && redactFilter(filter) !== filter);
}

function unparsedBodyNote(body: string | undefined): string | undefined {
  return body === undefined || body === '' ? undefined : `[${body.length} characters that are not JSON, not stored]`;
}

function limitForEvent(value: unknown): unknown {
  if (value === undefined) {
    return undefined;
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length <= MAX_EVENT_BODY_CHARS ? value : notStoredNote(text);
}

function notStoredNote(text: string): string {
  return `[${text.length} characters, not stored]`;
}
