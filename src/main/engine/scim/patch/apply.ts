import { ScimError } from '../errors.ts';
import { evaluateFilter } from '../filter/evaluate.ts';
import type { ResourceTypeName } from '../schema/types.ts';
import { checkSinglePrimary, isObject, normalizeValue, type Normalizations } from '../values.ts';
import type { PatchOperation } from './operations.ts';
import { parsePatchPath, type PatchTarget } from './path.ts';

type Doc = Record<string, unknown>;

/**
 * Handles `members` operations of a Group PATCH, which the engine applies as set
 * operations in SQL instead of on the document.
 */
export type MemberOperationHandler = (operation: PatchOperation, target: PatchTarget, value: unknown) => void;

/** Attributes a client may PATCH but the engine never stores. */
const DISCARDED = new Set(['password']);

/**
 * Applies PatchOp operations in order to a copy of a stored document
 * (RFC 7644 §3.5.2) and returns the copy. A path-less operation applies each key
 * of its value object as a path, including dotted and URN-qualified keys.
 */
export function applyPatch(
  resourceType: ResourceTypeName,
  stored: Doc,
  operations: PatchOperation[],
  notes: Normalizations,
  onMembers?: MemberOperationHandler,
): Doc {
  const doc = structuredClone(stored);

  for (const operation of operations) {
    if (operation.path === undefined) {
      applyPathless(resourceType, doc, operation, notes, onMembers);
      continue;
    }
    const target = parsePatchPath(resourceType, operation.path, operation.index);
    applyToTarget(doc, operation, target, operation.value, notes, onMembers);
  }
  return doc;
}

function applyPathless(
  resourceType: ResourceTypeName,
  doc: Doc,
  operation: PatchOperation,
  notes: Normalizations,
  onMembers?: MemberOperationHandler,
): void {
  if (!isObject(operation.value)) {
    throw new ScimError(400, 'invalidValue', `PatchOp operation ${operation.index}: without a 'path', 'value' must be an object of attributes.`);
  }

  for (const [key, value] of expandPathlessValue(operation.value)) {
    if (key.toLowerCase() === 'id' || key.toLowerCase() === 'schemas' || key.toLowerCase() === 'meta') {
      // Okta repeats the group's id in a path-less rename; it cannot change, so it is skipped.
      continue;
    }
    let target: PatchTarget;
    try {
      target = parsePatchPath(resourceType, key, operation.index);
    } catch {
      notes.push(`operation ${operation.index}: unknown attribute '${key}' ignored`);
      continue;
    }
    applyToTarget(doc, operation, target, value, notes, onMembers);
  }
}

/** Splits `{ "urn:…:User": { a: 1 } }` into `urn:…:User:a`, so extension objects work path-less too. */
function expandPathlessValue(value: Doc): [string, unknown][] {
  const entries: [string, unknown][] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('urn:') && isObject(inner)) {
      for (const [innerKey, innerValue] of Object.entries(inner)) {
        entries.push([`${key}:${innerKey}`, innerValue]);
      }
    } else {
      entries.push([key, inner]);
    }
  }
  return entries;
}

