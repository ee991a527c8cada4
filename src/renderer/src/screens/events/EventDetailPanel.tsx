import type { EventDetail, EventFilter } from '../../../../shared/api.ts';
import { Loading } from '../../components/Loading.tsx';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { formatDuration } from '../../lib/format.ts';
import type { Problem } from '../../lib/errors.ts';
import { describeEventType } from './event-types.ts';
import { openGroupMappings, openUserPermissions } from './links.ts';
import { MessageView } from './MessageView.tsx';

type Props = {
  eventId: number;
  detail: EventDetail | null;
  loading: boolean;
  error: Problem | null;
  onClose: () => void;
  onFilter: (changes: Partial<EventFilter>) => void;
};

const PAYLOAD_NOTES: Record<EventDetail['payload'], string | null> = {
  stored: null,
  inline: null,
  compacted: 'Retention compacted this event: its request and response were deleted. Its changes are kept.',
  none: 'This event has no request or response.',
};

/** Renders one event's detail: what happened, what it changed, how the engine read it, and the request and response. */
export function EventDetailPanel({ eventId, detail, loading, error, onClose, onFilter }: Props) {
  return (
    <aside className="event-detail" aria-label={`Event ${eventId}`} data-testid="event-detail">
      <header className="event-detail-header">
        <h2>Event {eventId}</h2>
        <button type="button" className="button-quiet" onClick={onClose}>
          Close
        </button>
      </header>
      {error !== null && <ProblemNotice problem={error} />}
      {loading && <Loading what="the event" />}
      {detail !== null && !loading && <DetailBody detail={detail} onFilter={onFilter} />}
    </aside>
  );
}

function DetailBody({ detail, onFilter }: { detail: EventDetail; onFilter: Props['onFilter'] }) {
  const { event } = detail;
  const note = PAYLOAD_NOTES[detail.payload];
  return (
    <>
      <p className="event-detail-summary">{event.summary}</p>
      <dl className="event-facts">
        <dt>Time</dt>
        <dd>{event.at}</dd>
        <dt>Type</dt>
        <dd>{describeEventType(event.kind)}</dd>
        <dt>Connection</dt>
        <dd>{event.connectionName ?? 'none'}</dd>
        {event.status !== null && (
          <>
            <dt>Status</dt>
            <dd className={event.status >= 400 ? 'text-error' : undefined}>{event.status}</dd>
          </>
        )}
        {event.durationMs !== null && (
          <>
            <dt>Duration</dt>
            <dd>{formatDuration(event.durationMs)}</dd>
          </>
        )}
        {detail.actor !== null && (
          <>
            <dt>By</dt>
            <dd>{detail.actor}</dd>
          </>
        )}
      </dl>

      <section aria-label="Resulting changes">
        <h3>Resulting changes</h3>
        {event.changes.length === 0 ? (
          <p className="muted">This event changed nothing.</p>
        ) : (
          <ul className="event-changes" data-testid="event-detail-changes">
            {event.changes.map((change, index) => (
              // Changes have no id and are never reordered, so the index is the key.
              <li key={index}>{change.text}</li>
            ))}
          </ul>
        )}
      </section>

      <RelatedLinks detail={detail} onFilter={onFilter} />

      <section aria-label="Normalizations">
        <h3>Normalizations</h3>
        {detail.normalizations.length === 0 ? (
          <p className="muted">The engine read the request as sent.</p>
        ) : (
          <ul data-testid="event-detail-normalizations">
            {detail.normalizations.map((text, index) => (
              <li key={index}>{text}</li>
            ))}
          </ul>
        )}
      </section>

      {note !== null && <p className="notice notice-warning">{note}</p>}
      {detail.request !== null && <MessageView title="Request" message={detail.request} testId="event-detail-request" />}
      {detail.response !== null && <MessageView title="Response" message={detail.response} testId="event-detail-response" />}
    </>
  );
}

function RelatedLinks({ detail, onFilter }: { detail: EventDetail; onFilter: Props['onFilter'] }) {
  if (detail.users.length + detail.groups.length + detail.workspaces.length === 0) {
    return null;
  }
  return (
    <section aria-label="Related">
      <h3>Related</h3>
      <ul className="event-related">
        {detail.users.map((user) => (
          <li key={`user-${user.id}`}>
            User {user.userName ?? `${user.id} (deleted)`}:{' '}
            {user.userName !== null && (
              <button type="button" className="link-button" onClick={() => openUserPermissions(user.id)}>
                permissions
              </button>
            )}{' '}
            <button type="button" className="link-button" onClick={() => onFilter({ user: user.id })}>
              events
            </button>
          </li>
        ))}
        {detail.groups.map((group) => (
          <li key={`group-${group.id}`}>
            Group {group.displayName ?? `${group.id} (deleted)`}:{' '}
            {group.displayName !== null && (
              <button type="button" className="link-button" onClick={() => openGroupMappings(group.displayName)}>
                mappings
              </button>
            )}{' '}
            <button type="button" className="link-button" onClick={() => onFilter({ group: group.id })}>
              events
            </button>
          </li>
        ))}
        {detail.workspaces.map((workspace) => (
          <li key={`workspace-${workspace.id}`}>
            Workspace {workspace.name ?? `${workspace.id} (deleted)`}:{' '}
            <button type="button" className="link-button" onClick={() => onFilter({ workspace: workspace.id })}>
              events
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
