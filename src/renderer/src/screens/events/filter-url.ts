import type { EventFilter } from '../../../../shared/api.ts';

/**
 * The Live events filter in the URL hash, e.g. `#events?connection=…&status=error&event=42`,
 * so that a reload or a copied link shows the same events. The hash is rewritten with
 * `history.replaceState`, which adds no history entry and fires no `hashchange`.
 */

/** URL parameter of each filter field. */
const PARAMETERS: [keyof EventFilter, string][] = [
  ['connectionId', 'connection'],
  ['type', 'type'],
  ['user', 'user'],
  ['group', 'group'],
  ['workspace', 'workspace'],
  ['status', 'status'],
  ['since', 'since'],
  ['until', 'until'],
  ['text', 'q'],
];

/** The filter and the opened event that a URL hash names. */
export interface EventsLocation {
  filter: EventFilter;
  /** Id of the event whose detail is open, or null. */
  eventId: number | null;
}

/** Reads the filter and the opened event from a hash such as `#events?status=error&event=12`. */
export function readEventsLocation(hash: string): EventsLocation {
  const query = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '';
  const params = new URLSearchParams(query);
  const filter: Record<string, string> = {};
  for (const [field, name] of PARAMETERS) {
    const value = params.get(name)?.trim();
    if (value) {
      filter[field] = value;
    }
  }
  if (filter.status !== undefined && filter.status !== 'error') {
    delete filter.status;
  }
  const eventId = Number(params.get('event'));
  return { filter: filter as EventFilter, eventId: Number.isInteger(eventId) && eventId > 0 ? eventId : null };
}

/** Builds the hash for the events screen with a filter and an opened event. */
export function eventsHash(location: EventsLocation): string {
  const params = new URLSearchParams();
  for (const [field, name] of PARAMETERS) {
    const value = location.filter[field];
    if (value !== undefined && value !== '') {
      params.set(name, value);
    }
  }
  if (location.eventId !== null) {
    params.set('event', String(location.eventId));
  }
  const query = params.toString();
  return query === '' ? '#events' : `#events?${query}`;
}

/** Replaces the current URL's hash without a navigation, when the events screen is the one shown. */
export function writeEventsLocation(location: EventsLocation): void {
  if (!window.location.hash.startsWith('#events')) {
    return;
  }
  const hash = eventsHash(location);
  if (hash !== window.location.hash) {
    window.history.replaceState(window.history.state, '', hash);
  }
}
