import type { SyncEvent } from '../../../../shared/api.ts';
import { formatDuration, formatTime } from '../../lib/format.ts';

function statusClass(status: number | null): string {
  if (status === null) {
    return 'status';
  }
  return status >= 400 ? 'status status-error' : 'status status-ok';
}

/** Renders one sync event with its request line, its outcome and what it changed. */
export function EventRow({ event }: { event: SyncEvent }) {
  const failed = event.status !== null && event.status >= 400;
  return (
    <li
      className={failed ? 'event event-error' : 'event'}
      data-testid="event-row"
      data-event-id={event.id}
    >
      <div className="event-line">
        <time dateTime={event.at} title={event.at}>
          {formatTime(event.at)}
        </time>
        <span className="event-connection">{event.connectionName ?? 'engine'}</span>
        <span className="event-method">{event.method ?? event.kind}</span>
        <code className="event-path">{event.path ?? ''}</code>
        <span className={statusClass(event.status)} data-testid="event-status">
          {event.status ?? ''}
        </span>
        <span className="event-duration">{formatDuration(event.durationMs)}</span>
      </div>
      <div className="event-summary">{event.summary}</div>
      {event.changes.length > 0 && (
        <ul className="event-changes" aria-label="Changes">
          {event.changes.map((change, index) => (
            // Changes have no id, so the index is the key. An event's changes are never reordered.
            <li key={index}>{change.text}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
