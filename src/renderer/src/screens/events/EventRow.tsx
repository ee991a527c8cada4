import type { SyncEvent } from '../../../../shared/api.ts';
import { formatDuration, formatTime } from '../../lib/format.ts';

/** Height of one row of the virtualized list, in CSS pixels; EventList positions rows with it. */
export const EVENT_ROW_HEIGHT = 52;

function statusClass(status: number | null): string {
  if (status === null) {
    return 'status';
  }
  return status >= 400 ? 'status status-error' : 'status status-ok';
}

type Props = {
  event: SyncEvent;
  selected: boolean;
  onOpen: (id: number) => void;
};

/**
 * Names where an event came from: a request's connection, marked when the built-in simulator sent
 * it, an admin change's actor ("console", "cli (alice)"), or the engine.
 */
export function eventSource(event: SyncEvent): string {
  if (event.kind === 'scim.request') {
    const connection = event.connectionName ?? 'no connection';
    return event.fromSimulator ? `${connection} (simulator)` : connection;
  }
  return event.actor ?? event.connectionName ?? 'engine';
}

/**
 * Describes a row as one sentence for screen readers, e.g.
 * "09:12:04 AM, Okta, DELETE /Groups/42, status 204, 3 ms. Deleted group Contractors".
 */
export function describeEventRow(event: SyncEvent): string {
  const request = [event.method ?? event.kind, event.path].filter((part) => part !== null).join(' ');
  const parts = [formatTime(event.at), eventSource(event), request];
  if (event.status !== null) {
    parts.push(`status ${event.status}`);
  }
  const duration = formatDuration(event.durationMs);
  if (duration !== '') {
    parts.push(duration);
  }
  return `${parts.join(', ')}. ${event.summary}`;
}

/**
 * Renders one sync event on two lines: the request and its outcome, then the summary. Selecting it opens the detail.
 * The spaces between the parts do not show in the grid, but they keep the row's text ("DELETE /Groups/42") apart when copied.
 */
export function EventRow({ event, selected, onOpen }: Props) {
  const failed = event.status !== null && event.status >= 400;
  const classes = ['event-row', failed ? 'event-row-error' : '', selected ? 'event-row-selected' : ''].filter(Boolean).join(' ');
  return (
    <button
      type="button"
      className={classes}
      data-testid="event-row"
      data-event-id={event.id}
      aria-pressed={selected}
      aria-label={describeEventRow(event)}
      onClick={() => onOpen(event.id)}
    >
      <span className="event-line">
        <time dateTime={event.at} title={event.at}>
          {formatTime(event.at)}
        </time>{' '}
        <span className="event-connection" title={eventSource(event)}>
          {eventSource(event)}
        </span>{' '}
        <span className="event-method">{event.method ?? event.kind}</span>{' '}
        <code className="event-path" title={event.path ?? undefined}>
          {event.path ?? ''}
        </code>{' '}
        <span className={statusClass(event.status)} data-testid="event-status">
          {event.status ?? ''}
        </span>{' '}
        <span className="event-duration">{formatDuration(event.durationMs)}</span>
      </span>{' '}
      <span className="event-summary" title={event.summary}>
        {/* The source column may cut the connection's name, so the simulator's mark also leads the summary. */}
        {event.fromSimulator && (
          <span className="chip chip-muted" data-testid="simulator-mark">
            simulator
          </span>
        )}{' '}
        {event.summary}
      </span>
    </button>
  );
}
