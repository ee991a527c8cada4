import { ScimError } from './errors.ts';
import { getResourceSchemas } from './schema/lookup.ts';
import { resolveAttributePath } from './schema/registry.ts';
import type { AttributeDefinition, ResourceTypeName } from './schema/types.ts';
import { isObject } from './values.ts';

/** The `attributes` and `excludedAttributes` of a request (RFC 7644 §3.4.2.5), as canonical paths. */
export interface Projection {
  attributes: string[][] | undefined;
  excluded: string[][];
}

/** Reads comma-separated attribute lists; unknown names are kept out, as no resource can have them. */
export function readProjection(
  resourceType: ResourceTypeName,
  attributes: string | string[] | null | undefined,
  excluded: string | string[] | null | undefined,
): Projection {
  return {
    attributes: attributes === null || attributes === undefined || attributes === '' ? undefined : toPaths(resourceType, attributes),
    excluded: excluded === null || excluded === undefined ? [] : toPaths(resourceType, excluded),
  };
}

function toPaths(resourceType: ResourceTypeName, list: string | string[]): string[][] {
  const names = Array.isArray(list) ? list : list.split(',');
  const { extensions } = getResourceSchemas(resourceType);
  const paths: string[][] = [];
  for (const name of names.map((item) => item.trim()).filter((item) => item !== '')) {
    if (name.toLowerCase() === 'schemas') {
      continue;
    }
    // An extension's schema URN names all of its attributes, as the key of the extension object does.
    const extension = extensions.find((schema) => schema.id.toLowerCase() === name.toLowerCase());
    if (extension) {
      paths.push([extension.id]);
      continue;
    }
    const resolved = resolveAttributePath(resourceType, name);
    if (!resolved) {
      if (name.includes('[')) {
        throw new ScimError(400, 'invalidValue', `Attribute lists take attribute names, not filters: "${name}".`);
      }
      continue;
    }
    paths.push(resolved.canonicalPath);
  }
  return paths;
}

/** True when a response under this projection includes the top-level attribute `name`. */
export function includesAttribute(resourceType: ResourceTypeName, projection: Projection, name: string): boolean {
  const attribute = getResourceSchemas(resourceType).core.attributes.find((item) => item.name === name);
  const returned = attribute?.returned ?? 'default';
  if (returned === 'always') {
    return true;
  }
  if (returned === 'never') {
    return false;
  }
  if (projection.attributes) {
    return projection.attributes.some((path) => path[0] === name);
  }
  if (returned === 'request') {
    return false;
  }
  return !projection.excluded.some((path) => path.length === 1 && path[0] === name);
}

/**
 * Applies a projection to a rendered resource, honouring each attribute's
 * `returned` characteristic (RFC 7643 §7): `always` stays, `never` goes,
 * `request` only when listed in `attributes`.
 */
export function applyProjection(
  resourceType: ResourceTypeName,
  resource: Record<string, unknown>,
  projection: Projection,
): Record<string, unknown> {
  const { core, extensions } = getResourceSchemas(resourceType);
  const result: Record<string, unknown> = {};

  for (const [key, value] of Object.entries(resource)) {
    if (key === 'schemas') {
      result[key] = value;
      continue;
    }
    const extension = extensions.find((schema) => schema.id === key);
    if (extension && isObject(value)) {
      const inner = projectAttributes(extension.attributes, value, [key], projection);
      if (Object.keys(inner).length > 0) {
        result[key] = inner;
      }
      continue;
    }
    const attribute = attributeNamed(core.attributes, key);
    if (attribute && keep(attribute, [key], projection)) {
      result[key] = projectValue(attribute, value, [key], projection);
    }
  }
  return result;
}

function projectAttributes(
  attributes: AttributeDefinition[],
  value: Record<string, unknown>,
  prefix: string[],
  projection: Projection,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const attribute = attributeNamed(attributes, key);
    const path = [...prefix, key];
    if (attribute && keep(attribute, path, projection)) {
      result[key] = projectValue(attribute, inner, path, projection);
    }
  }
  return result;
}

function projectValue(attribute: AttributeDefinition, value: unknown, path: string[], projection: Projection): unknown {
  if (attribute.type !== 'complex' || !attribute.subAttributes) {
    return value;
  }
  const subs = attribute.subAttributes;
  const project = (item: unknown): unknown =>
    isObject(item) ? projectAttributes(subs, item, path, projection) : item;
  return Array.isArray(value) ? value.map(project) : project(value);
}

function keep(attribute: AttributeDefinition, path: string[], projection: Projection): boolean {
  if (attribute.returned === 'always') {
    return true;
  }
  if (attribute.returned === 'never') {
    return false;
  }
  if (projection.attributes) {
    // Keep the path when it, an ancestor or a descendant was requested.
    return projection.attributes.some((requested) => isPrefix(requested, path) || isPrefix(path, requested));
  }
  if (attribute.returned === 'request') {
    return false;
  }
  return !projection.excluded.some((excluded) => isPrefix(excluded, path));
}

/** Attribute lists by name, built once per list: a resource has tens of attributes, and every read projects each. */
const attributesByName = new WeakMap<readonly AttributeDefinition[], Map<string, AttributeDefinition>>();

function attributeNamed(attributes: readonly AttributeDefinition[], name: string): AttributeDefinition | undefined {
  let byName = attributesByName.get(attributes);
  if (byName === undefined) {
    byName = new Map(attributes.map((attribute) => [attribute.name, attribute]));
    attributesByName.set(attributes, byName);
  }
  return byName.get(name);
}

function isPrefix(prefix: string[], path: string[]): boolean {
  return prefix.length <= path.length && prefix.every((part, index) => part === path[index]);
}
