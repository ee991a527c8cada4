import { useCallback, useEffect } from 'react';
import type { EventFilter } from '../../../../shared/api.ts';
import { Loading } from '../../components/Loading.tsx';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { useEventDetailStore } from '../../stores/event-detail.ts';
import { describeTimeRangeProblem, isEmptyFilter, useEventsStore } from '../../stores/events.ts';
import { TIMELINE_SPANS, useTimelineStore } from '../../stores/timeline.ts';
import { SyncProgressStrip } from '../overview/SyncProgressStrip.tsx';
import { EventDetailPanel } from './EventDetailPanel.tsx';
import { EventFilters } from './EventFilters.tsx';
import { EventList } from './EventList.tsx';
import { readEventsLocation, writeEventsLocation } from './filter-url.ts';
import { TimelineChart } from './TimelineChart.tsx';
import './events.css';

/** How often the timeline chart is redrawn while the screen is open, in ms. */
const TIMELINE_REFRESH_MS = 5000;

/** Renders the Live events screen: filters kept in the URL, the timeline chart, the virtualized list and the opened event. */
export function EventsScreen() {
  const events = useEventsStore();
  const detail = useEventDetailStore();
  const timeline = useTimelineStore();
  const { setFilter, subscribe, filter } = events;
  const { open } = detail;
  const { load: loadTimeline, spanMinutes } = timeline;

  // The URL names the filter and the opened event, on first display and when a link changes it.
  useEffect(() => {
    const apply = (onMount: boolean) => {
      const location = readEventsLocation(window.location.hash);
      // The sidebar link carries no filter: coming back to the screen keeps the last one.
      if (onMount && !window.location.hash.includes('?') && useEventsStore.getState().loaded) {
        void useEventsStore.getState().load();
        return;
      }
      setFilter(location.filter);
      void open(location.eventId);
    };
    apply(true);
    const onHashChange = () => apply(false);
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [setFilter, open]);

  useEffect(() => subscribe(), [subscribe]);

  useEffect(() => {
    writeEventsLocation({ filter, eventId: detail.eventId });
  }, [filter, detail.eventId]);

  useEffect(() => {
    void loadTimeline(filter);
    const timer = window.setInterval(() => void loadTimeline(filter), TIMELINE_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [filter, spanMinutes, loadTimeline]);

  const changeFilter = useCallback((next: EventFilter) => setFilter(next), [setFilter]);
  const onFilter = (changes: Partial<EventFilter>) => setFilter({ ...filter, ...changes });
  const total = events.total;
  const rangeProblem = describeTimeRangeProblem(filter);
  const hasTimeRange = filter.since !== undefined || filter.until !== undefined;
  let countText = `${total?.toLocaleString()} matching event${total === 1 ? '' : 's'}`;
  if (total === null) {
    countText = events.countFailed ? 'Counting events failed' : 'Counting events…';
  }

  return (
    <>
      <header className="screen-header">
        <h1>Live events</h1>
        <span className="live-indicator" data-testid="events-count">
          {countText}
          {events.following ? ', live' : ', paused while you scroll'}
        </span>
      </header>
      <SyncProgressStrip />
      <EventFilters filter={filter} onChange={changeFilter} />
      <div className="timeline-controls" role="group" aria-label="Timeline span">
        {/* A span is in effect only without a From or To time: choosing one also clears those. */}
        {TIMELINE_SPANS.map((span) => (
          <button
            key={span.minutes}
            type="button"
            className="button-small"
            aria-pressed={!hasTimeRange && span.minutes === spanMinutes}
            onClick={() => {
              timeline.setSpan(span.minutes);
              if (hasTimeRange) {
                onFilter({ since: undefined, until: undefined });
              }
            }}
          >
            Last {span.label}
          </button>
        ))}
        {hasTimeRange && (
          <button type="button" className="button-small button-quiet" onClick={() => onFilter({ since: undefined, until: undefined })}>
            Clear time range
          </button>
        )}
      </div>
      {timeline.timeline !== null && (
        <TimelineChart
          timeline={timeline.timeline}
          since={filter.since}
          until={filter.until}
          onSelectRange={(since, until) => onFilter({ since, until })}
        />
      )}
      {events.error !== null && <ProblemNotice problem={events.error} onRetry={() => void events.load()} />}
      {!events.loaded && events.loading && <Loading what="sync events" />}
      {events.loaded && events.events.length === 0 && rangeProblem === null && (
        <div className="empty" data-testid="events-empty">
          <p>
            {isEmptyFilter(filter)
              ? "No sync events yet. Events appear here when an identity provider sends its first SCIM request to a connection's SCIM base URL."
              : 'No event matches these filters. Change or clear the filters to see more.'}
          </p>
          {events.filterNotes.length > 0 && (
            <ul className="filter-notes" data-testid="filter-notes">
              {events.filterNotes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className={detail.eventId === null ? 'events-body' : 'events-body events-body-with-detail'}>
        {events.events.length > 0 && (
          <EventList
            events={events.events}
            hasMore={events.hasMore}
            loadingOlder={events.loadingOlder}
            selectedId={detail.eventId}
            pendingNewer={events.pendingNewer}
            droppedNewer={events.droppedNewer}
            onOpen={(id) => void open(id)}
            onLoadOlder={() => void events.loadOlder()}
            onFollowingChange={events.setFollowing}
            onShowNewest={() => void events.load()}
          />
        )}
        {detail.eventId !== null && (
          <EventDetailPanel
            eventId={detail.eventId}
            detail={detail.detail}
            loading={detail.loading}
            error={detail.error}
            onClose={() => void open(null)}
            onFilter={onFilter}
          />
        )}
      </div>
    </>
  );
}