function applyToTarget(
  doc: Doc,
  operation: PatchOperation,
  target: PatchTarget,
  value: unknown,
  notes: Normalizations,
  onMembers?: MemberOperationHandler,
): void {
  const { attribute } = target;
  const label = `PatchOp operation ${operation.index}`;

  if (onMembers && attribute.name === 'members' && target.container === undefined) {
    onMembers(operation, target, value);
    return;
  }
  if (DISCARDED.has(attribute.name)) {
    notes.push(`operation ${operation.index}: '${attribute.name}' accepted and not stored`);
    return;
  }
  if (attribute.mutability === 'readOnly') {
    throw new ScimError(400, 'mutability', `${label}: '${attribute.name}' is read-only.`);
  }
  if (target.subAttribute?.mutability === 'readOnly') {
    throw new ScimError(400, 'mutability', `${label}: '${attribute.name}.${target.subAttribute.name}' is read-only.`);
  }

  const container = containerOf(doc, target, operation.op !== 'remove');
  if (!container) {
    return;
  }
  const before = structuredClone(container[attribute.name]);

  if (target.filter) {
    applyToFilteredValues(container, operation, target, value, notes);
  } else if (target.subAttribute) {
    applyToSubAttribute(container, operation, target, value, notes);
  } else {
    applyToAttribute(container, operation, target, value, notes);
  }

  if (attribute.multiValued && Array.isArray(container[attribute.name])) {
    checkSinglePrimary(attribute, container[attribute.name] as unknown[], label);
  }
  if (attribute.mutability === 'immutable' && before !== undefined && JSON.stringify(before) !== JSON.stringify(container[attribute.name])) {
    throw new ScimError(400, 'mutability', `${label}: '${attribute.name}' is immutable and already set.`);
  }
  if (target.container && Object.keys(container).length === 0) {
    delete doc[target.container];
  }
}

function containerOf(doc: Doc, target: PatchTarget, create: boolean): Doc | undefined {
  if (target.container === undefined) {
    return doc;
  }
  const existing = doc[target.container];
  if (isObject(existing)) {
    return existing;
  }
  if (!create) {
    return undefined;
  }
  const created: Doc = {};
  doc[target.container] = created;
  return created;
}

function applyToAttribute(container: Doc, operation: PatchOperation, target: PatchTarget, value: unknown, notes: Normalizations): void {
  const { attribute } = target;
  const name = attribute.name;
  const where = `PatchOp operation ${operation.index}: ${name}`;

  if (operation.op === 'remove') {
    if (attribute.multiValued && operation.hasValue && Array.isArray(container[name])) {
      const removals = normalizeValue(attribute, asArray(value, attribute.multiValued, notes, operation.index), where, notes) as unknown[];
      const keys = new Set(removals.map(valueKey));
      container[name] = (container[name] as unknown[]).filter((item) => !keys.has(valueKey(item)));
    } else {
      delete container[name];
    }
    return;
  }

  if (value === null) {
    delete container[name];
    return;
  }
  const normalized = normalizeValue(attribute, asArray(value, attribute.multiValued, notes, operation.index), where, notes);

  if (attribute.multiValued) {
    const existing = Array.isArray(container[name]) ? (container[name] as unknown[]) : [];
    container[name] = operation.op === 'add' ? appendUnique(existing, normalized as unknown[]) : normalized;
    if (operation.op === 'add' || operation.op === 'replace') {
      demoteOtherPrimaries(container[name] as unknown[], normalized as unknown[]);
    }
    return;
  }
  if (attribute.type === 'complex' && isObject(container[name]) && isObject(normalized)) {
    container[name] = { ...(container[name] as Doc), ...normalized };
    return;
  }
  container[name] = normalized;
}

function applyToSubAttribute(container: Doc, operation: PatchOperation, target: PatchTarget, value: unknown, notes: Normalizations): void {
  const { attribute } = target;
  const sub = target.subAttribute!;
  const where = `PatchOp operation ${operation.index}: ${attribute.name}.${sub.name}`;

  if (attribute.multiValued) {
    // `emails.value` without a filter addresses every value of the attribute.
    const items = Array.isArray(container[attribute.name]) ? (container[attribute.name] as Doc[]) : [];
    for (const item of items) {
      setOrRemoveSub(item, operation, sub.name, value === null ? undefined : normalizeValue(sub, value, where, notes));
    }
    return;
  }

  const parent = isObject(container[attribute.name]) ? (container[attribute.name] as Doc) : {};
  const normalized = operation.op === 'remove' || value === null ? undefined : normalizeValue(sub, value, where, notes);
  setOrRemoveSub(parent, operation, sub.name, normalized);
  if (Object.keys(parent).length > 0) {
    container[attribute.name] = parent;
  } else {
    delete container[attribute.name];
  }
}

