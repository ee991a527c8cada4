/**
 * The health states a connection passes through as the wizard and the provider use it, with a
 * clock the test controls. The computation itself belongs to the health module.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { setConnectionDisabled } from '../../src/main/engine/connections/lifecycle.ts';
import { computeConnectionHealth } from '../../src/main/engine/health/health.ts';
import { MINUTE_MS, send, startConnectionHarness, type ConnectionHarness } from './harness.ts';

let harness: ConnectionHarness;
let connectionId: string;
let token: string;

beforeEach(async () => {
  harness = await startConnectionHarness();
  ({ connection: { id: connectionId }, token } = harness.engine.createConnection('entra', 'Entra', 'test'));
});

afterEach(async () => {
  await harness.close();
});

function health() {
  harness.flushReadEvents();
  return computeConnectionHealth(harness.engine, connectionId, harness.clock.now());
}

async function sendBadRequest(): Promise<void> {
  const reply = await send(`${harness.baseUrl}/Users`, 'POST', '{not json', { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' });
  expect(reply.status).toBe(400);
}

describe('connection health', () => {
  it('waits for the first request', () => {
    expect(health().state).toBe('waiting');
  });

  it('turns healthy after a request that succeeded', async () => {
    await harness.getUsers(`Bearer ${token}`);

    expect(health().state).toBe('healthy');
  });

  it("turns silent after Entra ID's 40-minute cycle", async () => {
    await harness.getUsers(`Bearer ${token}`);
    harness.flushReadEvents();

    harness.clock.advance(40 * MINUTE_MS);
    expect(health().state).toBe('healthy');
    harness.clock.advance(MINUTE_MS);
    expect(health().state).toBe('silent');
  });

  it('turns failing after five failures', async () => {
    await harness.getUsers(`Bearer ${token}`);

    for (let attempt = 0; attempt < 5; attempt += 1) {
      await sendBadRequest();
    }

    const current = health();
    expect(current.state).toBe('failing');
    expect(current.commonError?.status).toBe(400);
    expect(current.commonError?.count).toBe(5);
  });

  it('turns healthy again once a request succeeds', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await sendBadRequest();
    }

    await harness.getUsers(`Bearer ${token}`);

    expect(health().state).toBe('healthy');
  });

  it('reports a disabled connection', () => {
    setConnectionDisabled(harness.engine, connectionId, true, 'test');

    expect(health().state).toBe('disabled');
  });
});
