import { AdminError } from '../admin/errors.ts';
import { timeBeforeNow } from '../clock.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * How far an as-of time may lie after this host's clock, in milliseconds, for a
 * console whose clock runs slightly ahead.
 */
export const AS_OF_CLOCK_SKEW_MS = 60_000;

/** Which end of a day a date without a time stands for. */
export type DayEdge = 'start' | 'end';

/**
 * Parses a report time into an ISO 8601 UTC string with milliseconds, the form
 * events store. A date-time needs "Z" or an offset. A date alone means the start
 * (00:00:00.000Z) or the end (23:59:59.999Z) of that UTC day, so that
 * `--to 2025-03-31` includes the whole of March 31. An age such as 7d means that
 * long before `now`.
 */
export function parseReportTime(value: string, option: string, edge: DayEdge, now: Date = new Date()): string {
  const text = value.trim();
  const beforeNow = timeBeforeNow(text, now);
  if (beforeNow !== undefined) {
    return beforeNow;
  }
  if (DATE_ONLY.test(text)) {
    const iso = `${text}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`;
    return checkedIso(iso, value, option);
  }
  if (!DATE_TIME.test(text)) {
    const hint = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)
      ? 'It has no time zone: add "Z" for UTC or an offset such as "+02:00".'
      : 'Use an ISO 8601 date such as 2025-03-31, a date-time such as 2025-03-31T17:00:00Z, or an age such as 7d.';
    throw new AdminError('invalid', `The ${option} time "${value}" is not valid. ${hint}`);
  }
  return checkedIso(text, value, option);
}

/**
 * Parses the time that access is rebuilt as of, like parseReportTime with a date
 * meaning the end of that day, and rejects a time later than `now`. The event log
 * records nothing after now. Today's date alone means `now`, because the end of
 * today has not come yet.
 */
export function parseAsOf(value: string, option: string, now: Date = new Date()): string {
  const asOf = parseReportTime(value, option, 'end', now);
  if (DATE_ONLY.test(value.trim()) && value.trim() === now.toISOString().slice(0, 10)) {
    return now.toISOString();
  }
  checkNotLaterThanNow(asOf, `The ${option} time "${value}"`, now);
  return asOf;
}

/**
 * Rejects a moment later than `now` (beyond AS_OF_CLOCK_SKEW_MS), because access
 * can be rebuilt from the event log only up to now. `subject` starts the message.
 */
export function checkNotLaterThanNow(moment: string, subject: string, now: Date): void {
  if (Date.parse(moment) > now.getTime() + AS_OF_CLOCK_SKEW_MS) {
    throw new AdminError(
      'invalid',
      `${subject} is later than now (${now.toISOString()}). The event log can rebuild access only up to now, so choose an earlier time.`,
    );
  }
}

function checkedIso(text: string, original: string, option: string): string {
  const time = Date.parse(text);
  if (Number.isNaN(time) || !isCalendarDate(text.slice(0, 10))) {
    throw new AdminError('invalid', `The ${option} time "${original}" is not a real date. Check the day and month.`);
  }
  return new Date(time).toISOString();
}

/** True when YYYY-MM-DD names a day that exists; Date.parse rolls 2025-02-30 over to March 2 instead. */
function isCalendarDate(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
}

/** Checks that a period's start is not after its end. */
export function checkPeriod(from: string | undefined, to: string | undefined): void {
  if (from !== undefined && to !== undefined && from > to) {
    throw new AdminError('invalid', `The period starts at ${from}, after its end at ${to}. Choose a start that is not after the end.`);
  }
}
