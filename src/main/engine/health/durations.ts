/**
 * Describes a number of minutes in words for sentences the admin reads:
 * "1 minute", "45 minutes", "3 hours 5 minutes", "2 days 4 hours".
 */
export function describeMinutes(totalMinutes: number): string {
  const minutes = Math.max(0, Math.floor(totalMinutes));
  if (minutes < 60) {
    return plural(minutes, 'minute');
  }
  if (minutes < 24 * 60) {
    const rest = minutes % 60;
    return rest === 0 ? plural(minutes / 60, 'hour') : `${plural(Math.floor(minutes / 60), 'hour')} ${plural(rest, 'minute')}`;
  }
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  return hours === 0 ? plural(days, 'day') : `${plural(days, 'day')} ${plural(hours, 'hour')}`;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
