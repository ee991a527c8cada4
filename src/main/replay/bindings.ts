/**
 * Placeholder bindings for replay: substitution of ids into step paths and bodies, and reading
 * captured values from response bodies.
 */

import type { ProviderStep } from '../../shared/providers/index.ts';
import { PLACEHOLDER_PATTERN } from '../../shared/providers/index.ts';

/** Placeholder name, such as `user:ada`, to the id the server returned for it. */
export type Bindings = Map<string, string>;

/** Error for a placeholder that no earlier step has bound, in this run or a previous one. */
export class UnboundPlaceholderError extends Error {
  readonly placeholder: string;

  constructor(placeholder: string, message: string) {
    super(message);
    this.name = 'UnboundPlaceholderError';
    this.placeholder = placeholder;
  }
}

/** Returns the step that binds `placeholder`, preferring one that creates the resource over a lookup. */
export function findBindingStep(sequence: readonly ProviderStep[], placeholder: string): ProviderStep | undefined {
  const binders = sequence.filter((step) => step.captures?.[placeholder] !== undefined);
  const creator = binders.find((step) => !isListCapture(step.captures?.[placeholder] ?? ''));
  return creator ?? binders[0];
}

/** Reports whether a capture path reads a ListResponse, whose Resources may be empty. */
export function isListCapture(path: string): boolean {
  return path.startsWith('Resources.') || path.startsWith('Resources[');
}

/**
 * Replaces the placeholders in a step path. Ids are inserted unchanged in path segments and
 * URL-encoded after the `?`. Throws UnboundPlaceholderError when a placeholder has no id.
 */
export function substitutePath(path: string, bindings: Bindings, describeMissing: (name: string) => string): string {
  const queryStart = path.indexOf('?');
  const pathPart = queryStart === -1 ? path : path.slice(0, queryStart);
  const queryPart = queryStart === -1 ? '' : path.slice(queryStart);
  const resolvedPath = substituteString(pathPart, bindings, describeMissing, (id) => id);
  const resolvedQuery = substituteString(queryPart, bindings, describeMissing, encodeURIComponent);
  return resolvedPath + resolvedQuery;
}

/** Returns a copy of a JSON body with the placeholders in its strings replaced by their ids. */
export function substituteBody(body: unknown, bindings: Bindings, describeMissing: (name: string) => string): unknown {
  if (typeof body === 'string') return substituteString(body, bindings, describeMissing, (id) => id);
  if (Array.isArray(body)) return body.map((item) => substituteBody(item, bindings, describeMissing));
  if (body !== null && typeof body === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) {
      copy[key] = substituteBody(value, bindings, describeMissing);
    }
    return copy;
  }
  return body;
}

function substituteString(
  text: string,
  bindings: Bindings,
  describeMissing: (name: string) => string,
  encode: (id: string) => string,
): string {
  return text.replace(PLACEHOLDER_PATTERN, (_match, name: string) => {
    const id = bindings.get(name);
    if (id === undefined) throw new UnboundPlaceholderError(name, describeMissing(name));
    return encode(id);
  });
}

/**
 * Returns the value at a dotted path such as `id` or `Resources.0.id` (`Resources[0].id` also
 * works), or undefined when any part of the path is missing.
 */
export function readJsonPath(value: unknown, path: string): unknown {
  const segments = path.replace(/\[(\d+)\]/g, '.$1').split('.').filter((segment) => segment !== '');
  let current: unknown = value;
  for (const segment of segments) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      current = current[Number(segment)];
    } else if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}
