/** Static bearer tokens over real HTTP: rotation with an overlap, revocation, expiry and disabled connections. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { setConnectionDisabled } from '../../src/main/engine/connections/lifecycle.ts';
import {
  DEFAULT_ROTATION_OVERLAP_MS,
  issueStaticToken,
  listTokenStates,
  revokeToken,
  rotateToken,
} from '../../src/main/engine/connections/token-lifecycle.ts';
import { HOUR_MS, MINUTE_MS, startConnectionHarness, type ConnectionHarness } from './harness.ts';

let harness: ConnectionHarness;
let connectionId: string;
let firstToken: string;

beforeEach(async () => {
  harness = await startConnectionHarness();
  const created = harness.engine.createConnection('entra', 'Entra production', 'test');
  connectionId = created.connection.id;
  firstToken = created.token;
});

afterEach(async () => {
  await harness.close();
});

describe('rotateToken', () => {
  it('keeps the old token working for the default 24 hours', async () => {
    const rotated = rotateToken(harness.engine, connectionId, { overlapMs: DEFAULT_ROTATION_OVERLAP_MS, expiresAt: null }, 'test');

    harness.clock.advance(24 * HOUR_MS - MINUTE_MS);
    expect((await harness.getUsers(`Bearer ${firstToken}`)).status).toBe(200);
    expect((await harness.getUsers(`Bearer ${rotated.token}`)).status).toBe(200);

    harness.clock.advance(2 * MINUTE_MS);
    const old = await harness.getUsers(`Bearer ${firstToken}`);
    expect(old.status).toBe(401);
    expect(old.headers['www-authenticate']).toBe('Bearer realm="ScimDesk"');
    expect((await harness.getUsers(`Bearer ${rotated.token}`)).status).toBe(200);
  });

  it('ends the old token at once with an overlap of 0', async () => {
    const rotated = rotateToken(harness.engine, connectionId, { overlapMs: 0, expiresAt: null }, 'test');

    expect((await harness.getUsers(`Bearer ${firstToken}`)).status).toBe(401);
    expect((await harness.getUsers(`Bearer ${rotated.token}`)).status).toBe(200);
  });

  it('reports the previous tokens with their new expiry', () => {
    const now = harness.clock.now().getTime();

    const rotated = rotateToken(harness.engine, connectionId, { overlapMs: 2 * HOUR_MS, expiresAt: null }, 'test');

    expect(rotated.previous).toHaveLength(1);
    expect(rotated.previous[0]!.expiresAt).toBe(new Date(now + 2 * HOUR_MS).toISOString());
    expect(rotated.expiresAt).toBeNull();
    const states = listTokenStates(harness.engine, connectionId).map((token) => token.state);
    expect(states).toEqual(['expiring', 'active']);
  });

  it('keeps an earlier expiry of an old token', () => {
    const soon = new Date(harness.clock.now().getTime() + HOUR_MS).toISOString();
    const expiring = issueStaticToken(harness.engine, connectionId, soon, 'test');

    const rotated = rotateToken(harness.engine, connectionId, { overlapMs: DEFAULT_ROTATION_OVERLAP_MS, expiresAt: null }, 'test');

    const kept = rotated.previous.find((token) => token.tokenId === expiring.tokenId);
    expect(kept?.expiresAt).toBe(soon);
  });

  it('rejects an overlap longer than 30 days', () => {
    expect(() => rotateToken(harness.engine, connectionId, { overlapMs: 31 * 24 * HOUR_MS, expiresAt: null }, 'test')).toThrow(
      /The overlap must be between 0 and 30 days/,
    );
  });

  it('records the rotation without the token in the event log', () => {
    const rotated = rotateToken(harness.engine, connectionId, { overlapMs: HOUR_MS, expiresAt: null }, 'test');

    const event = harness.engine.events.list(undefined, 1).events[0]!;
    expect(event.kind).toBe('admin.change');
    expect(event.summary).toContain(`issued token ${rotated.tokenId}`);
    expect(event.summary).toContain('1 hour more');
    expect(JSON.stringify(harness.engine.events.get(event.id))).not.toContain(rotated.token);
  });
});

describe('revokeToken', () => {
  it('answers 401 on the very next request', async () => {
    const [token] = listTokenStates(harness.engine, connectionId);
    expect((await harness.getUsers(`Bearer ${firstToken}`)).status).toBe(200);

    revokeToken(harness.engine, connectionId, token!.id, 'test');

    const reply = await harness.getUsers(`Bearer ${firstToken}`);
    expect(reply.status).toBe(401);
    expect(reply.json.detail).toBe('The bearer token is not valid: it is unknown, revoked or expired, or its connection is disabled.');
  });

  it('revokes a token that is still in its overlap', async () => {
    const rotated = rotateToken(harness.engine, connectionId, { overlapMs: DEFAULT_ROTATION_OVERLAP_MS, expiresAt: null }, 'test');
    const oldId = rotated.previous[0]!.tokenId;

    revokeToken(harness.engine, connectionId, oldId, 'test');

    expect((await harness.getUsers(`Bearer ${firstToken}`)).status).toBe(401);
    expect((await harness.getUsers(`Bearer ${rotated.token}`)).status).toBe(200);
    expect(listTokenStates(harness.engine, connectionId).map((token) => token.id)).toEqual([rotated.tokenId]);
  });

  it('rejects a token id of another connection', () => {
    const other = harness.engine.createConnection('okta', 'Okta', 'test');
    const otherTokenId = listTokenStates(harness.engine, other.connection.id)[0]!.id;

    expect(() => revokeToken(harness.engine, connectionId, otherTokenId, 'test')).toThrow(
      `The connection "Entra production" has no token with the id "${otherTokenId}" that is not revoked.`,
    );
  });
});

describe('token expiry', () => {
  it('never expires a token unless the admin sets an expiry', async () => {
    harness.clock.advance(5 * 365 * 24 * HOUR_MS);

    expect((await harness.getUsers(`Bearer ${firstToken}`)).status).toBe(200);
  });

  it('stops a token at the expiry the admin set', async () => {
    const expiresAt = new Date(harness.clock.now().getTime() + 7 * 24 * HOUR_MS).toISOString();
    const issued = issueStaticToken(harness.engine, connectionId, expiresAt, 'test');

    harness.clock.advance(7 * 24 * HOUR_MS - 1000);
    expect((await harness.getUsers(`Bearer ${issued.token}`)).status).toBe(200);
    harness.clock.advance(1000);
    expect((await harness.getUsers(`Bearer ${issued.token}`)).status).toBe(401);
  });

  it('rejects an expiry in the past', () => {
    expect(() => issueStaticToken(harness.engine, connectionId, '2020-01-01T00:00:00Z', 'test')).toThrow(
      'The expiry 2020-01-01T00:00:00.000Z is not in the future.',
    );
  });

  it('rejects an expiry that is not a time', () => {
    expect(() => issueStaticToken(harness.engine, connectionId, 'next week', 'test')).toThrow(/"next week" is not a valid expiry time/);
  });
});

describe('setConnectionDisabled', () => {
  it('answers 401 while disabled and 200 again once enabled', async () => {
    setConnectionDisabled(harness.engine, connectionId, true, 'test');
    expect((await harness.getUsers(`Bearer ${firstToken}`)).status).toBe(401);

    setConnectionDisabled(harness.engine, connectionId, false, 'test');
    expect((await harness.getUsers(`Bearer ${firstToken}`)).status).toBe(200);
  });
});
