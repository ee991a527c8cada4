/** The OAuth 2.0 token endpoint (client credentials grant, RFC 6749 §4.4) over real HTTP. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { setConnectionDisabled } from '../../src/main/engine/connections/lifecycle.ts';
import { createOAuthClient, listOAuthClients, revokeOAuthClient } from '../../src/main/engine/oauth/clients.ts';
import { replaySequence } from '../../src/main/replay/index.ts';
import { basicHeader, HOUR_MS, send, startConnectionHarness, type ConnectionHarness } from './harness.ts';

let harness: ConnectionHarness;
let connectionId: string;
let clientId: string;
let clientSecret: string;

beforeEach(async () => {
  harness = await startConnectionHarness();
  connectionId = harness.engine.createConnection('pingfederate', 'PingFederate', 'test').connection.id;
  ({ clientId, clientSecret } = createOAuthClient(harness.engine, connectionId, 'test'));
});

afterEach(async () => {
  await harness.close();
});

function credentialsForm(): string {
  return new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString();
}

describe('POST /oauth/token', () => {
  it('issues a bearer token for credentials in the form body', async () => {
    const reply = await harness.postToken(credentialsForm());

    expect(reply.status).toBe(200);
    expect(reply.json.token_type).toBe('Bearer');
    expect(reply.json.expires_in).toBe(3600);
    expect(reply.json.access_token).toMatch(/^sca_/);
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers.pragma).toBe('no-cache');
  });

  it('issues a bearer token for credentials sent with HTTP Basic', async () => {
    const reply = await harness.postToken('grant_type=client_credentials', { authorization: basicHeader(clientId, clientSecret) });

    expect(reply.status).toBe(200);
    expect((await harness.getUsers(`Bearer ${reply.json.access_token}`)).status).toBe(200);
  });

  it('issues a token that works for one hour only', async () => {
    const { json } = await harness.postToken(credentialsForm());

    harness.clock.advance(HOUR_MS - 1000);
    expect((await harness.getUsers(`Bearer ${json.access_token}`)).status).toBe(200);
    harness.clock.advance(1000);
    expect((await harness.getUsers(`Bearer ${json.access_token}`)).status).toBe(401);
  });

  it('issues tokens with the lifetime the client was created with', async () => {
    const short = createOAuthClient(harness.engine, connectionId, 'test', 600);
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: short.clientId, client_secret: short.clientSecret });

    const reply = await harness.postToken(form.toString());

    expect(reply.json.expires_in).toBe(600);
  });

  it('echoes a requested scope', async () => {
    const reply = await harness.postToken(`${credentialsForm()}&scope=scim`);

    expect(reply.json.scope).toBe('scim');
  });

  it('rejects a wrong secret with 401 invalid_client and a challenge', async () => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong' });

    const reply = await harness.postToken(form.toString());

    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ error: 'invalid_client', error_description: 'The client id or client secret is not valid.' });
    expect(reply.headers['www-authenticate']).toBe('Basic realm="ScimDesk OAuth"');
  });

  it('rejects a request without client credentials', async () => {
    const reply = await harness.postToken('grant_type=client_credentials');

    expect(reply.status).toBe(401);
    expect(reply.json.error).toBe('invalid_client');
  });

  it('rejects another grant type with unsupported_grant_type', async () => {
    const form = new URLSearchParams({ grant_type: 'password', client_id: clientId, client_secret: clientSecret });

    const reply = await harness.postToken(form.toString());

    expect(reply.status).toBe(400);
    expect(reply.json.error).toBe('unsupported_grant_type');
    expect(reply.json.error_description).toBe('The grant type "password" is not supported; ScimDesk issues tokens only for client_credentials.');
  });

  it('rejects a missing grant_type with invalid_request', async () => {
    const form = new URLSearchParams({ client_id: clientId, client_secret: clientSecret });

    const reply = await harness.postToken(form.toString());

    expect(reply.status).toBe(400);
    expect(reply.json.error).toBe('invalid_request');
  });

  it('rejects credentials sent both ways', async () => {
    const reply = await harness.postToken(credentialsForm(), { authorization: basicHeader(clientId, clientSecret) });

    expect(reply.status).toBe(400);
    expect(reply.json.error_description).toBe('Send the client credentials either with HTTP Basic or in the form body, not both.');
  });

  it('rejects a repeated parameter', async () => {
    const reply = await harness.postToken(`${credentialsForm()}&grant_type=client_credentials`);

    expect(reply.status).toBe(400);
    expect(reply.json.error_description).toBe('The parameter "grant_type" appears more than once; send each parameter once.');
  });

  it('rejects a JSON body', async () => {
    const reply = await harness.postToken(JSON.stringify({ grant_type: 'client_credentials' }), { 'content-type': 'application/json' });

    expect(reply.status).toBe(400);
    expect(reply.json.error).toBe('invalid_request');
    expect(reply.json.error_description).toContain('application/x-www-form-urlencoded');
  });

  it('answers GET with 405 and Allow: POST', async () => {
    const reply = await send(`${harness.origin}/oauth/token`, 'GET', undefined, {});

    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('POST');
  });

  it('rejects a client whose connection is disabled', async () => {
    setConnectionDisabled(harness.engine, connectionId, true, 'test');

    const reply = await harness.postToken(credentialsForm());

    expect(reply.status).toBe(401);
    expect(reply.json.error_description).toBe('The connection of this client is disabled in ScimDesk.');
  });

  it('records each request without the secret or the issued token', async () => {
    const { json } = await harness.postToken(credentialsForm());

    const event = harness.engine.events.list(undefined, 1).events[0]!;
    const stored = JSON.stringify(harness.engine.events.get(event.id));
    expect(event.kind).toBe('oauth.token');
    expect(event.connectionId).toBe(connectionId);
    expect(event.status).toBe(200);
    expect(stored).toContain(clientId);
    expect(stored).not.toContain(clientSecret);
    expect(stored).not.toContain(json.access_token);
  });
});

describe('revokeOAuthClient', () => {
  it('stops the tokens it issued at once', async () => {
    const { json } = await harness.postToken(credentialsForm());
    expect(listOAuthClients(harness.engine, connectionId)[0]!.activeAccessTokens).toBe(1);

    revokeOAuthClient(harness.engine, connectionId, clientId, 'test');

    expect((await harness.getUsers(`Bearer ${json.access_token}`)).status).toBe(401);
    expect((await harness.postToken(credentialsForm())).status).toBe(401);
  });
});

describe('replay of PingFederate with client credentials', () => {
  it('fetches a token and sends the whole sequence with it', async () => {
    const result = await replaySequence({ provider: 'pingfederate', baseUrl: harness.baseUrl, token: 'not-used', clientId, clientSecret });

    const tokenStep = result.results[0]!;
    expect(tokenStep.step).toBe('01-token-client-credentials');
    expect(tokenStep.status).toBe(200);
    expect(result.results.filter((step) => !step.ok).map((step) => step.step)).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
