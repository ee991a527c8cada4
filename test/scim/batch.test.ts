/**
 * Requests handled together in one transaction (ScimService.handleBatch, used by the
 * HTTP server for requests that arrive in the same turn of the event loop).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { verifyChain } from '../../src/main/engine/audit/chain.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import type { ScimRequest } from '../../src/main/engine/scim/context.ts';
import { startScimHarness, type ScimHarness } from '../helpers/scim-harness.ts';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

let engine: Engine;
let token: string;
let connectionId: string;

function request(method: string, pathWithQuery: string, body?: unknown, authorization = `Bearer ${token}`): ScimRequest {
  const [path, query = ''] = pathWithQuery.split('?');
  return {
    method,
    path: path!,
    query: new URLSearchParams(query),
    rawQuery: query,
    headers: { authorization, 'content-type': 'application/scim+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    bodyTooLarge: false,
    baseUrl: 'http://127.0.0.1/scim/v2',
  };
}

function createUser(userName: string): ScimRequest {
  return request('POST', '/Users', { schemas: [CORE_USER], userName, active: true });
}

function userNames(): string[] {
  return engine.db.prepare('SELECT user_name FROM users ORDER BY user_name').pluck().all() as string[];
}

function eventPaths(): { method: string; path: string; status: number }[] {
  return engine.db.prepare('SELECT method, path, status FROM events WHERE kind = ? ORDER BY id').all('scim.request') as {
    method: string;
    path: string;
    status: number;
  }[];
}

beforeEach(() => {
  engine = Engine.openInMemory();
  const created = engine.createConnection('okta', 'Okta', 'test');
  token = created.token;
  connectionId = created.connection.id;
});

afterEach(() => {
  engine.close();
});

describe('ScimService.handleBatch', () => {
  it('answers each request in order', () => {
    const responses = engine['scim'].handleBatch([
      createUser('ada@example.com'),
      request('GET', '/Users?filter=userName eq "ada@example.com"'),
      createUser('ada@example.com'),
      createUser('bo@example.com'),
    ]);

    expect(responses.map((response) => response.status)).toEqual([201, 200, 409, 201]);
    expect((responses[1]!.body as { totalResults: number }).totalResults).toBe(1);
    expect(userNames()).toEqual(['ada@example.com', 'bo@example.com']);
  });

  it('logs one event per request in request order', () => {
    engine['scim'].handleBatch([
      createUser('ada@example.com'),
      request('GET', '/Users'),
      createUser('ada@example.com'),
      request('GET', '/Users', undefined, 'Bearer wrong-token'),
    ]);

    expect(eventPaths()).toEqual([
      { method: 'POST', path: '/Users', status: 201 },
      { method: 'GET', path: '/Users', status: 200 },
      { method: 'POST', path: '/Users', status: 409 },
      { method: 'GET', path: '/Users', status: 401 },
    ]);
    expect(verifyChain(engine.db).ok).toBe(true);
  });

  it('counts requests and failures of the connection', () => {
    engine['scim'].handleBatch([createUser('ada@example.com'), createUser('ada@example.com'), request('GET', '/Users')]);

    const connection = engine.connections.get(connectionId);
    expect(connection.requestCount).toBe(3);
    expect(connection.errorCount).toBe(1);
    expect(connection.lastRequestSummary).toBe('GET /Users answered 200 with 1 result');
  });

  it('keeps nothing when the commit fails', () => {
    engine.db.exec(`CREATE TEMP TRIGGER refuse_bo BEFORE INSERT ON events WHEN NEW.summary LIKE '%bo@example.com%'
      BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END`);

    const responses = engine['scim'].handleBatch([createUser('ada@example.com'), createUser('bo@example.com')]);

    expect(responses.map((response) => response.status)).toEqual([500, 500]);
    expect(userNames()).toEqual([]);
    expect(eventPaths()).toEqual([]);
  });

  it('handles a batch of reads without a transaction', () => {
    engine['scim'].handleBatch([createUser('ada@example.com')]);
    const responses = engine['scim'].handleBatch([request('GET', '/Users'), request('GET', '/Groups')]);

    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    engine['scim'].flushReadEvents();
    expect(eventPaths()).toHaveLength(3);
  });

  it('queues read events across batches', () => {
    const scim = engine['scim'];
    for (const path of ['/Users', '/Groups', '/Users?count=1']) {
      scim.handleBatch([request('GET', path), request('GET', `${path}${path.includes('?') ? '&' : '?'}startIndex=2`)]);
    }

    // Six events waiting means that no batch wrote the previous one's events a few at a time.
    expect(scim['pendingEvents']).toHaveLength(6);
    scim.flushReadEvents();
    expect(eventPaths().map((event) => event.path)).toEqual([
      '/Users',
      '/Users?startIndex=2',
      '/Groups',
      '/Groups?startIndex=2',
      '/Users?count=1',
      '/Users?count=1&startIndex=2',
    ]);
  });
});

describe('concurrent writes over HTTP', () => {
  let harness: ScimHarness;

  beforeEach(async () => {
    harness = await startScimHarness('okta');
  });

  afterEach(async () => {
    await harness.close();
  });

  it('creates every user and logs every request', async () => {
    const userNamesSent = Array.from({ length: 24 }, (_, index) => `user${index}@example.com`);

    const replies = await Promise.all(
      userNamesSent.map((userName) => harness.scim('POST', '/Users', { schemas: [CORE_USER], userName, active: true })),
    );

    expect(replies.map((reply) => reply.status)).toEqual(userNamesSent.map(() => 201));
    const stored = harness.engine.db.prepare('SELECT COUNT(*) FROM users').pluck().get();
    expect(stored).toBe(userNamesSent.length);
    const logged = harness.engine.db.prepare("SELECT COUNT(*) FROM events WHERE kind = 'scim.request' AND method = 'POST'").pluck().get();
    expect(logged).toBe(userNamesSent.length);
    expect(verifyChain(harness.engine.db).ok).toBe(true);
  });
});
