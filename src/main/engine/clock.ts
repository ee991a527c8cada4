/** Source of the current time; tests pass a controlled one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Returns the clock's time as an ISO 8601 UTC string with milliseconds. */
export function nowIso(clock: Clock): string {
  return clock.now().toISOString();
}

const AGE = /^(\d+)\s*(s|m|h|d)$/i;
const AGE_UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Reads an age such as 45s, 30m, 12h or 7d and returns the ISO 8601 time that long
 * before `now`, or undefined when the text is not an age.
 */
export function timeBeforeNow(text: string, now: Date): string | undefined {
  const age = AGE.exec(text.trim());
  if (!age) {
    return undefined;
  }
  const unitMs = AGE_UNIT_MS[age[2]!.toLowerCase() as keyof typeof AGE_UNIT_MS];
  return new Date(now.getTime() - Number(age[1]) * unitMs).toISOString();
}
