/**
 * Resolution of filter paths to schema attributes, shared by the evaluator and
 * the SQL compiler so that both see the same attribute, or the same absence.
 */
import { ScimError } from '../errors.ts';
import { findSubAttribute, resolveAttributePath } from '../schema/registry.ts';
import type { AttributeDefinition, ResourceTypeName } from '../schema/types.ts';
import type { AttributePath } from './ast.ts';
import { renderAttributePath } from './render.ts';

/** A schema attribute that a filter path refers to. */
export interface AttributeTarget {
  kind: 'attribute';
  /** The path from the resource root in canonical spelling, led by the URN for an extension attribute. */
  canonicalPath: string[];
  /** The top-level attribute. */
  attribute: AttributeDefinition;
  subAttribute?: AttributeDefinition;
}

/**
 * The target of a filter path. `absent` covers unknown attributes and
 * attributes that are never returned. Filters treat them as having no value.
 */
export type FilterTarget = { kind: 'absent' } | AttributeTarget;

const ABSENT: FilterTarget = { kind: 'absent' };

/**
 * Paths that filters reject because the store does not keep them as values:
 * `meta.location` and the `$ref` URIs depend on the request's base URL, and
 * `meta.version` is derived from the version counter.
 */
const UNFILTERABLE_PATHS: Record<ResourceTypeName, ReadonlySet<string>> = {
  User: new Set(['meta.location', 'meta.version', 'groups.$ref']),
  Group: new Set(['meta.location', 'meta.version', 'members.$ref']),
};

/** Resolves a path written at the top level of a filter. */
export function resolveFilterPath(resourceType: ResourceTypeName, path: AttributePath): FilterTarget {
  const resolved = resolveAttributePath(resourceType, renderAttributePath(path));
  if (resolved === undefined) {
    return ABSENT;
  }
  const target: AttributeTarget = { kind: 'attribute', ...resolved };
  return checkTarget(resourceType, target);
}

/** Resolves a path written inside the brackets of `parent[...]`, which names a sub-attribute. */
export function resolveSubAttributePath(
  resourceType: ResourceTypeName,
  parent: AttributeTarget,
  path: AttributePath,
): FilterTarget {
  if (path.schema !== undefined || path.subAttribute !== undefined) {
    return ABSENT;
  }
  const subAttribute = findSubAttribute(parent.attribute, path.attribute);
  if (subAttribute === undefined) {
    return ABSENT;
  }
  return checkTarget(resourceType, {
    kind: 'attribute',
    canonicalPath: [...parent.canonicalPath, subAttribute.name],
    attribute: parent.attribute,
    subAttribute,
  });
}

/**
 * Returns the target a comparison reads. A complex attribute without a
 * sub-attribute compares its `value` sub-attribute, as `emails eq "x"` does.
 * Throws ScimError 400 for a complex attribute that has no `value`.
 */
export function comparisonTarget(resourceType: ResourceTypeName, target: AttributeTarget): FilterTarget {
  if (target.subAttribute !== undefined || target.attribute.type !== 'complex') {
    return target;
  }
  const value = findSubAttribute(target.attribute, 'value');
  if (value === undefined) {
    const example = target.attribute.subAttributes?.[0]?.name ?? 'value';
    throw invalidFilter(
      `'${formatTarget(target)}' is a complex attribute, so compare one of its sub-attributes, such as '${formatTarget(target)}.${example}'.`,
    );
  }
  return resolveSubAttributePath(resourceType, target, { attribute: value.name });
}

/** Throws ScimError 400 unless the target can take a value filter `[...]`. */
export function requireComplexTarget(target: AttributeTarget): void {
  if (target.subAttribute !== undefined || target.attribute.type !== 'complex') {
    throw invalidFilter(`'${formatTarget(target)}' is not a complex attribute, so it cannot take a value filter '[...]'.`);
  }
}

/** Returns the definition whose type and caseExact govern a comparison. */
export function leafDefinition(target: AttributeTarget): AttributeDefinition {
  return target.subAttribute ?? target.attribute;
}

/** Formats a target's canonical path for messages, such as `name.givenName` or `urn:…:User:manager.value`. */
export function formatTarget(target: AttributeTarget): string {
  const names = [target.attribute.name];
  if (target.subAttribute !== undefined) {
    names.push(target.subAttribute.name);
  }
  const path = names.join('.');
  const first = target.canonicalPath[0] ?? '';
  return first.startsWith('urn:') ? `${first}:${path}` : path;
}

/** Builds the ScimError 400 invalidFilter for a filter that parses but cannot be applied. */
export function invalidFilter(detail: string): ScimError {
  return new ScimError(400, 'invalidFilter', `Invalid filter: ${detail}`);
}

function checkTarget(resourceType: ResourceTypeName, target: AttributeTarget): FilterTarget {
  if (target.attribute.returned === 'never' || target.subAttribute?.returned === 'never') {
    return ABSENT;
  }
  const path = formatTarget(target);
  if (UNFILTERABLE_PATHS[resourceType].has(path)) {
    throw invalidFilter(`'${path}' cannot be used in a filter because the store does not keep it as a value.`);
  }
  return target;
}
