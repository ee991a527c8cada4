/** Sends SCIM requests to an engine in-process, the way the HTTP listener hands them over, and a clock tests move by hand. */
import { expect } from 'vitest';
import type { Clock } from '../../src/main/engine/clock.ts';
import type { Engine } from '../../src/main/engine/engine.ts';
import type { ScimResponse } from '../../src/main/engine/scim/context.ts';
import { GROUP_SCHEMA, USER_SCHEMA } from '../helpers/scim-bodies.ts';

/** A clock that stays at one instant until the test moves it. */
export interface ManualClock extends Clock {
  set(iso: string): void;
  advance(milliseconds: number): void;
}

/** Creates a clock standing at `iso`. */
export function createManualClock(iso: string): ManualClock {
  let current = Date.parse(iso);
  return {
    now: () => new Date(current),
    set: (value) => {
      current = Date.parse(value);
    },
    advance: (milliseconds) => {
      current += milliseconds;
    },
  };
}

/** Sends one SCIM request with `Authorization: Bearer <token>` (none when token is null) and returns the engine's response. */
export function sendScim(
  engine: Engine,
  token: string | null,
  method: string,
  pathWithQuery: string,
  body?: unknown,
  headers: Record<string, string> = {},
): ScimResponse {
  const url = new URL(pathWithQuery, 'http://127.0.0.1/');
  let text: string | undefined;
  if (typeof body === 'string') {
    text = body;
  } else if (body !== undefined) {
    text = JSON.stringify(body);
  }
  return engine.handleScim({
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
      ...headers,
    },
    body: text,
    baseUrl: 'http://127.0.0.1:8417/scim/v2',
  });
}

/** POSTs a user or group with the connection's token, adding its core schema, and returns its id. The test fails unless it is created. */
export function createThroughScim(engine: Engine, token: string, path: '/Users' | '/Groups', body: Record<string, unknown>): string {
  const schema = path === '/Users' ? USER_SCHEMA : GROUP_SCHEMA;
  const response = sendScim(engine, token, 'POST', path, { schemas: [schema], ...body });
  expect(response.status, `POST ${path}`).toBe(201);
  return (response.body as { id: string }).id;
}
