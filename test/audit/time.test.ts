import { describe, expect, it } from 'vitest';
import { AS_OF_CLOCK_SKEW_MS, parseAsOf, parseReportTime } from '../../src/main/engine/audit/time.ts';
import { timeBeforeNow } from '../../src/main/engine/clock.ts';

describe('parseReportTime', () => {
  it('reads a date as the start or the end of that UTC day', () => {
    expect(parseReportTime('2025-03-31', '--from', 'start')).toBe('2025-03-31T00:00:00.000Z');
    expect(parseReportTime('2025-03-31', '--to', 'end')).toBe('2025-03-31T23:59:59.999Z');
  });

  it('converts an offset to UTC', () => {
    expect(parseReportTime('2025-03-31T17:00:00+02:00', '--as-of', 'end')).toBe('2025-03-31T15:00:00.000Z');
    expect(parseReportTime('2025-03-31T17:00Z', '--as-of', 'end')).toBe('2025-03-31T17:00:00.000Z');
  });

  it('rejects a time without a zone', () => {
    expect(() => parseReportTime('2025-03-31T17:00:00', '--as-of', 'end')).toThrow('The --as-of time "2025-03-31T17:00:00" is not valid. It has no time zone: add "Z" for UTC or an offset such as "+02:00".');
  });

  it('rejects days that do not exist', () => {
    for (const value of ['2025-02-29', '2025-13-01', '2025-04-31T10:00:00Z']) {
      expect(() => parseReportTime(value, '--from', 'start'), value).toThrow(`The --from time "${value}" is not a real date. Check the day and month.`);
    }
    expect(parseReportTime('2024-02-29', '--from', 'start')).toBe('2024-02-29T00:00:00.000Z');
  });

  it('reads an age as that long before now', () => {
    const now = new Date('2025-03-31T12:00:00.000Z');
    expect(parseReportTime('7d', '--from', 'start', now)).toBe('2025-03-24T12:00:00.000Z');
    expect(parseReportTime('12h', '--to', 'end', now)).toBe('2025-03-31T00:00:00.000Z');
    expect(parseReportTime('30m', '--as-of', 'end', now)).toBe('2025-03-31T11:30:00.000Z');
    expect(parseReportTime('45S', '--from', 'start', now)).toBe('2025-03-31T11:59:15.000Z');
  });

  it('rejects an age without a unit', () => {
    expect(() => parseReportTime('7', '--from', 'start')).toThrow('or an age such as 7d');
  });

  it('rejects words', () => {
    expect(() => parseReportTime('yesterday', '--to', 'end')).toThrow('Use an ISO 8601 date such as 2025-03-31');
  });
});

describe('parseAsOf', () => {
  const now = new Date('2025-03-31T12:00:00.000Z');

  it('accepts past times and ages', () => {
    expect(parseAsOf('2025-03-30', '--as-of', now)).toBe('2025-03-30T23:59:59.999Z');
    expect(parseAsOf('2025-03-31T11:00:00Z', '--as-of', now)).toBe('2025-03-31T11:00:00.000Z');
    expect(parseAsOf('1h', '--as-of', now)).toBe('2025-03-31T11:00:00.000Z');
  });

  it('reads today as now', () => {
    expect(parseAsOf('2025-03-31', '--as-of', now)).toBe('2025-03-31T12:00:00.000Z');
  });

  it('rejects a future time', () => {
    expect(() => parseAsOf('2030-01-01T00:00:00Z', '--as-of', now)).toThrow(
      'The --as-of time "2030-01-01T00:00:00Z" is later than now (2025-03-31T12:00:00.000Z). The event log can rebuild access only up to now, so choose an earlier time.',
    );
    expect(() => parseAsOf('2025-04-01', 'as-of', now)).toThrow('The as-of time "2025-04-01" is later than now');
  });

  it('tolerates a little clock skew', () => {
    const ahead = new Date(now.getTime() + AS_OF_CLOCK_SKEW_MS).toISOString();
    const tooFar = new Date(now.getTime() + AS_OF_CLOCK_SKEW_MS + 1000).toISOString();

    expect(parseAsOf(ahead, '--as-of', now)).toBe(ahead);
    expect(() => parseAsOf(tooFar, '--as-of', now)).toThrow('is later than now');
  });
});

describe('timeBeforeNow', () => {
  it('ignores text that is not an age', () => {
    const now = new Date('2025-03-31T12:00:00.000Z');
    expect(timeBeforeNow('2025-03-30', now)).toBeUndefined();
    expect(timeBeforeNow('7w', now)).toBeUndefined();
    expect(timeBeforeNow(' 2d ', now)).toBe('2025-03-29T12:00:00.000Z');
  });
});
