import { getResourceType, getSchemaDefinition } from './registry.ts';
import type { ResourceTypeName, SchemaDefinition } from './types.ts';

/** The core schema and extension schemas of a resource type. */
export interface ResourceSchemas {
  core: SchemaDefinition;
  extensions: readonly SchemaDefinition[];
}

/** Schemas are fixed when the engine is built, so each resource type's are looked up once. */
const resolved = new Map<ResourceTypeName, ResourceSchemas>();

/** Returns the core schema and extension schemas of a resource type. */
export function getResourceSchemas(resourceType: ResourceTypeName): ResourceSchemas {
  let schemas = resolved.get(resourceType);
  if (schemas === undefined) {
    schemas = lookUpResourceSchemas(resourceType);
    resolved.set(resourceType, schemas);
  }
  return schemas;
}

function lookUpResourceSchemas(resourceType: ResourceTypeName): ResourceSchemas {
  const definition = getResourceType(resourceType);
  const core = getSchemaDefinition(definition.schema);
  if (!core) {
    throw new Error(`The schema ${definition.schema} of ${resourceType} is not registered.`);
  }
  const extensions = definition.schemaExtensions
    .map((extension) => getSchemaDefinition(extension.schema))
    .filter((schema): schema is SchemaDefinition => schema !== undefined);
  return { core, extensions };
}
