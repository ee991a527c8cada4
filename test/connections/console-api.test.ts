/** The connection methods of the console API, called the way both hosts call them: input validated first. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ConsoleOutput } from '../../src/shared/api.ts';
import { createConsoleHandlers, type HostInfo } from '../../src/main/engine/admin/console-handlers.ts';
import { dispatchConsoleCall, type DispatchResult } from '../../src/main/engine/admin/dispatch.ts';
import { parseDuration, formatDuration } from '../../src/main/engine/connections/durations.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { validateListenerSettings } from '../../src/main/engine/tls/listener-settings.ts';
import { ScimListener } from '../../src/main/http/scim-listener.ts';
import { SequenceSimulator } from '../../src/main/simulate/sequence-simulator.ts';
import { basicHeader, send, TestClock } from './harness.ts';

let engine: Engine;
let listener: ScimListener;
let dispatch: (method: string, input: unknown) => DispatchResult;

function call<T>(method: string, input: unknown): T {
  const result = dispatch(method, input);
  if (!result.ok) {
    throw new Error(`${method} failed with ${result.status}: ${result.error.message}`);
  }
  return result.output as T;
}

beforeEach(async () => {
  engine = Engine.openInMemory({ clock: new TestClock(new Date().toISOString()) });
  const plain = validateListenerSettings({ host: '127.0.0.1', port: 0, certPath: null, keyPath: null, publicBaseUrl: null }, new Date());
  listener = await ScimListener.start(engine, plain);
  const host: HostInfo = { version: 'test', transport: 'http', actor: 'console', listener };
  host.simulator = new SequenceSimulator(engine, () => listener.localTarget());
  const handlers = createConsoleHandlers(engine, host);
  dispatch = (method, input) => dispatchConsoleCall(handlers, method, input);
});

afterEach(async () => {
  await listener.close();
  engine.close();
});

describe('connection setup over the console API', () => {
  it('walks a connection from creation to a verified request', async () => {
    const connection = call<ConsoleOutput<'startConnectionSetup'>>('startConnectionSetup', { provider: 'okta', name: 'Okta' });
    const issued = call<ConsoleOutput<'issueToken'>>('issueToken', { connectionId: connection.id });
    call('saveSetupProgress', { connectionId: connection.id, step: 'verify', state: { authMethod: 'bearer' } });

    const reply = await send(`${listener.current().baseUrl}/Users?startIndex=1&count=2`, 'GET', undefined, { authorization: `Bearer ${issued.token}` });
    const requests = call<ConsoleOutput<'listSetupRequests'>>('listSetupRequests', { connectionId: connection.id });

    expect(reply.status).toBe(200);
    expect(requests.requests.map((request) => request.text)).toEqual(["Okta's connection test: GET /Users?startIndex=1&count=2 answered 200"]);
    expect(requests.lastEventId).toBe(requests.requests[0]!.eventId);
    expect(call<ConsoleOutput<'getSetupProgress'>>('getSetupProgress', { connectionId: connection.id }).step).toBe('verify');
  });

  it('rejects a credential method the provider cannot send', () => {
    const connection = call<ConsoleOutput<'startConnectionSetup'>>('startConnectionSetup', { provider: 'entra', name: 'Entra' });

    const result = dispatch('saveSetupProgress', { connectionId: connection.id, step: 'provider-steps', state: { authMethod: 'oauth-client-credentials' } });

    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toBe('Microsoft Entra ID cannot authenticate with "oauth-client-credentials". Choose one of: bearer.');
    expect(call<ConsoleOutput<'getSetupProgress'>>('getSetupProgress', { connectionId: connection.id }).step).toBe('reachability');
  });

  it('lists credentials without any secret', async () => {
    const connection = call<ConsoleOutput<'startConnectionSetup'>>('startConnectionSetup', { provider: 'pingfederate', name: 'Ping' });
    const token = call<ConsoleOutput<'issueToken'>>('issueToken', { connectionId: connection.id });
    const basic = call<ConsoleOutput<'issueBasicCredentials'>>('issueBasicCredentials', { connectionId: connection.id });
    const client = call<ConsoleOutput<'createOAuthClient'>>('createOAuthClient', { connectionId: connection.id });

    const listed = call<ConsoleOutput<'listConnectionCredentials'>>('listConnectionCredentials', { connectionId: connection.id });

    expect(listed.tokens.map((item) => item.id)).toEqual([token.tokenId]);
    expect(listed.basic?.username).toBe(basic.username);
    expect(listed.oauthClients.map((item) => item.clientId)).toEqual([client.clientId]);
    expect(listed.tokenUrl).toBe(`${new URL(listener.current().baseUrl).origin}/oauth/token`);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(token.token);
    expect(text).not.toContain(basic.password);
    expect(text).not.toContain(client.clientSecret);
    const reply = await send(`${listener.current().baseUrl}/Users`, 'GET', undefined, { authorization: basicHeader(basic.username, basic.password) });
    expect(reply.status).toBe(200);
  });

  it('revokes each kind of credential by its id', async () => {
    const connection = call<ConsoleOutput<'startConnectionSetup'>>('startConnectionSetup', { provider: 'pingfederate', name: 'Ping' });
    const token = call<ConsoleOutput<'issueToken'>>('issueToken', { connectionId: connection.id });
    const basic = call<ConsoleOutput<'issueBasicCredentials'>>('issueBasicCredentials', { connectionId: connection.id });
    const client = call<ConsoleOutput<'createOAuthClient'>>('createOAuthClient', { connectionId: connection.id });

    const kinds = [token.tokenId, basic.username, client.clientId].map(
      (credentialId) => call<ConsoleOutput<'revokeCredential'>>('revokeCredential', { connectionId: connection.id, credentialId }).kind,
    );
    const listed = call<ConsoleOutput<'listConnectionCredentials'>>('listConnectionCredentials', { connectionId: connection.id });
    const again = dispatch('revokeCredential', { connectionId: connection.id, credentialId: client.clientId });

    expect(kinds).toEqual(['token', 'basic', 'oauth-client']);
    expect(listed.tokens).toEqual([]);
    expect(listed.basic).toBeNull();
    expect(listed.oauthClients).toEqual([]);
    expect(again.ok).toBe(false);
    const reply = await send(`${listener.current().baseUrl}/Users`, 'GET', undefined, { authorization: basicHeader(basic.username, basic.password) });
    expect(reply.status).toBe(401);
  });

  it('rotates with the overlap given in seconds', () => {
    const connection = call<ConsoleOutput<'startConnectionSetup'>>('startConnectionSetup', { provider: 'entra', name: 'Entra' });
    call('issueToken', { connectionId: connection.id });

    const rotated = call<ConsoleOutput<'rotateToken'>>('rotateToken', { connectionId: connection.id, overlapSeconds: 3600 });

    expect(Date.parse(rotated.previous[0]!.expiresAt) - engine.clock.now().getTime()).toBe(3_600_000);
  });

  it('rejects a negative overlap before the engine sees it', () => {
    const result = dispatch('rotateToken', { connectionId: 'x', overlapSeconds: -1 });

    expect(result.ok).toBe(false);
    expect(result.ok ? 0 : result.status).toBe(400);
  });

  it('runs the simulator and returns its steps', async () => {
    const connection = call<ConsoleOutput<'startConnectionSetup'>>('startConnectionSetup', { provider: 'cyberark', name: 'CyberArk' });

    const started = call<ConsoleOutput<'startSimulation'>>('startSimulation', { connectionId: connection.id });
    await expect.poll(() => call<ConsoleOutput<'getSimulation'>>('getSimulation', { simulationId: started.id }).state, { timeout: 20_000 }).toBe('finished');

    const run = call<ConsoleOutput<'getSimulation'>>('getSimulation', { simulationId: started.id });
    expect(run.steps).toHaveLength(run.totalSteps);
    expect(run.steps.every((step) => step.ok || step.skipped !== null)).toBe(true);
  });

  it('answers an unknown simulation id with not-found', () => {
    const result = dispatch('getSimulation', { simulationId: 'nope' });

    expect(result.ok ? 0 : result.status).toBe(404);
  });

  it('describes and performs a deletion', () => {
    const connection = call<ConsoleOutput<'startConnectionSetup'>>('startConnectionSetup', { provider: 'okta', name: 'Okta' });

    const described = call<ConsoleOutput<'describeConnectionRemoval'>>('describeConnectionRemoval', { connectionId: connection.id });
    const deleted = call<ConsoleOutput<'deleteConnection'>>('deleteConnection', { connectionId: connection.id, confirmName: 'Okta' });

    expect(deleted).toEqual(described);
    expect(call<unknown[]>('listSetupProgress', {})).toEqual([]);
  });
});

describe('a host without a listener', () => {
  it('refuses to simulate and stores listener settings for the next start', () => {
    const bare = Engine.openInMemory();
    try {
      const handlers = createConsoleHandlers(bare, { version: 'test', transport: 'http', actor: 'cli' });
      const connection = bare.connections.createWithoutToken('okta', 'Okta');

      const simulation = dispatchConsoleCall(handlers, 'startSimulation', { connectionId: connection.id });
      const applied = dispatchConsoleCall(handlers, 'applyListenerSettings', { host: '127.0.0.1', port: 9443, certPath: null, keyPath: null, publicBaseUrl: null });

      expect(simulation.ok ? '' : simulation.error.message).toMatch(/cannot run the simulator/);
      expect(applied.ok).toBe(true);
      const status = applied.ok ? (applied.output as ConsoleOutput<'applyListenerSettings'>) : null;
      expect(status?.applyMode).toBe('none');
    } finally {
      bare.close();
    }
  });
});

describe('parseDuration', () => {
  it.each([
    ['24h', 86_400_000],
    ['90m', 5_400_000],
    ['1h30m', 5_400_000],
    ['7d', 604_800_000],
    ['45s', 45_000],
    ['0', 0],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('rejects a number without a unit', () => {
    expect(() => parseDuration('24')).toThrow('"24" is not a duration. Use a number with a unit: s, m, h or d, for example 24h, 90m or 1h30m.');
  });

  it('formats whole units', () => {
    expect(formatDuration(5_400_000)).toBe('1 hour 30 minutes');
    expect(formatDuration(0)).toBe('no overlap');
  });
});
