/**
 * Converts the value of a datetime-local input (local time, no zone) to an
 * ISO 8601 UTC time for the engine, or undefined when the field is empty.
 */
export function localInputToIso(value: string): string | undefined {
  if (value.trim() === '') {
    return undefined;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}
