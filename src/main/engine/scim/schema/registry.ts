/**
 * The schemas and resource types this service provider serves (RFC 7643 §6, §7),
 * and the lookup from an attribute path as clients write it to its definition.
 */
import { ENTERPRISE_USER_SCHEMA_DEFINITION } from './enterprise.ts';
import { GROUP_SCHEMA_DEFINITION } from './group.ts';
import type {
  AttributeDefinition,
  ResourceTypeDefinition,
  ResourceTypeName,
  SchemaDefinition,
} from './types.ts';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './urns.ts';
import { USER_SCHEMA_DEFINITION } from './user.ts';

export { ENTERPRISE_USER_SCHEMA_DEFINITION, GROUP_SCHEMA_DEFINITION, USER_SCHEMA_DEFINITION };

/** Every schema published on `/Schemas` (RFC 7644 §4). */
export const SCHEMA_DEFINITIONS: readonly SchemaDefinition[] = [
  USER_SCHEMA_DEFINITION,
  ENTERPRISE_USER_SCHEMA_DEFINITION,
  GROUP_SCHEMA_DEFINITION,
];

/** The User resource type with the optional enterprise extension (RFC 7643 §6). */
export const USER_RESOURCE_TYPE: ResourceTypeDefinition = {
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: USER_SCHEMA,
  schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
};

/** The Group resource type (RFC 7643 §6). */
export const GROUP_RESOURCE_TYPE: ResourceTypeDefinition = {
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: GROUP_SCHEMA,
  schemaExtensions: [],
};

/** Every resource type published on `/ResourceTypes` (RFC 7644 §4). */
export const RESOURCE_TYPES: readonly ResourceTypeDefinition[] = [USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE];

/** An attribute path resolved against the schemas of one resource type. */
export interface ResolvedAttributePath {
  /** URN of the schema that defines the attribute. */
  schema: string;
  attribute: AttributeDefinition;
  subAttribute?: AttributeDefinition;
  /**
   * The path in the schema's spelling. An extension attribute's path starts
   * with the extension URN, which is also its key in the resource JSON.
   */
  canonicalPath: string[];
}

/** Returns the schema with this URN, compared case-insensitively (RFC 7643 §7). */
export function getSchemaDefinition(urn: string): SchemaDefinition | undefined {
  const key = urn.toLowerCase();
  return SCHEMA_DEFINITIONS.find((schema) => schema.id.toLowerCase() === key);
}

/** Returns the resource type definition for `User` or `Group`. */
export function getResourceType(name: ResourceTypeName): ResourceTypeDefinition {
  return name === 'User' ? USER_RESOURCE_TYPE : GROUP_RESOURCE_TYPE;
}

/** Finds a sub-attribute of a complex attribute by name, ignoring case (RFC 7643 §2.1). */
export function findSubAttribute(
  attribute: AttributeDefinition,
  name: string,
): AttributeDefinition | undefined {
  return findByName(attribute.subAttributes ?? [], name);
}

/**
 * Resolves an attribute path such as `name.givenName`, `EMAILS.value` or
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`
 * (RFC 7644 §3.10) against the schemas of a resource type. Names and URNs
 * are compared case-insensitively. An unqualified name is looked up in the
 * core schema first, then in the resource type's extensions. Returns undefined
 * for an unknown schema, attribute or sub-attribute, and for a path deeper
 * than one sub-attribute.
 */
export function resolveAttributePath(
  resourceType: ResourceTypeName,
  path: string,
): ResolvedAttributePath | undefined {
  const split = splitSchemaPrefix(resourceType, path);
  if (split === undefined) {
    return undefined;
  }
  const schema = getSchemaDefinition(split.schema);
  const names = split.attributePath.split('.');
  if (schema === undefined || names.length > 2) {
    return undefined;
  }

  const [attributeName = '', subAttributeName] = names;
  let attribute = findByName(schema.attributes, attributeName);
  if (attribute === undefined && split.unqualified) {
    // Entra ID sends extension attributes unqualified, e.g. the PATCH path "manager".
    const extension = findExtensionDefining(resourceType, attributeName);
    if (extension !== undefined) {
      return resolveAttributePath(resourceType, `${extension.id}:${split.attributePath}`);
    }
  }
  if (attribute === undefined) {
    return undefined;
  }
  const prefix = schema.id === getResourceType(resourceType).schema ? [] : [schema.id];
  if (subAttributeName === undefined) {
    return { schema: schema.id, attribute, canonicalPath: [...prefix, attribute.name] };
  }

  const subAttribute = findSubAttribute(attribute, subAttributeName);
  if (subAttribute === undefined) {
    return undefined;
  }
  return {
    schema: schema.id,
    attribute,
    subAttribute,
    canonicalPath: [...prefix, attribute.name, subAttribute.name],
  };
}

/**
 * Splits a path into its schema URN and the attribute path after it. A path
 * without a URN belongs to the core schema. The URN is matched against the
 * resource type's own schemas, because a URN contains dots and colons and
 * cannot be split off by syntax alone.
 */
function splitSchemaPrefix(
  resourceType: ResourceTypeName,
  path: string,
): { schema: string; attributePath: string; unqualified: boolean } | undefined {
  const definition = getResourceType(resourceType);
  if (!path.toLowerCase().startsWith('urn:')) {
    return { schema: definition.schema, attributePath: path, unqualified: true };
  }
  const urns = [definition.schema, ...definition.schemaExtensions.map((extension) => extension.schema)];
  const lowerPath = path.toLowerCase();
  const urn = urns.find((candidate) => lowerPath.startsWith(`${candidate.toLowerCase()}:`));
  if (urn === undefined) {
    return undefined;
  }
  return { schema: urn, attributePath: path.slice(urn.length + 1), unqualified: false };
}

/** Finds the extension schema of a resource type that defines a top-level attribute named `name`. */
function findExtensionDefining(resourceType: ResourceTypeName, name: string): SchemaDefinition | undefined {
  return getResourceType(resourceType)
    .schemaExtensions.map((extension) => getSchemaDefinition(extension.schema))
    .find((schema) => schema !== undefined && findByName(schema.attributes, name) !== undefined);
}

function findByName(
  attributes: readonly AttributeDefinition[],
  name: string,
): AttributeDefinition | undefined {
  const key = name.toLowerCase();
  return attributes.find((attribute) => attribute.name.toLowerCase() === key);
}
