/**
 * Checks of a comparison against the attribute's type, and the normalized
 * literal both back ends compare with (RFC 7644 §3.4.2.2).
 */
import type { AttributeDefinition } from '../schema/types.ts';
import type { ComparisonNode, ComparisonOperator } from './ast.ts';
import { invalidFilter } from './targets.ts';

/** A comparison whose literal has been checked and converted to the attribute's type. */
export type PreparedComparison =
  | { type: 'string'; operator: ComparisonOperator; value: string; fold: boolean }
  | { type: 'number'; operator: ComparisonOperator; value: number }
  | { type: 'boolean'; operator: ComparisonOperator; value: boolean }
  /** `value` is the instant as an ISO 8601 UTC string with milliseconds. */
  | { type: 'dateTime'; operator: ComparisonOperator; value: string };

const ORDERING_OPERATORS: ReadonlySet<ComparisonOperator> = new Set(['gt', 'ge', 'lt', 'le']);
const SUBSTRING_OPERATORS: ReadonlySet<ComparisonOperator> = new Set(['co', 'sw', 'ew']);
const DATE_TIME_EXAMPLE = '"2026-01-31T08:00:00Z"';

/**
 * Returns what a comparison with null means: `eq null` is "not present" and
 * `ne null` is "present". Returns undefined when the literal is not null, and
 * throws ScimError 400 for any other operator with null.
 */
export function presenceForNull(node: ComparisonNode): 'present' | 'absent' | undefined {
  if (node.value !== null) {
    return undefined;
  }
  if (node.operator === 'eq') {
    return 'absent';
  }
  if (node.operator === 'ne') {
    return 'present';
  }
  throw invalidFilter(`operator '${node.operator}' cannot compare with null. Use 'eq null', 'ne null' or 'pr' to test for a value.`);
}

/**
 * Checks the operator and literal of a comparison against the attribute
 * `leaf` (named `pathText` in messages) and converts the literal: folded to
 * lower case for a string attribute that is not caseExact, normalized to UTC
 * for a dateTime. Throws ScimError 400 invalidFilter when they do not fit.
 */
export function prepareComparison(
  leaf: AttributeDefinition,
  pathText: string,
  node: ComparisonNode,
): PreparedComparison {
  const { operator } = node;
  switch (leaf.type) {
    case 'string':
    case 'reference':
    case 'binary': {
      const text = typeof node.value === 'string' ? node.value : (node.unquotedText ?? String(node.value));
      const fold = !leaf.caseExact;
      return { type: 'string', operator, value: fold ? text.toLowerCase() : text, fold };
    }
    case 'boolean':
      requireOperator(!ORDERING_OPERATORS.has(operator) && !SUBSTRING_OPERATORS.has(operator), operator, pathText, 'boolean', 'Use eq or ne.');
      if (typeof node.value !== 'boolean') {
        throw invalidFilter(`'${pathText}' is a boolean attribute, so compare it with true or false, not ${describeLiteral(node)}.`);
      }
      return { type: 'boolean', operator, value: node.value };
    case 'integer':
    case 'decimal':
      requireOperator(!SUBSTRING_OPERATORS.has(operator), operator, pathText, 'number', 'Use eq, ne, gt, ge, lt or le.');
      if (typeof node.value !== 'number') {
        throw invalidFilter(`'${pathText}' is a number attribute, so compare it with a number, not ${describeLiteral(node)}.`);
      }
      return { type: 'number', operator, value: node.value };
    case 'dateTime':
      requireOperator(!SUBSTRING_OPERATORS.has(operator), operator, pathText, 'dateTime', 'Use eq, ne, gt, ge, lt or le.');
      return { type: 'dateTime', operator, value: prepareDateTime(pathText, node) };
    case 'complex':
      throw new Error(`Internal error: prepareComparison called on the complex attribute '${pathText}'.`);
  }
}

/**
 * Converts an ISO 8601 date-time (xsd:dateTime, as RFC 7643 §2.3.5 requires)
 * to the UTC form `toISOString` writes, such as `2026-01-31T08:00:00.000Z`.
 * A value without an offset is taken as UTC. Returns undefined for any other
 * text, including impossible dates such as February 30.
 * NOTE: digits after the milliseconds are dropped, so `gt` and `ge` with a
 * literal such as `.0005Z` compare as if it were `.000Z`.
 */
export function normalizeDateTime(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i.exec(text);
  if (match === null) {
    return undefined;
  }
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  const dayStart = Date.UTC(Number(year), Number(month) - 1, Number(day));
  const isRealDate =
    Number(month) >= 1 && Number(month) <= 12 && new Date(dayStart).getUTCDate() === Number(day);
  if (!isRealDate || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    return undefined;
  }
  const milliseconds = (fraction || '.').slice(0, 4).padEnd(4, '0');
  const instant = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${milliseconds}${zone.toUpperCase()}`);
  return Number.isNaN(instant) ? undefined : new Date(instant).toISOString();
}

/**
 * Compares two strings by Unicode code point, the order SQLite's BINARY
 * collation gives UTF-8 text. Plain `<` compares UTF-16 code units, which
 * sorts characters above U+FFFF before U+E000–U+FFFF.
 */
export function compareCodePoints(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a !== b) {
      return codeUnitRank(a) - codeUnitRank(b);
    }
  }
  return left.length - right.length;
}

/** Moves surrogates (U+D800–U+DFFF) above U+E000–U+FFFF, keeping each group's order. */
function codeUnitRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) {
    return unit + 0x2000;
  }
  return unit >= 0xe000 ? unit - 0x800 : unit;
}

function prepareDateTime(pathText: string, node: ComparisonNode): string {
  if (typeof node.value !== 'string') {
    throw invalidFilter(`'${pathText}' is a dateTime attribute, so compare it with a quoted date-time such as ${DATE_TIME_EXAMPLE}, not ${describeLiteral(node)}.`);
  }
  const normalized = normalizeDateTime(node.value);
  if (normalized === undefined) {
    throw invalidFilter(`${JSON.stringify(node.value)} is not an ISO 8601 date-time such as ${DATE_TIME_EXAMPLE}.`);
  }
  return normalized;
}

function requireOperator(
  allowed: boolean,
  operator: ComparisonOperator,
  pathText: string,
  typeName: string,
  hint: string,
): void {
  if (!allowed) {
    throw invalidFilter(`operator '${operator}' cannot compare the ${typeName} attribute '${pathText}'. ${hint}`);
  }
}

function describeLiteral(node: ComparisonNode): string {
  return node.unquotedText ?? JSON.stringify(node.value);
}
