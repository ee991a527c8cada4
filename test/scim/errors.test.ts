/** Error responses (RFC 7644 §3.12) and the request formats the endpoint accepts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ERROR_SCHEMA, USER_SCHEMA, patchBody, userBody } from '../helpers/scim-bodies.ts';
import { sendRequest } from '../helpers/scim-client.ts';
import { startScimHarness, type ScimHarness } from '../helpers/scim-harness.ts';

/** Largest request body the endpoint reads, in bytes (1 MiB). */
const MAX_BODY_BYTES = 1_048_576;

let harness: ScimHarness;
let adaId: string;

beforeAll(async () => {
  harness = await startScimHarness();
  adaId = await harness.createUser('ada@example.com');
});

afterAll(async () => {
  await harness.close();
});

/** Builds a JSON User body of exactly `size` bytes by padding displayName. */
function userBodyOfSize(userName: string, size: number): string {
  const prefix = `{"userName":"${userName}","displayName":"`;
  const suffix = '"}';
  return prefix + 'x'.repeat(size - prefix.length - suffix.length) + suffix;
}

describe('ErrorResponse format', () => {
  const errorCases: {
    rule: string;
    method: string;
    path: () => string;
    body?: unknown;
    status: number;
    scimType: string | undefined;
    detail: () => string | RegExp;
  }[] = [
    {
      rule: 'an invalid filter is 400 invalidFilter',
      method: 'GET',
      path: () => `/Users?filter=${encodeURIComponent('userName eq')}`,
      status: 400,
      scimType: 'invalidFilter',
      detail: () => "Invalid filter at position 12: expected a value after 'eq', found end of filter",
    },
    {
      rule: 'a body that is not JSON is 400 invalidSyntax',
      method: 'POST',
      path: () => '/Users',
      body: '{"userName": ',
      status: 400,
      scimType: 'invalidSyntax',
      detail: () => 'The request body is not valid JSON: it ends at line 1, column 14, before the JSON value is complete.',
    },
    {
      rule: 'a JSON error names its place without quoting the body',
      method: 'POST',
      path: () => '/Users',
      body: '{"userName":"leak@example.com",\n "password":LeakPw-888}',
      status: 400,
      scimType: 'invalidSyntax',
      detail: () => 'The request body is not valid JSON: unexpected character at line 2, column 13 (offset 44).',
    },
    {
      rule: 'a body that is a JSON array is 400 invalidSyntax',
      method: 'POST',
      path: () => '/Users',
      body: [userBody('x@example.com')],
      status: 400,
      scimType: 'invalidSyntax',
      detail: () => 'The request body must be a JSON object.',
    },
    {
      rule: 'a POST without a body is 400 invalidSyntax',
      method: 'POST',
      path: () => '/Users',
      status: 400,
      scimType: 'invalidSyntax',
      detail: () => 'POST needs a JSON body.',
    },
    {
      rule: 'a value of the wrong type is 400 invalidValue',
      method: 'POST',
      path: () => '/Users',
      body: { schemas: [USER_SCHEMA], userName: 'typed@example.com', active: 'sometimes' },
      status: 400,
      scimType: 'invalidValue',
      detail: () => 'active: expected a boolean, got "sometimes".',
    },
    {
      rule: 'a remove without a path is 400 noTarget',
      method: 'PATCH',
      path: () => `/Users/${adaId}`,
      body: patchBody({ op: 'remove' }),
      status: 400,
      scimType: 'noTarget',
      detail: () => "PatchOp operation 1: 'remove' needs a 'path'.",
    },
    {
      rule: 'an unknown resource id is 404',
      method: 'GET',
      path: () => '/Users/3f2b8c1e-5a7d-4e9f-b0c3-d6a1e2f4b5c7',
      status: 404,
      scimType: undefined,
      detail: () => 'User 3f2b8c1e-5a7d-4e9f-b0c3-d6a1e2f4b5c7 not found.',
    },
    {
      rule: 'an unknown endpoint is 404',
      method: 'GET',
      path: () => '/Devices',
      status: 404,
      scimType: undefined,
      detail: () => 'No SCIM endpoint at /Devices.',
    },
    {
      rule: 'a path below a resource is 404',
      method: 'GET',
      path: () => `/Users/${adaId}/photos`,
      status: 404,
      scimType: undefined,
      detail: () => `No SCIM endpoint at /Users/${adaId}/photos.`,
    },
    {
      rule: 'a duplicate userName is 409 uniqueness',
      method: 'POST',
      path: () => '/Users',
      body: userBody('ADA@example.com'),
      status: 409,
      scimType: 'uniqueness',
      detail: () => `A user with userName "ada@example.com" already exists (id ${adaId}). ScimDesk compares userName without regard to case, so "ADA@example.com" is the same userName.`,
    },
    {
      rule: 'a method the endpoint does not take is 405',
      method: 'DELETE',
      path: () => '/Users',
      status: 405,
      scimType: undefined,
      detail: () => '/Users does not accept DELETE; use GET or POST.',
    },
    {
      rule: 'a malformed percent-encoding in the path is 400 invalidSyntax',
      method: 'GET',
      path: () => '/Users/%E0%A4%A',
      status: 400,
      scimType: 'invalidSyntax',
      detail: () => 'The path segment "%E0%A4%A" is not valid percent-encoding.',
    },
  ];

  it.each(errorCases)('$rule', async ({ method, path, body, status, scimType, detail }) => {
    const reply = await harness.scim(method, path(), body);
    const expectedDetail = detail();

    expect(reply.status).toBe(status);
    expect(reply.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    expect(reply.json.schemas).toEqual([ERROR_SCHEMA]);
    expect(reply.json.status).toBe(String(status));
    expect(reply.json.scimType).toBe(scimType);
    if (typeof expectedDetail === 'string') {
      expect(reply.json.detail).toBe(expectedDetail);
    } else {
      expect(reply.json.detail).toMatch(expectedDetail);
    }
  });

  it('returns a SCIM 404 outside the SCIM base path', async () => {
    const origin = new URL(harness.baseUrl).origin;

    const reply = await sendRequest(origin, 'GET', '/index.html', undefined, {});

    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    expect(reply.json).toEqual({
      schemas: [ERROR_SCHEMA],
      status: '404',
      detail: 'Nothing is served at /index.html; the SCIM base path is /scim/v2.',
    });
  });

  it('returns 501 for /Me', async () => {
    const reply = await harness.scim('GET', '/Me');

    expect(reply.status).toBe(501);
    expect(reply.json.status).toBe('501');
    expect(reply.json.detail).toBe('/Me is not supported: ScimDesk does not map a token to a user.');
  });

  it('lists GET and POST in Allow on a 405 from /Users', async () => {
    const reply = await harness.scim('DELETE', '/Users');

    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, POST');
  });

  it('lists the methods of /Users/{id} in Allow on a 405', async () => {
    const reply = await harness.scim('POST', `/Users/${adaId}`, userBody('post@example.com'));

    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, PUT, PATCH, DELETE');
  });
});

describe('request body size', () => {
  it('accepts a body of exactly 1 MiB', async () => {
    const body = userBodyOfSize('exactly@example.com', MAX_BODY_BYTES);

    const reply = await harness.scim('POST', '/Users', body);

    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    expect(reply.status).toBe(201);
  });

  it('rejects a body over 1 MiB with 413 and stores nothing', async () => {
    const body = userBodyOfSize('toolarge@example.com', MAX_BODY_BYTES + 1);

    const reply = await harness.scim('POST', '/Users', body);

    expect(reply.status).toBe(413);
    expect(reply.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    expect(reply.json).toEqual({
      schemas: [ERROR_SCHEMA],
      status: '413',
      detail: 'The request body is larger than the limit of 1048576 bytes.',
    });
    const lookup = await harness.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "toolarge@example.com"')}`);
    expect(lookup.json.totalResults).toBe(0);
  });
});

describe('request content types', () => {
  const accepted = [
    'application/scim+json',
    'application/json',
    'application/scim+json; charset=utf-8',
    'application/json;charset=UTF-8',
  ];

  it.each(accepted)('accepts a body sent as %s', async (contentType) => {
    const userName = `${contentType.replace(/[^a-z]/gi, '')}@example.com`;

    const reply = await harness.scim('POST', '/Users', userBody(userName), { 'content-type': contentType });

    expect(reply.status).toBe(201);
    expect(reply.json.userName).toBe(userName);
  });

  it('rejects a body sent as text/plain with 415', async () => {
    const reply = await harness.scim('POST', '/Users', userBody('plain@example.com'), { 'content-type': 'text/plain' });

    expect(reply.status).toBe(415);
    expect(reply.json.status).toBe('415');
    expect(reply.json.detail).toBe('Send the body as application/scim+json or application/json, not "text/plain".');
  });
});