function applyToFilteredValues(container: Doc, operation: PatchOperation, target: PatchTarget, value: unknown, notes: Normalizations): void {
  const { attribute } = target;
  const items = Array.isArray(container[attribute.name]) ? (container[attribute.name] as Doc[]) : [];
  const matches = items.filter((item) => matchesValueFilter(target, item));
  const label = `PatchOp operation ${operation.index}`;

  if (operation.op === 'remove') {
    if (target.subAttribute) {
      matches.forEach((item) => delete item[target.subAttribute!.name]);
    } else {
      container[attribute.name] = items.filter((item) => !matches.includes(item));
    }
    if ((container[attribute.name] as unknown[]).length === 0) {
      delete container[attribute.name];
    }
    return;
  }

  if (matches.length === 0) {
    const created = valueFromEqualityFilter(target);
    if (!created) {
      throw new ScimError(400, 'noTarget', `${label}: no value of '${attribute.name}' matches [${target.filterText}].`);
    }
    // Entra ID sets `emails[type eq "work"].value` on users without a work email yet.
    notes.push(`operation ${operation.index}: no value matched [${target.filterText}], so one was added`);
    items.push(created);
    matches.push(created);
    container[attribute.name] = items;
  }

  for (const item of matches) {
    if (target.subAttribute) {
      const where = `${label}: ${attribute.name}.${target.subAttribute.name}`;
      item[target.subAttribute.name] = normalizeValue(target.subAttribute, value, where, notes);
    } else {
      const replacement = normalizeValue({ ...attribute, multiValued: false }, value, `${label}: ${attribute.name}`, notes);
      Object.assign(item, replacement);
    }
  }
  demoteOtherPrimaries(items, matches);
}

function matchesValueFilter(target: PatchTarget, item: Doc): boolean {
  const probe: Doc = { [target.attribute.name]: [item] };
  const resource = target.container ? { [target.container]: probe } : probe;
  return evaluateFilter(target.filter!, resourceTypeOf(target), resource);
}

function resourceTypeOf(target: PatchTarget): ResourceTypeName {
  return target.attribute.name === 'members' ? 'Group' : 'User';
}

/** For a filter of the form `type eq "work"`, returns the value `{ type: "work" }` to create. */
function valueFromEqualityFilter(target: PatchTarget): Doc | undefined {
  const match = /^\s*(\w+)\s+eq\s+"([^"]*)"\s*$/i.exec(target.filterText ?? '');
  if (!match || !target.subAttribute) {
    return undefined;
  }
  const key = target.attribute.subAttributes?.find((sub) => sub.name.toLowerCase() === match[1]!.toLowerCase());
  return key ? { [key.name]: match[2] } : undefined;
}

function setOrRemoveSub(item: Doc, operation: PatchOperation, name: string, value: unknown): void {
  if (operation.op === 'remove' || value === undefined) {
    delete item[name];
  } else {
    item[name] = value;
  }
}

function asArray(value: unknown, multiValued: boolean, notes: Normalizations, index: number): unknown {
  if (multiValued && !Array.isArray(value) && value !== null) {
    notes.push(`operation ${index}: single value read as a one-element array`);
    return [value];
  }
  return value;
}

function appendUnique(existing: unknown[], added: unknown[]): unknown[] {
  const keys = new Set(existing.map(valueKey));
  return [...existing, ...added.filter((item) => !keys.has(valueKey(item)))];
}

/** When an added or changed value is primary, the others stop being primary (RFC 7644 §3.5.2). */
function demoteOtherPrimaries(all: unknown[], changed: unknown[]): void {
  if (!changed.some((item) => isObject(item) && item.primary === true)) {
    return;
  }
  for (const item of all) {
    if (isObject(item) && item.primary === true && !changed.includes(item)) {
      item.primary = false;
    }
  }
}

function valueKey(item: unknown): string {
  if (isObject(item)) {
    return JSON.stringify([item.value, item.type]);
  }
  return JSON.stringify(item);
}
