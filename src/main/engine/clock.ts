/** Source of the current time; tests pass a controlled one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Returns the clock's time as an ISO 8601 UTC string with milliseconds. */
export function nowIso(clock: Clock): string {
  return clock.now().toISOString();
}
