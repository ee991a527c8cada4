/**
 * In-memory evaluation of a filter against one SCIM resource (RFC 7644
 * §3.4.2.2), with the meaning described in parse.ts. It must return what
 * `compileFilter` (sql.ts) selects from the store for the same resource.
 */
import type { ResourceTypeName } from '../schema/types.ts';
import type { ComparisonNode, FilterNode, PresentNode, ValuePathNode } from './ast.ts';
import {
  compareCodePoints,
  normalizeDateTime,
  prepareComparison,
  presenceForNull,
  type PreparedComparison,
} from './operands.ts';
import {
  comparisonTarget,
  formatTarget,
  invalidFilter,
  leafDefinition,
  requireComplexTarget,
  resolveFilterPath,
  resolveSubAttributePath,
  type AttributeTarget,
  type FilterTarget,
} from './targets.ts';

/** A SCIM resource or one element of a complex attribute, as parsed JSON. */
type JsonObject = Record<string, unknown>;

type Predicate = (subject: JsonObject) => boolean;

/**
 * The context of a filter node: the resource itself, or each element of
 * `parent` for a node inside the brackets of `parent[...]`.
 */
interface Scope {
  resourceType: ResourceTypeName;
  parent?: AttributeTarget;
}

/**
 * Returns whether a SCIM resource matches a filter (RFC 7644 §3.4.2.2).
 * `resource` is the resource as JSON: core attributes at the top level in any
 * letter case, extension attributes under the extension URN, `meta` with
 * `created` and `lastModified`, and for a Group `members` as `{value, display,
 * type}` objects. Throws ScimError 400 invalidFilter if the filter does not
 * fit the schema, whatever the resource holds.
 */
export function evaluateFilter(
  node: FilterNode,
  resourceType: ResourceTypeName,
  resource: JsonObject,
): boolean {
  return createFilterPredicate(node, resourceType)(resource);
}

/**
 * Checks a filter against the schema once and returns a function that tests
 * resources with it, for evaluating one filter on many resources.
 */
export function createFilterPredicate(node: FilterNode, resourceType: ResourceTypeName): Predicate {
  return buildPredicate(node, { resourceType });
}

function buildPredicate(node: FilterNode, scope: Scope): Predicate {
  switch (node.kind) {
    case 'and': {
      const left = buildPredicate(node.left, scope);
      const right = buildPredicate(node.right, scope);
      return (subject) => left(subject) && right(subject);
    }
    case 'or': {
      const left = buildPredicate(node.left, scope);
      const right = buildPredicate(node.right, scope);
      return (subject) => left(subject) || right(subject);
    }
    case 'not': {
      const inner = buildPredicate(node.filter, scope);
      return (subject) => !inner(subject);
    }
    case 'present':
      return buildPresence(node, scope);
    case 'comparison':
      return buildComparison(node, scope);
    case 'valuePath':
      return buildValuePath(node, scope);
  }
}

function buildPresence(node: PresentNode, scope: Scope): Predicate {
  const target = resolveTarget(node.path, scope);
  if (target.kind === 'absent') {
    return () => false;
  }
  return (subject) => readValues(subject, target, scope).some(isPresentValue);
}

function buildComparison(node: ComparisonNode, scope: Scope): Predicate {
  const target = resolveTarget(node.path, scope);
  const nullMeaning = presenceForNull(node);
  if (nullMeaning !== undefined) {
    const isPresent = buildPresence({ kind: 'present', path: node.path }, scope);
    return nullMeaning === 'present' ? isPresent : (subject) => !isPresent(subject);
  }
  if (target.kind === 'absent') {
    return () => false;
  }

  const compared = comparisonTarget(scope.resourceType, target);
  if (compared.kind === 'absent') {
    return () => false;
  }
  const prepared = prepareComparison(leafDefinition(compared), formatTarget(compared), node);
  return (subject) => readValues(subject, compared, scope).some((value) => matches(prepared, value));
}

function buildValuePath(node: ValuePathNode, scope: Scope): Predicate {
  if (scope.parent !== undefined) {
    throw invalidFilter('a value filter cannot contain another value filter.');
  }
  const target = resolveTarget(node.path, scope);
  if (target.kind === 'absent') {
    return () => false;
  }
  requireComplexTarget(target);
  const matchesElement = buildPredicate(node.filter, { resourceType: scope.resourceType, parent: target });
  return (resource) => readElements(resource, target).some(matchesElement);
}

