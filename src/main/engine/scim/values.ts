import { ScimError } from './errors.ts';
import type { AttributeDefinition } from './schema/types.ts';

/**
 * Notes on what the engine read differently from how it arrived, such as
 * "active 'False' read as false". They go into the request's sync event.
 */
export type Normalizations = string[];

/** Returns the sub-attribute of a complex attribute by case-insensitive name. */
export function findSub(attribute: AttributeDefinition, name: string): AttributeDefinition | undefined {
  const lower = name.toLowerCase();
  return attribute.subAttributes?.find((sub) => sub.name.toLowerCase() === lower);
}

/** Returns true for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Converts one incoming value to the attribute's type (RFC 7643 §2.3), tolerating
 * the forms providers send: booleans as "True"/"false" strings, numbers as strings,
 * a bare string for a complex attribute whose main sub-attribute is `value`
 * (Entra ID's `manager`). Nulls and read-only sub-attributes inside complex values are dropped. Throws
 * ScimError 400 invalidValue naming `where` for anything else.
 */
export function normalizeValue(
  attribute: AttributeDefinition,
  value: unknown,
  where: string,
  notes: Normalizations,
): unknown {
  if (attribute.multiValued) {
    if (!Array.isArray(value)) {
      throw new ScimError(400, 'invalidValue', `${where}: '${attribute.name}' is multi-valued, so its value must be an array.`);
    }
    const items = value
      .filter((item) => item !== null)
      .map((item, index) => normalizeSingle(attribute, item, `${where}[${index}]`, notes));
    checkSinglePrimary(attribute, items, where);
    return items;
  }
  return normalizeSingle(attribute, value, where, notes);
}

/** Rejects a multi-valued attribute with more than one `primary: true` value (RFC 7643 §2.4). */
export function checkSinglePrimary(attribute: AttributeDefinition, items: unknown[], where: string): void {
  const primaries = items.filter((item) => isObject(item) && item.primary === true).length;
  if (primaries > 1) {
    throw new ScimError(
      400,
      'invalidValue',
      `${where}: at most one value of '${attribute.name}' may have "primary": true, found ${primaries}.`,
    );
  }
}

function normalizeSingle(
  attribute: AttributeDefinition,
  value: unknown,
  where: string,
  notes: Normalizations,
): unknown {
  if (attribute.type === 'complex') {
    return normalizeComplex(attribute, value, where, notes);
  }
  return normalizeSimple(attribute, value, where, notes);
}

function normalizeComplex(
  attribute: AttributeDefinition,
  value: unknown,
  where: string,
  notes: Normalizations,
): Record<string, unknown> {
  if (typeof value === 'string' && attribute.subAttributes?.some((sub) => sub.name === 'value')) {
    notes.push(`${where}: bare string read as {"value": "${value}"}`);
    return { value };
  }
  if (Array.isArray(value) && value.length === 1 && isObject(value[0])) {
    // Entra ID sets the single-valued `manager` with a one-element array.
    notes.push(`${where}: one-element array read as its only value`);
    return normalizeComplex(attribute, value[0], where, notes);
  }
  if (!isObject(value)) {
    throw new ScimError(400, 'invalidValue', `${where}: '${attribute.name}' must be an object.`);
  }

  const result: Record<string, unknown> = {};
  for (const [key, subValue] of Object.entries(value)) {
    const sub = findSub(attribute, key);
    // A read-only sub-attribute, such as manager.displayName, is the server's to set (RFC 7643 §2.2).
    if (!sub || subValue === null || subValue === undefined || sub.mutability === 'readOnly') {
      continue;
    }
    result[sub.name] = normalizeSimple(sub, subValue, `${where}.${sub.name}`, notes);
  }
  return result;
}

function normalizeSimple(
  attribute: AttributeDefinition,
  value: unknown,
  where: string,
  notes: Normalizations,
): unknown {
  switch (attribute.type) {
    case 'boolean':
      return toBoolean(value, where, notes);
    case 'integer':
    case 'decimal':
      return toNumber(attribute, value, where, notes);
    case 'dateTime':
      return toDateTime(value, where);
    case 'complex':
      throw new ScimError(400, 'invalidValue', `${where}: nested complex attributes are not allowed.`);
    default:
      return toText(value, where, notes);
  }
}

function toBoolean(value: unknown, where: string, notes: Normalizations): boolean {
  if (typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) {
    const result = value.toLowerCase() === 'true';
    notes.push(`${where}: '${value}' read as ${result}`);
    return result;
  }
  throw new ScimError(400, 'invalidValue', `${where}: expected a boolean, got ${JSON.stringify(value)}.`);
}

function toNumber(attribute: AttributeDefinition, value: unknown, where: string, notes: Normalizations): number {
  let result: number | undefined;
  if (typeof value === 'number') {
    result = value;
  } else if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    result = Number(value);
    notes.push(`${where}: '${value}' read as the number ${result}`);
  }
  if (result === undefined || !Number.isFinite(result) || (attribute.type === 'integer' && !Number.isInteger(result))) {
    throw new ScimError(400, 'invalidValue', `${where}: expected ${attribute.type === 'integer' ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}.`);
  }
  return result;
}

function toDateTime(value: unknown, where: string): string {
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
    return value;
  }
  throw new ScimError(400, 'invalidValue', `${where}: expected an ISO 8601 date and time, got ${JSON.stringify(value)}.`);
}

function toText(value: unknown, where: string, notes: Normalizations): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    notes.push(`${where}: ${JSON.stringify(value)} read as the string "${String(value)}"`);
    return String(value);
  }
  throw new ScimError(400, 'invalidValue', `${where}: expected a string, got ${JSON.stringify(value)}.`);
}
