const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});
const preciseFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
});
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Formats an ISO 8601 timestamp as a local date and time, or returns `fallback` for null. */
export function formatDateTime(iso: string | null, fallback = 'never'): string {
  if (iso === null) {
    return fallback;
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

/**
 * Formats an ISO 8601 timestamp as a local date and time to the millisecond, for moments that
 * several events within one minute may separate, such as the moment of a past view.
 */
export function formatPreciseDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : preciseFormat.format(date);
}

/** Formats an ISO 8601 timestamp as a local time with seconds, prefixed by the date unless it is today. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  const isToday = date.toDateString() === new Date().toDateString();
  return isToday ? timeFormat.format(date) : `${dayFormat.format(date)}, ${timeFormat.format(date)}`;
}

/** Formats a duration in milliseconds, e.g. "12 ms" or "1.4 s". */
export function formatDuration(ms: number | null): string {
  if (ms === null) {
    return '';
  }
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
