import { ScimError } from '../errors.ts';
import type { FilterNode } from '../filter/ast.ts';
import { parseFilter } from '../filter/parse.ts';
import { resolveAttributePath } from '../schema/registry.ts';
import type { AttributeDefinition, ResourceTypeName } from '../schema/types.ts';
import { findSub } from '../values.ts';

/** A PATCH target (RFC 7644 §3.5.2 "path"): an attribute, an optional value filter, an optional sub-attribute. */
export interface PatchTarget {
  /** Key in the stored document that holds the attribute: its name, or the extension URN for extension attributes. */
  container: string | undefined;
  attribute: AttributeDefinition;
  /** Filter of a value path such as `emails[type eq "work"]`, applied to each value of the attribute. */
  filter: FilterNode | undefined;
  /** Source text of the filter, for messages. */
  filterText: string | undefined;
  subAttribute: AttributeDefinition | undefined;
}

/**
 * Parses a PATCH path such as `name.givenName`, `emails[type eq "work"].value`,
 * `members[value eq "id"]` or `urn:…:enterprise:2.0:User:manager`. Attribute names
 * are case-insensitive. Throws ScimError 400 invalidPath naming the operation.
 */
export function parsePatchPath(resourceType: ResourceTypeName, path: string, index: number): PatchTarget {
  const bracket = path.indexOf('[');
  if (bracket < 0) {
    return resolveTarget(resourceType, path, undefined, undefined, index);
  }

  const close = findClosingBracket(path, bracket);
  if (close < 0) {
    throw new ScimError(400, 'invalidPath', `PatchOp operation ${index}: the path "${path}" has no closing ']'.`);
  }
  const attributeText = path.slice(0, bracket);
  const filterText = path.slice(bracket + 1, close);
  const rest = path.slice(close + 1);
  if (rest !== '' && !rest.startsWith('.')) {
    throw new ScimError(400, 'invalidPath', `PatchOp operation ${index}: unexpected "${rest}" after ']' in "${path}".`);
  }

  let filter: FilterNode;
  try {
    filter = parseFilter(`${attributeText}[${filterText}]`);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ScimError(400, 'invalidPath', `PatchOp operation ${index}: invalid value filter in "${path}": ${detail}`);
  }
  return resolveTarget(resourceType, attributeText, filter, filterText, index, rest.slice(1) || undefined);
}

function resolveTarget(
  resourceType: ResourceTypeName,
  attributeText: string,
  filter: FilterNode | undefined,
  filterText: string | undefined,
  index: number,
  subAfterFilter?: string,
): PatchTarget {
  const resolved = resolveAttributePath(resourceType, attributeText);
  if (!resolved) {
    throw new ScimError(400, 'invalidPath', `PatchOp operation ${index}: "${attributeText}" is not an attribute of ${resourceType}.`);
  }

  let subAttribute = resolved.subAttribute;
  if (subAfterFilter !== undefined) {
    if (subAttribute) {
      throw new ScimError(400, 'invalidPath', `PatchOp operation ${index}: a value filter must follow the attribute, not its sub-attribute.`);
    }
    subAttribute = findSub(resolved.attribute, subAfterFilter);
    if (!subAttribute) {
      throw new ScimError(400, 'invalidPath', `PatchOp operation ${index}: "${subAfterFilter}" is not a sub-attribute of '${resolved.attribute.name}'.`);
    }
  }
  if (filter && !resolved.attribute.multiValued) {
    throw new ScimError(400, 'invalidPath', `PatchOp operation ${index}: a value filter needs a multi-valued attribute, and '${resolved.attribute.name}' is single-valued.`);
  }

  const isExtension = resolved.canonicalPath[0]?.startsWith('urn:') ?? false;
  return {
    container: isExtension ? resolved.canonicalPath[0] : undefined,
    attribute: resolved.attribute,
    filter,
    filterText,
    subAttribute,
  };
}

function findClosingBracket(text: string, open: number): number {
  let inString = false;
  for (let position = open + 1; position < text.length; position += 1) {
    const char = text[position];
    if (char === '\\' && inString) {
      position += 1;
    } else if (char === '"') {
      inString = !inString;
    } else if (char === ']' && !inString) {
      return position;
    }
  }
  return -1;
}
