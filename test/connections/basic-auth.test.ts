/** HTTP Basic authentication of SCIM requests (RFC 7617) over real HTTP. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  describeBasicCredentials,
  issueBasicCredentials,
  parseBasicCredentials,
  revokeBasicCredentials,
} from '../../src/main/engine/connections/basic-credentials.ts';
import { setConnectionDisabled } from '../../src/main/engine/connections/lifecycle.ts';
import { basicHeader, startConnectionHarness, type ConnectionHarness } from './harness.ts';

let harness: ConnectionHarness;
let connectionId: string;

beforeEach(async () => {
  harness = await startConnectionHarness();
  connectionId = harness.engine.createConnection('okta', 'Okta production', 'test').connection.id;
});

afterEach(async () => {
  await harness.close();
});

describe('Basic credentials', () => {
  it('authenticate a SCIM request and record their use', async () => {
    const { username, password } = issueBasicCredentials(harness.engine, connectionId, 'test');

    const reply = await harness.getUsers(basicHeader(username, password));

    expect(reply.status).toBe(200);
    expect(reply.json.totalResults).toBe(0);
    expect(describeBasicCredentials(harness.engine, connectionId)?.lastUsedAt).toBe(harness.clock.now().toISOString());
  });

  it('scope the request to their connection', async () => {
    const { username, password } = issueBasicCredentials(harness.engine, connectionId, 'test');

    await harness.getUsers(basicHeader(username, password));

    harness.flushReadEvents();
    expect(harness.engine.connections.get(connectionId).requestCount).toBe(1);
  });

  it('reject a wrong password with 401 and a Basic challenge', async () => {
    const { username } = issueBasicCredentials(harness.engine, connectionId, 'test');

    const reply = await harness.getUsers(basicHeader(username, 'wrong-password'));

    expect(reply.status).toBe(401);
    expect(reply.headers['www-authenticate']).toBe('Basic realm="ScimDesk", charset="UTF-8"');
    expect(reply.json.detail).toBe('The Basic credentials are not valid: the user name or password is wrong, they were revoked, or the connection is disabled.');
  });

  it('reject an unknown user name', async () => {
    issueBasicCredentials(harness.engine, connectionId, 'test');

    const reply = await harness.getUsers(basicHeader('nobody', 'whatever'));

    expect(reply.status).toBe(401);
  });

  it('stop the old password once new credentials are issued', async () => {
    const first = issueBasicCredentials(harness.engine, connectionId, 'test');

    const second = issueBasicCredentials(harness.engine, connectionId, 'test');

    expect((await harness.getUsers(basicHeader(first.username, first.password))).status).toBe(401);
    expect((await harness.getUsers(basicHeader(second.username, second.password))).status).toBe(200);
  });

  it('stop working when revoked', async () => {
    const { username, password } = issueBasicCredentials(harness.engine, connectionId, 'test');

    revokeBasicCredentials(harness.engine, connectionId, 'test');

    expect((await harness.getUsers(basicHeader(username, password))).status).toBe(401);
    expect(describeBasicCredentials(harness.engine, connectionId)).toBeNull();
  });

  it('stop working while the connection is disabled', async () => {
    const { username, password } = issueBasicCredentials(harness.engine, connectionId, 'test');

    setConnectionDisabled(harness.engine, connectionId, true, 'test');

    expect((await harness.getUsers(basicHeader(username, password))).status).toBe(401);
  });

  it('never reach the event log', async () => {
    const { username, password } = issueBasicCredentials(harness.engine, connectionId, 'test');

    await harness.getUsers(basicHeader(username, password));

    const events = harness.engine.events.list(undefined, 10).events.map((event) => JSON.stringify(harness.engine.events.get(event.id)));
    expect(events.join('\n')).not.toContain(password);
    expect(events.join('\n')).not.toContain(basicHeader(username, password).slice('Basic '.length));
  });
});

describe('parseBasicCredentials', () => {
  it('splits at the first colon so passwords may contain colons', () => {
    const encoded = Buffer.from('okta:pa:ss', 'utf8').toString('base64');

    expect(parseBasicCredentials(encoded)).toEqual({ username: 'okta', password: 'pa:ss' });
  });

  it('rejects text that is not strict base64', () => {
    expect(parseBasicCredentials('scd_not-base64')).toBeUndefined();
  });

  it('rejects credentials without a colon', () => {
    expect(parseBasicCredentials(Buffer.from('nocolon').toString('base64'))).toBeUndefined();
  });

  it('rejects bytes that are not UTF-8', () => {
    expect(parseBasicCredentials(Buffer.from([0x61, 0x3a, 0xff, 0xfe]).toString('base64'))).toBeUndefined();
  });
});
