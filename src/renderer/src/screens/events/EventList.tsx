import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { SyncEvent } from '../../../../shared/api.ts';
import { EVENT_ROW_HEIGHT, EventRow } from './EventRow.tsx';

/** Rows rendered beyond the visible ones, above and below. */
const OVERSCAN_ROWS = 20;
/** Older events are requested when the last loaded row is this close to the viewport. */
const LOAD_OLDER_WITHIN_ROWS = 40;

type Props = {
  events: SyncEvent[];
  hasMore: boolean;
  loadingOlder: boolean;
  selectedId: number | null;
  pendingNewer: number;
  droppedNewer: { count: number; rows: number };
  onOpen: (id: number) => void;
  onLoadOlder: () => void;
  onFollowingChange: (following: boolean) => void;
  onShowNewest: () => void;
};

/**
 * Renders the events as a virtualized list: only the rows near the viewport exist in the DOM,
 * so the list stays smooth with thousands of loaded events and a fast live stream. Scrolling to
 * the end loads older events; scrolling away from the top stops live events from moving the list.
 */
export function EventList(props: Props) {
  const { events, hasMore, loadingOlder, onLoadOlder, onFollowingChange, droppedNewer } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: events.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => EVENT_ROW_HEIGHT,
    overscan: OVERSCAN_ROWS,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasMore && !loadingOlder && lastIndex >= events.length - LOAD_OLDER_WITHIN_ROWS) {
      onLoadOlder();
    }
  }, [hasMore, loadingOlder, lastIndex, events.length, onLoadOlder]);

  // Rows dropped above the viewport would make the content jump, so the scroll position moves with them.
  useEffect(() => {
    const element = scrollRef.current;
    if (element !== null && droppedNewer.count > 0) {
      element.scrollTop = Math.max(0, element.scrollTop - droppedNewer.rows * EVENT_ROW_HEIGHT);
    }
  }, [droppedNewer]);

  const onScroll = () => {
    onFollowingChange((scrollRef.current?.scrollTop ?? 0) < EVENT_ROW_HEIGHT / 2);
  };
  const showNewest = () => {
    scrollRef.current?.scrollTo({ top: 0 });
    props.onShowNewest();
  };

  return (
    <div className="event-list-frame">
      {props.pendingNewer > 0 && (
        <button type="button" className="event-pending" onClick={showNewest} data-testid="show-new-events">
          Show {props.pendingNewer.toLocaleString()} new event{props.pendingNewer === 1 ? '' : 's'}
        </button>
      )}
      <div ref={scrollRef} className="event-scroll" onScroll={onScroll} data-testid="event-list" aria-label="Sync events, newest first" role="region" tabIndex={0}>
        <div className="event-scroll-inner" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const event = events[item.index];
            return (
              <div key={event?.id ?? 'more'} className="event-slot" style={{ transform: `translateY(${item.start}px)`, height: EVENT_ROW_HEIGHT }}>
                {event === undefined ? (
                  <p className="muted event-loading" role="status">
                    Loading older events…
                  </p>
                ) : (
                  <EventRow event={event} selected={event.id === props.selectedId} onOpen={props.onOpen} />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
