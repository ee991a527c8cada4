import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine.ts';
import { computeConnectionHealth, PUSH_SILENCE_MINUTES, silenceThresholdMinutes } from '../../src/main/engine/health/health.ts';
import { createManualClock, sendScim, type ManualClock } from '../events/in-process.ts';

const START = '2025-03-03T09:00:00.000Z';
const MINUTE = 60_000;

describe('computeConnectionHealth', () => {
  let clock: ManualClock;
  let engine: Engine;

  beforeEach(() => {
    clock = createManualClock(START);
    engine = Engine.openInMemory({ clock });
  });

  afterEach(() => engine.close());

  it('reports waiting before the first request', () => {
    const { connection } = engine.createConnection('okta', 'Okta', 'test');

    const health = computeConnectionHealth(engine, connection.id, clock.now());

    expect(health.state).toBe('waiting');
    expect(health.reason).toContain('has not received a request from Okta yet');
    expect(health.silentMinutes).toBeNull();
  });

  it('reports healthy after a successful request', () => {
    const { connection, token } = engine.createConnection('entra', 'Entra ID', 'test');
    sendScim(engine, token, 'GET', '/Users?filter=userName eq "nobody"');
    clock.advance(5 * MINUTE);

    const health = computeConnectionHealth(engine, connection.id, clock.now());

    expect(health.state).toBe('healthy');
    expect(health.silentMinutes).toBe(5);
    expect(health.reason).toBe('The last request from Microsoft Entra ID came 5 minutes ago and succeeded.');
  });

  it("reports silent past the provider's cycle", () => {
    const { connection, token } = engine.createConnection('entra', 'Entra ID', 'test');
    sendScim(engine, token, 'GET', '/Users');

    clock.advance(40 * MINUTE);
    const atCycle = computeConnectionHealth(engine, connection.id, clock.now());
    clock.advance(MINUTE);
    const pastCycle = computeConnectionHealth(engine, connection.id, clock.now());

    expect(atCycle.state).toBe('healthy');
    expect(pastCycle.state).toBe('silent');
    expect(pastCycle.silenceThresholdMinutes).toBe(40);
    expect(pastCycle.reason).toContain('No request from Microsoft Entra ID for 41 minutes, longer than its usual cycle of 40 minutes.');
  });

  it('waits a day before calling a push provider silent', () => {
    const { connection, token } = engine.createConnection('okta', 'Okta', 'test');
    sendScim(engine, token, 'GET', '/Users');

    clock.advance(PUSH_SILENCE_MINUTES * MINUTE);
    const atThreshold = computeConnectionHealth(engine, connection.id, clock.now());
    clock.advance(MINUTE);
    const past = computeConnectionHealth(engine, connection.id, clock.now());

    expect(silenceThresholdMinutes('okta')).toBe(24 * 60);
    expect(atThreshold.state).toBe('healthy');
    expect(past.state).toBe('silent');
  });

  it('raises short provider cycles to the minimum threshold', () => {
    expect(silenceThresholdMinutes('pingfederate')).toBe(30);
    expect(silenceThresholdMinutes('google')).toBe(30);
  });

  it('skips simulator requests', () => {
    const { connection, token } = engine.createConnection('okta', 'Okta', 'test');
    sendScim(engine, token, 'GET', '/Users');
    const simulator = engine.connections.issueToken(connection.id, { kind: 'simulator', expiresAt: null });
    for (let attempt = 0; attempt < 6; attempt += 1) {
      sendScim(engine, simulator.token, 'POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] });
    }

    const health = computeConnectionHealth(engine, connection.id, clock.now());

    expect(health.state).toBe('healthy');
    expect(health.consecutiveFailures).toBe(0);
    expect(health.requestCount).toBe(1);
    expect(health.errorCount).toBe(0);
  });

  it('reports failing after five failed requests with the most common error', () => {
    const { connection, token } = engine.createConnection('okta', 'Okta', 'test');
    sendScim(engine, token, 'GET', '/Users');
    for (let attempt = 0; attempt < 4; attempt += 1) {
      sendScim(engine, token, 'POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] });
    }
    const afterFour = computeConnectionHealth(engine, connection.id, clock.now());
    sendScim(engine, token, 'GET', '/Groups/does-not-exist');

    const health = computeConnectionHealth(engine, connection.id, clock.now());

    expect(afterFour.state).toBe('healthy');
    expect(afterFour.reason).toMatch(/^The last 4 requests from Okta failed, the latest less than a minute ago\. The most common error \(4 of them\) is 400: /);
    expect(afterFour.reason).toContain('5 failures in a row mark the connection as failing.');
    expect(health.state).toBe('failing');
    expect(health.consecutiveFailures).toBe(5);
    expect(health.commonError?.status).toBe(400);
    expect(health.commonError?.count).toBe(4);
    expect(health.reason).toMatch(/^The last 5 requests from Okta failed\. The most common error \(4 of them\) is 400: /);
  });

  it('names the latest of errors that each occurred once', () => {
    const { connection, token } = engine.createConnection('okta', 'Okta', 'test');
    sendScim(engine, token, 'GET', '/Users');
    sendScim(engine, token, 'GET', '/Users/missing-user');
    sendScim(engine, token, 'POST', '/Users', '{broken');

    const health = computeConnectionHealth(engine, connection.id, clock.now());

    expect(health.reason).toContain('The latest error is 400: ');
    expect(health.reason).not.toContain('most common');
  });

  it('names a single failure after a success', () => {
    const { connection, token } = engine.createConnection('entra', 'Entra ID', 'test');
    const user = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' };
    sendScim(engine, token, 'POST', '/Users', user);
    sendScim(engine, token, 'POST', '/Users', user);

    const health = computeConnectionHealth(engine, connection.id, clock.now());

    expect(health.state).toBe('healthy');
    expect(health.reason).toMatch(/^The last request from Microsoft Entra ID came less than a minute ago and failed with 409: /);
    expect(health.reason).not.toContain('succeeded');
  });

  it('reports failing when every request of a new connection failed', () => {
    const { connection, token } = engine.createConnection('okta', 'Okta', 'test');
    sendScim(engine, token, 'POST', '/Users', '{not json');

    const health = computeConnectionHealth(engine, connection.id, clock.now());

    expect(health.state).toBe('failing');
    expect(health.consecutiveFailures).toBe(1);
  });

  it('turns healthy again after one successful request', () => {
    const { connection, token } = engine.createConnection('okta', 'Okta', 'test');
    for (let attempt = 0; attempt < 6; attempt += 1) {
      sendScim(engine, token, 'POST', '/Users', '{not json');
    }
    sendScim(engine, token, 'GET', '/Users');

    expect(computeConnectionHealth(engine, connection.id, clock.now()).state).toBe('healthy');
  });

  it('reports failing once every token is revoked', () => {
    const { connection, token } = engine.createConnection('okta', 'Okta', 'test');
    sendScim(engine, token, 'GET', '/Users');
    engine.db.prepare('UPDATE tokens SET revoked_at = ? WHERE connection_id = ?').run(START, connection.id);

    const health = computeConnectionHealth(engine, connection.id, clock.now());

    expect(health.state).toBe('failing');
    expect(health.reason).toMatch(/^The connection has no working token or other credential, so ScimDesk rejects every request from Okta\./);
  });

  it('counts requests with a revoked token towards its connection', () => {
    const { connection, token } = engine.createConnection('okta', 'Okta', 'test');
    sendScim(engine, token, 'GET', '/Users');
    engine.db.prepare('UPDATE tokens SET revoked_at = ? WHERE connection_id = ?').run(START, connection.id);

    const rejected = sendScim(engine, token, 'GET', '/Users');
    const unknown = sendScim(engine, 'scd_never-issued', 'GET', '/Users');

    expect(rejected.status).toBe(401);
    expect(unknown.status).toBe(401);
    const owners = engine.db.prepare('SELECT connection_id FROM events WHERE status = 401 ORDER BY id').pluck().all();
    expect(owners).toEqual([connection.id, null]);
    expect(computeConnectionHealth(engine, connection.id, clock.now()).consecutiveFailures).toBe(1);
  });

  it('reports disabled before anything else', () => {
    const { connection, token } = engine.createConnection('okta', 'Okta', 'test');
    sendScim(engine, token, 'GET', '/Users');
    engine.db.prepare('UPDATE connections SET disabled = 1 WHERE id = ?').run(connection.id);

    const health = computeConnectionHealth(engine, connection.id, clock.now());

    expect(health.state).toBe('disabled');
    expect(health.reason).toContain('Enable it to resume sync.');
  });

  it('throws not-found for an unknown connection', () => {
    expect(() => computeConnectionHealth(engine, 'nope', clock.now())).toThrow(/No connection has the id "nope"/);
  });
});