function resolveTarget(path: ComparisonNode['path'], scope: Scope): FilterTarget {
  return scope.parent === undefined
    ? resolveFilterPath(scope.resourceType, path)
    : resolveSubAttributePath(scope.resourceType, scope.parent, path);
}

/**
 * Reads the values a target has in `subject`: one value for a single-valued
 * attribute, each value of a multi-valued one. Null and missing values are left out.
 */
function readValues(subject: JsonObject, target: AttributeTarget, scope: Scope): unknown[] {
  const { attribute, subAttribute } = target;
  if (scope.parent !== undefined) {
    return withoutNulls([getProperty(subject, subAttribute?.name ?? attribute.name)]);
  }
  if (attribute.type === 'complex' && attribute.multiValued) {
    const elements = readElements(subject, target);
    return subAttribute === undefined ? elements : withoutNulls(elements.map((element) => getProperty(element, subAttribute.name)));
  }

  const raw = getProperty(readContainer(subject, target), attribute.name);
  if (attribute.multiValued) {
    return withoutNulls(Array.isArray(raw) ? raw : []);
  }
  return withoutNulls([subAttribute === undefined ? raw : getProperty(raw, subAttribute.name)]);
}

/** Returns the objects a complex attribute contains: each element of a multi-valued one, or the single object. */
function readElements(resource: JsonObject, target: AttributeTarget): JsonObject[] {
  const raw = getProperty(readContainer(resource, target), target.attribute.name);
  if (!target.attribute.multiValued) {
    return isJsonObject(raw) ? [raw] : [];
  }
  return Array.isArray(raw) ? raw.filter(isJsonObject) : [];
}

/** Returns the object that contains the target's attribute: the resource, or its extension object. */
function readContainer(resource: JsonObject, target: AttributeTarget): unknown {
  const isExtension = target.canonicalPath[0]?.startsWith('urn:') === true;
  return isExtension ? getProperty(resource, target.canonicalPath[0] ?? '') : resource;
}

/** Reads a property by its canonical name, falling back to a case-insensitive match (RFC 7643 §2.1). */
function getProperty(owner: unknown, name: string): unknown {
  if (!isJsonObject(owner)) {
    return undefined;
  }
  if (name in owner) {
    return owner[name];
  }
  const key = name.toLowerCase();
  const match = Object.keys(owner).find((candidate) => candidate.toLowerCase() === key);
  return match === undefined ? undefined : owner[match];
}

function matches(prepared: PreparedComparison, value: unknown): boolean {
  switch (prepared.type) {
    case 'string': {
      if (typeof value !== 'string') {
        return false;
      }
      return compareString(prepared.operator, prepared.fold ? value.toLowerCase() : value, prepared.value);
    }
    case 'dateTime': {
      const instant = typeof value === 'string' ? normalizeDateTime(value) : undefined;
      return instant !== undefined && compareOrdered(prepared.operator, compareCodePoints(instant, prepared.value));
    }
    case 'number':
      return typeof value === 'number' && compareOrdered(prepared.operator, value - prepared.value);
    case 'boolean':
      return typeof value === 'boolean' && compareOrdered(prepared.operator, value === prepared.value ? 0 : 1);
  }
}

function compareString(operator: PreparedComparison['operator'], value: string, literal: string): boolean {
  switch (operator) {
    case 'co':
      return value.includes(literal);
    case 'sw':
      return value.startsWith(literal);
    case 'ew':
      return value.endsWith(literal);
    default:
      return compareOrdered(operator, compareCodePoints(value, literal));
  }
}

/** Applies eq, ne, gt, ge, lt or le to the sign of a comparison result. */
function compareOrdered(operator: PreparedComparison['operator'], difference: number): boolean {
  switch (operator) {
    case 'eq':
      return difference === 0;
    case 'ne':
      return difference !== 0;
    case 'gt':
      return difference > 0;
    case 'ge':
      return difference >= 0;
    case 'lt':
      return difference < 0;
    case 'le':
      return difference <= 0;
    default:
      throw new Error(`Internal error: operator '${operator}' reached an ordered comparison.`);
  }
}

/** Returns whether a value counts as present for `pr`: not null, missing, "" or [] (RFC 7644 §3.4.2.2). */
function isPresentValue(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

function withoutNulls(values: unknown[]): unknown[] {
  return values.filter((value) => value !== undefined && value !== null);
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
