/** Selection of a part of a provider sequence by step names, for replay's `from` and `until` options. */

import type { ProviderStep } from '../../shared/providers/index.ts';

const NUMBER_PREFIX = /^(\d+)-/;

/**
 * Returns the steps between `from` and `until`, both inclusive; either bound may be omitted.
 * Throws an Error that lists the valid step names when a name matches no step, or when `from`
 * comes after `until`.
 */
export function selectSteps(sequence: readonly ProviderStep[], from?: string, until?: string): ProviderStep[] {
  const start = from === undefined ? 0 : findStepIndex(sequence, from);
  const end = until === undefined ? sequence.length - 1 : findStepIndex(sequence, until);
  if (start > end) {
    const first = sequence[start]?.name ?? from;
    const last = sequence[end]?.name ?? until;
    throw new Error(`Invalid step range: "${first}" comes after "${last}" in the sequence.`);
  }
  return sequence.slice(start, end + 1);
}

/**
 * Returns the index of the step that `reference` names. A reference may be the full name
 * (`09-add-member`), the number alone (`09` or `9`) or the name without its number (`add-member`).
 */
export function findStepIndex(sequence: readonly ProviderStep[], reference: string): number {
  const wanted = reference.trim();
  const matches: number[] = [];
  sequence.forEach((step, index) => {
    if (stepMatches(step.name, wanted)) matches.push(index);
  });

  const [only] = matches;
  if (only !== undefined && matches.length === 1) return only;

  const names = sequence.map((step) => step.name).join(', ');
  if (matches.length === 0) {
    throw new Error(`Unknown step "${reference}". Valid steps: ${names}.`);
  }
  const candidates = matches.map((index) => sequence[index]?.name).join(', ');
  throw new Error(`Step "${reference}" is ambiguous: it matches ${candidates}. Use the full name.`);
}

function stepMatches(name: string, reference: string): boolean {
  if (name === reference) return true;

  const prefix = NUMBER_PREFIX.exec(name);
  if (prefix === null) return false;
  const [numbered, digits] = prefix;
  if (/^\d+$/.test(reference)) return Number(digits) === Number(reference);
  return name.slice(numbered.length) === reference;
}
