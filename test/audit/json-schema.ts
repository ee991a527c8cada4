/**
 * A small JSON Schema (2020-12) validator for the keywords that
 * docs/report.schema.json uses: $ref to #/$defs, type, const, enum, pattern,
 * minimum, required, properties, additionalProperties, items, anyOf, allOf and
 * if/then. Any other keyword fails the check, so the schema cannot silently
 * use one that this validator ignores.
 */
type Schema = Record<string, unknown>;

const KNOWN_KEYWORDS = new Set([
  '$schema', '$id', '$defs', '$ref', 'title', 'description', 'type', 'const', 'enum', 'pattern', 'minimum',
  'required', 'properties', 'additionalProperties', 'items', 'anyOf', 'allOf', 'if', 'then',
]);

/** Returns every violation as "<path>: <problem>"; an empty list means the value is valid. */
export function validateJsonSchema(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(root, root, value, '$', errors);
  return errors;
}

function check(root: Schema, schema: Schema, value: unknown, path: string, errors: string[]): void {
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN_KEYWORDS.has(keyword)) {
      errors.push(`${path}: the schema uses "${keyword}", which this validator does not support`);
    }
  }
  if (typeof schema.$ref === 'string') {
    check(root, resolveRef(root, schema.$ref), value, path, errors);
  }
  if (schema.type !== undefined && !matchesType(schema.type as string | string[], value)) {
    errors.push(`${path}: expected ${JSON.stringify(schema.type)}, got ${JSON.stringify(value)}`);
    return;
  }
  if ('const' in schema && value !== schema.const) {
    errors.push(`${path}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value as never)) {
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (typeof schema.pattern === 'string' && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    errors.push(`${path}: "${value}" does not match ${schema.pattern}`);
  }
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) {
    errors.push(`${path}: ${value} is below the minimum ${schema.minimum}`);
  }
  checkObject(root, schema, value, path, errors);
  if (schema.items !== undefined && Array.isArray(value)) {
    value.forEach((item, index) => check(root, schema.items as Schema, item, `${path}[${index}]`, errors));
  }
  if (Array.isArray(schema.anyOf)) {
    const passes = (schema.anyOf as Schema[]).some((option) => validateFrom(root, option, value).length === 0);
    if (!passes) {
      errors.push(`${path}: matches none of anyOf`);
    }
  }
  for (const part of (schema.allOf as Schema[] | undefined) ?? []) {
    check(root, part, value, path, errors);
  }
  if (schema.if !== undefined && validateFrom(root, schema.if as Schema, value).length === 0 && schema.then !== undefined) {
    check(root, schema.then as Schema, value, path, errors);
  }
}

function checkObject(root: Schema, schema: Schema, value: unknown, path: string, errors: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of (schema.required as string[] | undefined) ?? []) {
    if (!(key in record)) {
      errors.push(`${path}: missing required property "${key}"`);
    }
  }
  const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
  for (const [key, item] of Object.entries(record)) {
    const propertySchema = properties[key];
    if (propertySchema !== undefined) {
      check(root, propertySchema, item, `${path}.${key}`, errors);
    } else if (schema.additionalProperties === false) {
      errors.push(`${path}: property "${key}" is not allowed`);
    } else if (typeof schema.additionalProperties === 'object') {
      check(root, schema.additionalProperties as Schema, item, `${path}.${key}`, errors);
    }
  }
}

function validateFrom(root: Schema, schema: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(root, schema, value, '$', errors);
  return errors;
}

function resolveRef(root: Schema, ref: string): Schema {
  const match = /^#\/\$defs\/([A-Za-z0-9]+)$/.exec(ref);
  const target = match ? (root.$defs as Record<string, Schema> | undefined)?.[match[1]!] : undefined;
  if (!target) {
    throw new Error(`The schema reference ${ref} does not resolve.`);
  }
  return target;
}

function matchesType(type: string | string[], value: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  return types.some((name) => {
    switch (name) {
      case 'null':
        return value === null;
      case 'array':
        return Array.isArray(value);
      case 'object':
        return typeof value === 'object' && value !== null && !Array.isArray(value);
      case 'integer':
        return Number.isInteger(value);
      default:
        return typeof value === name;
    }
  });
}
