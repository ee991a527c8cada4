/**
 * Shapes of SCIM schema definitions as RFC 7643 §7 publishes them on `/Schemas`.
 * The engine reads these same definitions to parse filters, apply PATCH, check
 * mutability and decide which attributes a response returns.
 */

export type AttributeType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'reference'
  | 'complex'
  | 'binary';

export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';

export type Returned = 'always' | 'never' | 'default' | 'request';

export type Uniqueness = 'none' | 'server' | 'global';

/** One attribute of a schema (RFC 7643 §7, "attributes"). */
export interface AttributeDefinition {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDefinition[];
}

/** A schema resource (RFC 7643 §7). */
export interface SchemaDefinition {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
}

/** Resource type names this service provider serves. */
export type ResourceTypeName = 'User' | 'Group';

/** A resource type (RFC 7643 §6). */
export interface ResourceTypeDefinition {
  name: ResourceTypeName;
  endpoint: '/Users' | '/Groups';
  description: string;
  schema: string;
  schemaExtensions: { schema: string; required: boolean }[];
}
