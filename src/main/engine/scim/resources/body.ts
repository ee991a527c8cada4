import { ScimError } from '../errors.ts';
import { getResourceSchemas } from '../schema/lookup.ts';
import type { AttributeDefinition, ResourceTypeName, SchemaDefinition } from '../schema/types.ts';
import { isObject, normalizeValue, type Normalizations } from '../values.ts';
import type { MemberInput } from './group-repository.ts';

/** Attributes a client may send but the engine never stores. */
const DISCARDED_ON_WRITE = new Set(['password']);

/**
 * Reads a POST or PUT body into the stored form of a resource (RFC 7644 §3.3, §3.5.1):
 * attribute names in the schema's spelling, extension attributes under their URN,
 * readOnly attributes (`id`, `meta`, `groups`) and unknown attributes or schemas
 * ignored, nulls read as unset, and `password` accepted but dropped.
 * Group members are returned apart from the document because they live in their own table.
 */
export function readResourceBody(
  resourceType: ResourceTypeName,
  body: unknown,
  notes: Normalizations,
): { doc: Record<string, unknown>; members: MemberInput[] | undefined } {
  if (!isObject(body)) {
    throw new ScimError(400, 'invalidSyntax', 'The request body must be a JSON object.');
  }

  const { core, extensions } = getResourceSchemas(resourceType);
  const doc: Record<string, unknown> = {};
  let members: MemberInput[] | undefined;

  for (const [key, value] of Object.entries(body)) {
    const extension = extensions.find((schema) => schema.id.toLowerCase() === key.toLowerCase());
    if (extension) {
      const extensionDoc = readAttributes(extension, value, extension.id, notes);
      if (Object.keys(extensionDoc).length > 0) {
        doc[extension.id] = extensionDoc;
      }
      continue;
    }

    const attribute = findAttribute(core, stripCoreUrn(core, key));
    if (!attribute || value === null || value === undefined) {
      continue;
    }
    if (resourceType === 'Group' && attribute.name === 'members') {
      members = readMembersValue(value);
      continue;
    }
    if (DISCARDED_ON_WRITE.has(attribute.name)) {
      notes.push(`'${attribute.name}' accepted and not stored`);
      continue;
    }
    if (attribute.mutability === 'readOnly') {
      continue;
    }
    doc[attribute.name] = normalizeValue(attribute, value, attribute.name, notes);
  }

  checkRequired(core, doc);
  return { doc, members };
}

function readAttributes(
  schema: SchemaDefinition,
  value: unknown,
  where: string,
  notes: Normalizations,
): Record<string, unknown> {
  if (value === null) {
    return {};
  }
  if (!isObject(value)) {
    throw new ScimError(400, 'invalidValue', `${where}: the extension's attributes must be a JSON object.`);
  }
  const result: Record<string, unknown> = {};
  for (const [key, attributeValue] of Object.entries(value)) {
    const attribute = findAttribute(schema, key);
    if (!attribute || attributeValue === null || attribute.mutability === 'readOnly') {
      continue;
    }
    result[attribute.name] = normalizeValue(attribute, attributeValue, `${where}:${attribute.name}`, notes);
  }
  return result;
}

/** Finds a top-level attribute of a schema by case-insensitive name. */
export function findAttribute(schema: SchemaDefinition, name: string): AttributeDefinition | undefined {
  const lower = name.toLowerCase();
  return schema.attributes.find((attribute) => attribute.name.toLowerCase() === lower);
}

function stripCoreUrn(core: SchemaDefinition, key: string): string {
  const prefix = `${core.id.toLowerCase()}:`;
  return key.toLowerCase().startsWith(prefix) ? key.slice(prefix.length) : key;
}

function checkRequired(core: SchemaDefinition, doc: Record<string, unknown>): void {
  for (const attribute of core.attributes) {
    if (!attribute.required || attribute.mutability === 'readOnly') {
      continue;
    }
    const value = doc[attribute.name];
    if (value === undefined || isBlank(value)) {
      throw new ScimError(400, 'invalidValue', `The attribute '${attribute.name}' is required and cannot be blank.`);
    }
  }
}

/** True for a string that is empty or only white space, which cannot name a user or group. */
export function isBlank(value: unknown): boolean {
  return typeof value === 'string' && value.trim() === '';
}

/** Checks the shape of a `members` value: an array of objects with a string `value`. */
export function readMembersValue(value: unknown): MemberInput[] {
  if (!Array.isArray(value)) {
    throw new ScimError(400, 'invalidValue', "'members' must be an array of objects with a 'value'.");
  }
  return value.map((member, index) => {
    if (!isObject(member) || typeof member.value !== 'string' || member.value === '') {
      throw new ScimError(400, 'invalidValue', `members[${index}]: each member needs a string 'value' with the member's id.`);
    }
    const result: MemberInput = { value: member.value };
    if (typeof member.display === 'string') {
      result.display = member.display;
    }
    if (typeof member.type === 'string') {
      result.type = member.type;
    }
    return result;
  });
}
