/** Discovery endpoints (RFC 7644 §4) and the endpoints this server does not serve. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ENTERPRISE_USER_SCHEMA,
  ERROR_SCHEMA,
  GROUP_SCHEMA,
  LIST_RESPONSE_SCHEMA,
  RESOURCE_TYPE_SCHEMA,
  SCHEMA_SCHEMA,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  USER_SCHEMA,
} from '../helpers/scim-bodies.ts';
import { startScimHarness, type ScimHarness } from '../helpers/scim-harness.ts';

let harness: ScimHarness;

beforeAll(async () => {
  harness = await startScimHarness();
});

afterAll(async () => {
  await harness.close();
});

describe('GET /ServiceProviderConfig', () => {
  it('describes the supported features', async () => {
    const reply = await harness.scim('GET', '/ServiceProviderConfig');

    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    expect(reply.json.schemas).toEqual([SERVICE_PROVIDER_CONFIG_SCHEMA]);
    expect(reply.json.patch).toEqual({ supported: true });
    expect(reply.json.filter).toEqual({ supported: true, maxResults: 1000 });
    expect(reply.json.bulk).toEqual({ supported: true, maxOperations: 1000, maxPayloadSize: 1_048_576 });
    expect(reply.json.changePassword).toEqual({ supported: false });
    expect(reply.json.sort).toEqual({ supported: true });
    expect(reply.json.etag).toEqual({ supported: true });
    expect(reply.json.authenticationSchemes.map((scheme: { type: string; primary: boolean }) => [scheme.type, scheme.primary])).toEqual([
      ['oauthbearertoken', true],
      ['httpbasic', false],
    ]);
    expect(reply.json.meta).toEqual({ resourceType: 'ServiceProviderConfig', location: `${harness.baseUrl}/ServiceProviderConfig` });
  });

  it('returns 404 below the configuration', async () => {
    const reply = await harness.scim('GET', '/ServiceProviderConfig/extra');

    expect(reply.status).toBe(404);
    expect(reply.json.detail).toBe('No discovery resource at /ServiceProviderConfig/extra.');
  });
});

describe('GET /ResourceTypes', () => {
  it('lists User and Group', async () => {
    const reply = await harness.scim('GET', '/ResourceTypes');

    expect(reply.status).toBe(200);
    expect(reply.json.schemas).toEqual([LIST_RESPONSE_SCHEMA]);
    expect(reply.json.totalResults).toBe(2);
    expect(reply.json.itemsPerPage).toBe(2);
    expect(reply.json.startIndex).toBe(1);
    expect(reply.json.Resources.map((type: { id: string }) => type.id)).toEqual(['User', 'Group']);
  });

  it('returns the User type with the enterprise extension', async () => {
    const reply = await harness.scim('GET', '/ResourceTypes/User');

    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
      meta: { resourceType: 'ResourceType', location: `${harness.baseUrl}/ResourceTypes/User` },
    });
  });

  it('finds a type by name in any case', async () => {
    const reply = await harness.scim('GET', '/ResourceTypes/group');

    expect(reply.status).toBe(200);
    expect(reply.json.schema).toBe(GROUP_SCHEMA);
  });

  it('returns 404 for an unknown type', async () => {
    const reply = await harness.scim('GET', '/ResourceTypes/Device');

    expect(reply.status).toBe(404);
    expect(reply.json.detail).toBe('No resource type named "Device"; this server has User and Group.');
  });
});

describe('GET /Schemas', () => {
  it('lists the User, enterprise User and Group schemas', async () => {
    const reply = await harness.scim('GET', '/Schemas');

    expect(reply.status).toBe(200);
    expect(reply.json.totalResults).toBe(3);
    expect(reply.json.Resources.map((schema: { id: string }) => schema.id)).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA]);
  });

  it('returns the User schema by its URN', async () => {
    const reply = await harness.scim('GET', `/Schemas/${USER_SCHEMA}`);

    expect(reply.status).toBe(200);
    expect(reply.json.schemas).toEqual([SCHEMA_SCHEMA]);
    expect(reply.json.id).toBe(USER_SCHEMA);
    expect(reply.json.name).toBe('User');
    expect(reply.json.meta).toEqual({ resourceType: 'Schema', location: `${harness.baseUrl}/Schemas/${USER_SCHEMA}` });
    const userName = reply.json.attributes.find((attribute: { name: string }) => attribute.name === 'userName');
    expect(userName).toMatchObject({ type: 'string', required: true, uniqueness: 'server', caseExact: false });
    const password = reply.json.attributes.find((attribute: { name: string }) => attribute.name === 'password');
    expect(password).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
  });

  it('returns 404 for an unknown schema', async () => {
    const reply = await harness.scim('GET', '/Schemas/urn:example:unknown');

    expect(reply.status).toBe(404);
    expect(reply.json.detail).toBe('No schema with the id "urn:example:unknown".');
  });
});

describe('writes to discovery endpoints', () => {
  const writes: { method: string; path: string; detail: string }[] = [
    { method: 'POST', path: '/ResourceTypes', detail: '/ResourceTypes is read-only: use GET, not POST.' },
    { method: 'POST', path: '/Schemas', detail: '/Schemas is read-only: use GET, not POST.' },
    { method: 'PUT', path: '/ServiceProviderConfig', detail: '/ServiceProviderConfig is read-only: use GET, not PUT.' },
  ];

  it.each(writes)('returns 405 with Allow: GET for $method $path', async ({ method, path, detail }) => {
    const reply = await harness.scim(method, path, {});

    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET');
    expect(reply.json).toEqual({ schemas: [ERROR_SCHEMA], status: '405', detail });
  });
});
