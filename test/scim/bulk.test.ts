/** POST /Bulk (RFC 7644 §3.7): operations in order, bulkId references, failOnErrors. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ERROR_SCHEMA, memberValues, patchBody, userBody } from '../helpers/scim-bodies.ts';
import { startScimHarness, type ScimHarness } from '../helpers/scim-harness.ts';

const BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

let harness: ScimHarness;

beforeEach(async () => {
  harness = await startScimHarness();
});

afterEach(async () => {
  await harness.close();
});

describe('POST /Bulk', () => {
  it('creates a user and a group referring to it by bulkId', async () => {
    const reply = await harness.scim('POST', '/Bulk', {
      schemas: [BULK_REQUEST_SCHEMA],
      Operations: [
        { method: 'POST', bulkId: 'ada', path: '/Users', data: userBody('ada@example.com') },
        { method: 'POST', bulkId: 'editors', path: '/Groups', data: { displayName: 'Editors', members: [{ value: 'bulkId:ada' }] } },
      ],
    });

    expect(reply.status).toBe(200);
    expect(reply.json.schemas).toEqual([BULK_RESPONSE_SCHEMA]);
    const [userResult, groupResult] = reply.json.Operations;
    expect(userResult).toMatchObject({ method: 'POST', bulkId: 'ada', status: '201', version: 'W/"1"' });
    expect(groupResult).toMatchObject({ method: 'POST', bulkId: 'editors', status: '201' });
    const adaId = String(userResult.location).split('/').pop() ?? '';
    const groupId = String(groupResult.location).split('/').pop() ?? '';
    expect(harness.storedUser(adaId)?.userName).toBe('ada@example.com');
    expect(harness.storedMemberIds(groupId)).toEqual([adaId]);
  });

  it('reports a failed operation and runs the ones after it', async () => {
    const adaId = await harness.createUser('ada@example.com');
    const groupId = await harness.createGroup('Editors');

    const reply = await harness.scim('POST', '/Bulk', {
      schemas: [BULK_REQUEST_SCHEMA],
      Operations: [
        { method: 'PATCH', path: `/Groups/${groupId}`, data: patchBody({ op: 'add', path: 'members', value: memberValues('no-such-user') }) },
        { method: 'PATCH', path: `/Groups/${groupId}`, data: patchBody({ op: 'add', path: 'members', value: memberValues(adaId) }) },
      ],
    });

    expect(reply.status).toBe(200);
    expect(reply.json.Operations[0]).toEqual({
      method: 'PATCH',
      location: `${harness.baseUrl}/Groups/${groupId}`,
      status: '400',
      response: {
        schemas: [ERROR_SCHEMA],
        status: '400',
        scimType: 'invalidValue',
        detail: 'members: no user or group of this connection has the id no-such-user.',
      },
    });
    expect(reply.json.Operations[1]).toEqual({ method: 'PATCH', location: `${harness.baseUrl}/Groups/${groupId}`, version: 'W/"2"', status: '204' });
    expect(harness.storedMemberIds(groupId)).toEqual([adaId]);
  });

  it('names the location of every operation but a failed POST', async () => {
    const reply = await harness.scim('POST', '/Bulk', {
      schemas: [BULK_REQUEST_SCHEMA],
      Operations: [
        { method: 'POST', bulkId: 'ada', path: '/Users', data: userBody('ada@example.com') },
        { method: 'PATCH', path: '/Users/bulkId:ada', data: patchBody({ op: 'replace', path: 'displayName', value: 'Ada' }) },
        { method: 'PUT', path: '/Users/bulkId:ada', data: userBody('ada@example.com') },
        { method: 'DELETE', path: '/Users/bulkId:ada' },
        { method: 'DELETE', path: '/Users/no-such-user' },
        { method: 'POST', bulkId: 'nameless', path: '/Users', data: { displayName: 'No userName' } },
      ],
    });

    expect(reply.status).toBe(200);
    const results = reply.json.Operations as { method: string; status: string; location?: string }[];
    const adaLocation = results[0]?.location;
    expect(adaLocation).toMatch(new RegExp(`^${harness.baseUrl}/Users/[0-9a-f-]{36}$`));
    expect(results.map((result) => [result.method, result.status, result.location])).toEqual([
      ['POST', '201', adaLocation],
      ['PATCH', '200', adaLocation],
      ['PUT', '200', adaLocation],
      ['DELETE', '204', adaLocation],
      ['DELETE', '404', `${harness.baseUrl}/Users/no-such-user`],
      ['POST', '400', undefined],
    ]);
  });

  it('stops after failOnErrors failures', async () => {
    const reply = await harness.scim('POST', '/Bulk', {
      schemas: [BULK_REQUEST_SCHEMA],
      failOnErrors: 1,
      Operations: [
        { method: 'DELETE', path: '/Users/no-such-user' },
        { method: 'POST', bulkId: 'grace', path: '/Users', data: userBody('grace@example.com') },
      ],
    });

    expect(reply.status).toBe(200);
    expect(reply.json.Operations).toHaveLength(1);
    expect(reply.json.Operations[0]).toMatchObject({ method: 'DELETE', status: '404' });
    const count = harness.engine.db.prepare('SELECT COUNT(*) FROM users').pluck().get();
    expect(count).toBe(0);
  });

  it('rejects a request without Operations with 400 invalidSyntax', async () => {
    const reply = await harness.scim('POST', '/Bulk', { schemas: [BULK_REQUEST_SCHEMA] });

    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidSyntax');
    expect(reply.json.detail).toBe("A BulkRequest needs an 'Operations' array.");
  });

  it('returns 405 with Allow: POST for GET /Bulk', async () => {
    const reply = await harness.scim('GET', '/Bulk');

    expect(reply.status).toBe(405);
    expect(reply.json.detail).toBe('/Bulk accepts only POST, not GET.');
    expect(reply.headers.allow).toBe('POST');
  });
});
