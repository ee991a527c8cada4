/**
 * Placeholders in provider sequences: `{{kind:name}}` tokens, such as `{{user:ada}}`, that stand
 * for ids the server returns at run time.
 */

/** Matches one placeholder and captures its name, such as `user:ada`. */
export const PLACEHOLDER_PATTERN = /\{\{([a-z]+:[a-z0-9-]+)\}\}/g;

/** Returns the distinct placeholder names in a string or in every string of a JSON value, in order of appearance. */
export function listPlaceholders(value: unknown): string[] {
  const names = new Set<string>();
  collectPlaceholders(value, names);
  return [...names];
}

function collectPlaceholders(value: unknown, names: Set<string>): void {
  if (typeof value === 'string') {
    for (const match of value.matchAll(PLACEHOLDER_PATTERN)) {
      if (match[1] !== undefined) names.add(match[1]);
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectPlaceholders(item, names);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectPlaceholders(item, names);
  }
}
