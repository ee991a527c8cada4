/**
 * An engine on an in-memory store with a clock the test moves, its SCIM endpoint on 127.0.0.1
 * with a free port, and small HTTP helpers for SCIM and token requests.
 */
import { request } from 'undici';
import type { Clock } from '../../src/main/engine/clock.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { startScimServer, type ScimServer } from '../../src/main/http/scim-server.ts';

/** A clock that does not move until the test advances it. */
export class TestClock implements Clock {
  private time: number;

  constructor(start = '2030-01-15T09:00:00.000Z') {
    this.time = Date.parse(start);
  }

  now(): Date {
    return new Date(this.time);
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

export interface Reply {
  status: number;
  headers: Record<string, string>;
  json: any;
}

export interface ConnectionHarness {
  engine: Engine;
  clock: TestClock;
  server: ScimServer;
  /** SCIM base URL, e.g. http://127.0.0.1:40123/scim/v2. */
  baseUrl: string;
  /** Origin of the listener, e.g. http://127.0.0.1:40123. */
  origin: string;
  /** Sends GET /Users with the given Authorization header value (none when undefined). */
  getUsers(authorization: string | undefined): Promise<Reply>;
  /**
   * Writes the queued events and counters of read-only requests, which the SCIM service
   * otherwise writes a few milliseconds after the response.
   */
  flushReadEvents(): void;
  /** Sends a form-encoded POST to /oauth/token with the given headers. */
  postToken(form: string, headers?: Record<string, string>): Promise<Reply>;
  close(): Promise<void>;
}

/** Opens the engine and starts its listener; close() stops both. */
export async function startConnectionHarness(): Promise<ConnectionHarness> {
  const clock = new TestClock();
  const engine = Engine.openInMemory({ clock });
  const server = await startScimServer(engine, { host: '127.0.0.1', port: 0 });
  const origin = new URL(server.baseUrl).origin;

  return {
    engine,
    clock,
    server,
    baseUrl: server.baseUrl,
    origin,
    getUsers: (authorization) => send(`${server.baseUrl}/Users`, 'GET', undefined, authorization === undefined ? {} : { authorization }),
    flushReadEvents: () => engine.events.announce(),
    postToken: (form, headers = {}) =>
      send(`${origin}/oauth/token`, 'POST', form, { 'content-type': 'application/x-www-form-urlencoded', ...headers }),
    close: async () => {
      await server.close();
      engine.close();
    },
  };
}

/** Sends one request and parses the JSON response. */
export async function send(url: string, method: 'GET' | 'POST', body: string | undefined, headers: Record<string, string>): Promise<Reply> {
  const response = await request(url, { method, headers, body });
  const text = await response.body.text();
  const replyHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) replyHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: response.statusCode, headers: replyHeaders, json: text === '' ? undefined : JSON.parse(text) };
}

/** Returns the value of an `Authorization: Basic` header for a user name and password (RFC 7617). */
export function basicHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
