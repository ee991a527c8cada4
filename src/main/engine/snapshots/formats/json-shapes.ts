import type { JsonWithLines } from '../json-lines.ts';
import type { SnapshotBuilder } from '../builder.ts';

/** A JSON object as the format readers inspect it. */
export type JsonObject = Record<string, unknown>;

/** Returns true for a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns the list of entries of a document: the document itself when it is an array,
 * else the first of `keys` that contains an array. Records a problem and returns undefined
 * when there is none.
 */
export function entriesOf(json: JsonWithLines, keys: readonly string[], builder: SnapshotBuilder, label: string): unknown[] | undefined {
  if (Array.isArray(json.value)) {
    return json.value;
  }
  if (isObject(json.value)) {
    for (const key of keys) {
      const entries = json.value[key];
      if (Array.isArray(entries)) {
        return entries;
      }
    }
  }
  const wanted = keys.map((key) => `"${key}"`).join(' or ');
  builder.problem(1, `A ${label} JSON export is an array, or an object with a ${wanted} array; this file is neither.`);
  return undefined;
}

/** Returns the line of a JSON node for problems, falling back to the parent's line. */
export function lineOf(json: JsonWithLines, node: unknown, fallback: number | null): number | null {
  return typeof node === 'object' && node !== null ? (json.lineOf(node) ?? fallback) : fallback;
}

/** Reads a nested property such as profile.login; undefined when a step is missing. */
export function pick(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const step of path.split('.')) {
    if (!isObject(current)) {
      return undefined;
    }
    current = current[step];
  }
  return current;
}
