/** The wizard's built-in simulator against a real listener, for every provider. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { Simulation } from '../../src/shared/api.ts';
import { PROVIDER_IDS } from '../../src/shared/providers/index.ts';
import { startConnectionSetup } from '../../src/main/engine/connections/lifecycle.ts';
import { listSetupRequests } from '../../src/main/engine/connections/setup-requests.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { computeConnectionHealth } from '../../src/main/engine/health/health.ts';
import { validateListenerSettings } from '../../src/main/engine/tls/listener-settings.ts';
import { ScimListener } from '../../src/main/http/scim-listener.ts';
import { SequenceSimulator } from '../../src/main/simulate/sequence-simulator.ts';
import { makeCertificates, type CertificateFiles } from './certificates.ts';
import { TestClock } from './harness.ts';

let engine: Engine;
let listener: ScimListener;
let simulator: SequenceSimulator;

async function runToEnd(connectionId: string): Promise<Simulation> {
  const started = simulator.start(connectionId, 'test');
  await expect.poll(() => simulator.get(started.id).state, { timeout: 20_000 }).not.toBe('running');
  return simulator.get(started.id);
}

function failedSteps(run: Simulation): string[] {
  return run.steps.filter((step) => !step.ok && step.skipped === null).map((step) => step.step);
}

describe('SequenceSimulator over HTTP', () => {
  beforeEach(async () => {
    engine = Engine.openInMemory({ clock: new TestClock(new Date().toISOString()) });
    const plain = validateListenerSettings({ host: '127.0.0.1', port: 0, certPath: null, keyPath: null, publicBaseUrl: null }, new Date());
    listener = await ScimListener.start(engine, plain);
    simulator = new SequenceSimulator(engine, () => listener.localTarget());
  });

  afterEach(async () => {
    await listener.close();
    engine.close();
  });

  for (const provider of PROVIDER_IDS) {
    it(`runs ${provider} without counting its requests`, async () => {
      const connection = startConnectionSetup(engine, provider, `${provider} test`, 'test');
      expect(computeConnectionHealth(engine, connection.id, engine.clock.now()).state).toBe('waiting');

      const run = await runToEnd(connection.id);

      expect(run.state).toBe('finished');
      expect(run.steps.map((step) => step.step)).toHaveLength(run.totalSteps);
      expect(failedSteps(run)).toEqual([]);
      const health = computeConnectionHealth(engine, connection.id, engine.clock.now());
      expect(health.state).toBe('waiting');
      expect(health.reason).toContain("The simulator's requests do not count.");
      expect(health.requestCount).toBe(0);
      expect(health.lastRequestAt).toBeNull();
      const requests = listSetupRequests(engine, connection.id, 0, 200).requests;
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.every((request) => request.stepName !== null)).toBe(true);
      expect(engine.db.prepare('SELECT COUNT(*) FROM users').pluck().get()).toBe(0);
      expect(engine.db.prepare('SELECT COUNT(*) FROM groups').pluck().get()).toBe(0);
    });
  }

  it('marks its requests as the simulator\'s', async () => {
    const connection = startConnectionSetup(engine, 'pingfederate', 'Ping', 'test');

    await runToEnd(connection.id);
    const requests = listSetupRequests(engine, connection.id, 0, 200).requests;

    expect(requests.map((request) => request.path)).toContain('/oauth/token');
    expect(requests.filter((request) => !request.fromSimulator)).toEqual([]);
    // Live events and the events command mark them too.
    const logged = engine.events.list(undefined, 200).events.filter((event) => event.kind === 'scim.request');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.every((event) => event.fromSimulator)).toBe(true);
  });

  it('leaves the provider\'s own requests unmarked', async () => {
    const connection = startConnectionSetup(engine, 'okta', 'Okta', 'test');
    const { token } = engine.connections.issueToken(connection.id, { kind: 'static', expiresAt: null });
    await runToEnd(connection.id);

    const reply = await fetch(`${listener.current().baseUrl}/Users?startIndex=1&count=2`, { headers: { authorization: `Bearer ${token}` } });
    const requests = listSetupRequests(engine, connection.id, 0, 200).requests;

    expect(reply.status).toBe(200);
    expect(requests.at(-1)).toMatchObject({ text: "Okta's connection test: GET /Users?startIndex=1&count=2 answered 200", fromSimulator: false });
    expect(requests.slice(0, -1).every((request) => request.fromSimulator)).toBe(true);
    expect(engine.events.list(undefined, 1).events[0]).toMatchObject({ kind: 'scim.request', fromSimulator: false });
    const health = computeConnectionHealth(engine, connection.id, engine.clock.now());
    expect(health.state).toBe('healthy');
    expect(health.requestCount).toBe(1);
  });

  it('sends the OAuth token step for PingFederate with a temporary client', async () => {
    const connection = startConnectionSetup(engine, 'pingfederate', 'Ping', 'test');

    const run = await runToEnd(connection.id);

    expect(run.steps[0]).toMatchObject({ step: '01-token-client-credentials', status: 200, ok: true, skipped: null });
    expect(engine.db.prepare('SELECT COUNT(*) FROM oauth_clients').pluck().get()).toBe(0);
  });

  it('removes the run token when the run ends', async () => {
    const connection = startConnectionSetup(engine, 'okta', 'Okta', 'test');

    await runToEnd(connection.id);

    expect(engine.db.prepare("SELECT COUNT(*) FROM tokens WHERE kind = 'simulator'").pluck().get()).toBe(0);
  });

  it('deletes its sample users and groups', async () => {
    const connection = startConnectionSetup(engine, 'okta', 'Okta', 'test');

    const run = await runToEnd(connection.id);

    expect(failedSteps(run)).toEqual([]);
    expect(engine.db.prepare('SELECT COUNT(*) FROM users').pluck().get()).toBe(0);
    expect(engine.db.prepare('SELECT COUNT(*) FROM groups').pluck().get()).toBe(0);
    expect(engine.db.prepare('SELECT COUNT(*) FROM effective_roles').pluck().get()).toBe(0);
  });

  it('reuses the sample names on a second run', async () => {
    const connection = startConnectionSetup(engine, 'okta', 'Okta', 'test');
    await runToEnd(connection.id);

    const second = await runToEnd(connection.id);

    expect(second.userNameSuffix).toBeNull();
    expect(failedSteps(second)).toEqual([]);
  });

  it('renames the sample users when a user of that name exists', async () => {
    const connection = startConnectionSetup(engine, 'okta', 'Okta', 'test');
    const { token } = engine.connections.issueToken(connection.id, { kind: 'static', expiresAt: null });
    const created = engine.handleScim({
      method: 'POST',
      path: '/Users',
      query: new URLSearchParams(),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' }),
      baseUrl: 'http://127.0.0.1/scim/v2',
    });
    expect(created.status).toBe(201);

    const run = await runToEnd(connection.id);

    expect(run.userNameSuffix).toBe('sim2');
    expect(failedSteps(run)).toEqual([]);
    const userNames = engine.db.prepare('SELECT user_name FROM users ORDER BY user_name').pluck().all();
    expect(userNames).toEqual(['ada@example.com']);
  });

  it('refuses a second run while one is going', async () => {
    const connection = startConnectionSetup(engine, 'okta', 'Okta', 'test');
    const first = simulator.start(connection.id, 'test');

    expect(() => simulator.start(connection.id, 'test')).toThrow('The simulator is already running for "Okta". Wait for that run to finish.');
    await expect.poll(() => simulator.get(first.id).state, { timeout: 20_000 }).not.toBe('running');
  });

  it('refuses a disabled connection', () => {
    const connection = startConnectionSetup(engine, 'okta', 'Okta', 'test');
    engine.db.prepare('UPDATE connections SET disabled = 1 WHERE id = ?').run(connection.id);

    expect(() => simulator.start(connection.id, 'test')).toThrow(/is disabled, so the simulator's requests would get 401/);
  });

  it('records one event that sums the run up', async () => {
    const connection = startConnectionSetup(engine, 'google', 'Google', 'test');

    const run = await runToEnd(connection.id);

    const sent = run.steps.filter((step) => step.skipped === null).length;
    const summary = engine.events.list(undefined, 1).events[0]!.summary;
    expect(summary).toBe(
      `Ran the Google Workspace simulator: ${sent} of ${sent} requests answered as Google Workspace expects, then deleted its 0 sample users and 1 sample group`,
    );
  });
});

describe('SequenceSimulator over HTTPS', () => {
  let files: CertificateFiles;

  beforeAll(() => {
    files = makeCertificates();
  });

  afterAll(() => {
    files.remove();
  });

  it('trusts the listener certificate it serves', async () => {
    engine = Engine.openInMemory();
    const secure = validateListenerSettings(
      { host: '127.0.0.1', port: 0, certPath: files.certPath, keyPath: files.keyPath, publicBaseUrl: null },
      new Date(),
    );
    listener = await ScimListener.start(engine, secure);
    simulator = new SequenceSimulator(engine, () => listener.localTarget());
    try {
      const connection = startConnectionSetup(engine, 'pingfederate', 'Ping over HTTPS', 'test');

      const run = await runToEnd(connection.id);

      expect(listener.current().baseUrl).toMatch(/^https:/);
      expect(failedSteps(run)).toEqual([]);
    } finally {
      await listener.close();
      engine.close();
    }
  });
});
