import { AdminError } from '../admin/errors.ts';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration such as `24h`, `90m`, `1h30m`, `7d` or `0` into milliseconds.
 * Units are s, m, h and d. Throws an invalid AdminError that names the value otherwise.
 */
export function parseDuration(text: string): number {
  const value = text.trim().toLowerCase();
  if (value === '0') {
    return 0;
  }
  if (!/^(\d+[smhd])+$/.test(value)) {
    throw new AdminError('invalid', `"${text}" is not a duration. Use a number with a unit: s, m, h or d, for example 24h, 90m or 1h30m.`);
  }
  let total = 0;
  for (const match of value.matchAll(/(\d+)([smhd])/g)) {
    total += Number(match[1]) * (UNIT_MS[match[2]!] ?? 0);
  }
  return total;
}

/** Formats milliseconds as the largest whole units, such as "24 hours" or "1 hour 30 minutes". */
export function formatDuration(ms: number): string {
  if (ms <= 0) {
    return 'no overlap';
  }
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, seconds] of [['day', 86_400], ['hour', 3_600], ['minute', 60], ['second', 1]] as const) {
    const count = Math.floor(rest / seconds);
    if (count > 0) {
      parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
      rest -= count * seconds;
    }
  }
  return parts.join(' ');
}
