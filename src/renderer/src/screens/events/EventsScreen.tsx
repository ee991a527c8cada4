import { useEffect } from 'react';
import { Loading } from '../../components/Loading.tsx';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { MAX_EVENTS_IN_MEMORY, useEventsStore } from '../../stores/events.ts';
import { EventRow } from './EventRow.tsx';

export function EventsScreen() {
  const { events, hasMore, loaded, loading, loadingOlder, error, load, loadOlder, subscribe } = useEventsStore();

  // Subscribing before the first page loads means no event falls between the two.
  useEffect(() => subscribe(), [subscribe]);
  useEffect(() => {
    void load();
  }, [load]);

  const full = events.length >= MAX_EVENTS_IN_MEMORY;

  return (
    <>
      <header className="screen-header">
        <h1>Live events</h1>
        <span className="live-indicator">
          Live: new events appear at the top as they arrive.
        </span>
      </header>
      {error !== null && <ProblemNotice problem={error} onRetry={() => void load()} />}
      {!loaded && loading && <Loading what="sync events" />}
      {loaded && events.length === 0 && (
        <p className="empty" data-testid="events-empty">
          No sync events yet. Events appear here when an identity provider sends its first SCIM
          request to a connection's SCIM base URL.
        </p>
      )}
      {events.length > 0 && (
        <ol className="event-list" aria-label="Sync events, newest first" data-testid="event-list">
          {events.map((event) => (
            <EventRow key={event.id} event={event} />
          ))}
        </ol>
      )}
      {loaded && hasMore && !full && (
        <div className="button-row">
          <button type="button" onClick={() => void loadOlder()} disabled={loadingOlder}>
            {loadingOlder ? 'Loading older events…' : 'Load older'}
          </button>
        </div>
      )}
      {full && (
        <p className="muted">
          The console keeps the newest {MAX_EVENTS_IN_MEMORY.toLocaleString()} events in memory, so
          older events are not shown here.
        </p>
      )}
    </>
  );
}
