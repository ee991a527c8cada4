/** The SCIM listener when handling a request fails before the engine returns a response. */
import { afterEach, describe, expect, it } from 'vitest';

import type { Engine } from '../../src/main/engine/engine.ts';
import { startScimServer, type ScimServer } from '../../src/main/http/scim-server.ts';

let server: ScimServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('startScimServer', () => {
  it('answers 500 when the engine rejects', async () => {
    // Only the failure is simulated: the listener, its HTTP handling and the error body are real.
    const failingEngine = { handleScimBatched: () => Promise.reject(new Error('the database is closed')) } as unknown as Engine;
    server = await startScimServer(failingEngine, { host: '127.0.0.1', port: 0 });

    const response = await fetch(`${server.baseUrl}/Users`);
    const body = (await response.json()) as { status: string; detail: string; schemas: string[] };

    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    expect(body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    expect(body.status).toBe('500');
    expect(body.detail).toBe('The server failed to handle the request; it was not applied. The error is in the ScimDesk log.');
  });
});
