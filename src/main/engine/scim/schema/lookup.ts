import { getResourceType, getSchemaDefinition } from './registry.ts';
import type { ResourceTypeName, SchemaDefinition } from './types.ts';

/** The core schema and extension schemas of a resource type. */
export function getResourceSchemas(resourceType: ResourceTypeName): {
  core: SchemaDefinition;
  extensions: SchemaDefinition[];
} {
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
