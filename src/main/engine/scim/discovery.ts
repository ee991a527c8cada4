import { MAX_BULK_OPERATIONS } from './bulk.ts';
import { MethodNotAllowedError, ScimError } from './errors.ts';
import { MAX_PAGE_SIZE } from './list.ts';
import { RESOURCE_TYPES, SCHEMA_DEFINITIONS } from './schema/registry.ts';
import type { ResourceTypeDefinition, SchemaDefinition } from './schema/types.ts';
import {
  LIST_RESPONSE_SCHEMA,
  RESOURCE_TYPE_SCHEMA,
  SCHEMA_SCHEMA,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
} from './schema/urns.ts';
import { scimResponse, type ScimResponse } from './context.ts';

/** Largest request body accepted, in bytes (advertised as bulk.maxPayloadSize). */
export const MAX_PAYLOAD_BYTES = 1_048_576;

/** Builds the ServiceProviderConfig resource (RFC 7643 §5). */
export function serviceProviderConfig(baseUrl: string): Record<string, unknown> {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    patch: { supported: true },
    bulk: { supported: true, maxOperations: MAX_BULK_OPERATIONS, maxPayloadSize: MAX_PAYLOAD_BYTES },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description:
          'A token created in ScimDesk for this connection, or an access token from the OAuth client credentials grant at /oauth/token, sent as "Authorization: Bearer <token>".',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
      {
        type: 'httpbasic',
        name: 'HTTP Basic',
        description: 'The user name and password of Basic credentials created in ScimDesk for this connection, sent as "Authorization: Basic <credentials>".',
        specUri: 'https://www.rfc-editor.org/rfc/rfc7617',
        primary: false,
      },
    ],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${baseUrl}/ServiceProviderConfig`,
    },
  };
}

function renderResourceType(type: ResourceTypeDefinition, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: type.name,
    name: type.name,
    endpoint: type.endpoint,
    description: type.description,
    schema: type.schema,
    schemaExtensions: type.schemaExtensions,
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${type.name}` },
  };
}

function renderSchema(schema: SchemaDefinition, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [SCHEMA_SCHEMA],
    ...schema,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  };
}

function listOf(resources: Record<string, unknown>[]): Record<string, unknown> {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/**
 * Serves the discovery endpoints (RFC 7644 §4): `/ServiceProviderConfig`,
 * `/ResourceTypes[/{name}]` and `/Schemas[/{urn}]`. Returns undefined for other paths.
 */
export function handleDiscovery(method: string, segments: string[], baseUrl: string): ScimResponse | undefined {
  const [first, id, ...rest] = segments;
  const endpoint = ['ServiceProviderConfig', 'ResourceTypes', 'Schemas'].find((name) => name.toLowerCase() === first?.toLowerCase());
  if (!endpoint) {
    return undefined;
  }
  if (method !== 'GET') {
    throw new MethodNotAllowedError(['GET'], `/${endpoint} is read-only: use GET, not ${method}.`);
  }
  if (rest.length > 0 || (endpoint === 'ServiceProviderConfig' && id !== undefined)) {
    throw new ScimError(404, undefined, `No discovery resource at /${segments.join('/')}.`);
  }

  if (endpoint === 'ServiceProviderConfig') {
    return scimResponse(200, serviceProviderConfig(baseUrl));
  }
  if (endpoint === 'ResourceTypes') {
    const types = RESOURCE_TYPES.map((type) => renderResourceType(type, baseUrl));
    if (id === undefined) {
      return scimResponse(200, listOf(types));
    }
    const found = types.find((type) => String(type.id).toLowerCase() === id.toLowerCase());
    if (!found) {
      throw new ScimError(404, undefined, `No resource type named "${id}"; this server has User and Group.`);
    }
    return scimResponse(200, found);
  }

  const schemas = SCHEMA_DEFINITIONS.map((schema) => renderSchema(schema, baseUrl));
  if (id === undefined) {
    return scimResponse(200, listOf(schemas));
  }
  const found = schemas.find((schema) => String(schema.id).toLowerCase() === id.toLowerCase());
  if (!found) {
    throw new ScimError(404, undefined, `No schema with the id "${id}".`);
  }
  return scimResponse(200, found);
}
