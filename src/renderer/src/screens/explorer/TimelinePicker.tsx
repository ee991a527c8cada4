import { useEffect, useState } from 'react';
import type { Timeline } from '../../../../shared/api.ts';
import { formatDateTime, formatPreciseDateTime } from '../../lib/format.ts';

/** Turns an ISO instant into the value of a datetime-local input, in local time. */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
}

/** Maximum length of an admin change summary in the list. A longer one is cut, and the option's tooltip keeps the full text. */
const MAX_CHANGE_LABEL_LENGTH = 90;

/** Cuts a summary to MAX_CHANGE_LABEL_LENGTH characters, ending it with an ellipsis when it was cut. */
function shortenSummary(summary: string): string {
  return summary.length <= MAX_CHANGE_LABEL_LENGTH ? summary : `${summary.slice(0, MAX_CHANGE_LABEL_LENGTH - 1).trimEnd()}…`;
}

type Props = {
  timeline: Timeline;
  asOf: string;
  onChoose: (asOf: string) => void;
};

/**
 * Picks the moment of the as-of views. Each slice of the event log is a bar, taller with
 * more events and darker when access changed; a click picks the end of the slice. A date
 * and time field and the latest admin changes pick other moments.
 */
export function TimelinePicker({ timeline, asOf, onChoose }: Props) {
  const [typed, setTyped] = useState(toLocalInput(asOf));
  useEffect(() => setTyped(toLocalInput(asOf)), [asOf]);
  // The admin change picked from the list. It stays selected only while the view shows its moment,
  // so a click on the bars or a typed time puts the list back to "choose…".
  const [pickedChangeId, setPickedChangeId] = useState<number | null>(null);
  const pickedChange = timeline.adminChanges.find((change) => change.id === pickedChangeId && change.at === asOf) ?? null;

  if (timeline.first === null) {
    return <p className="empty">The event log is empty, so there is no past to show yet.</p>;
  }
  const most = Math.max(1, ...timeline.buckets.map((bucket) => bucket.events));
  return (
    <div className="timeline-picker" data-testid="timeline">
      <div className="timeline-bars" role="group" aria-label="Event log timeline">
        {timeline.buckets.map((bucket) => {
          const chosen = asOf >= bucket.start && asOf <= bucket.end;
          const label = `${bucket.events} events, ${bucket.accessEvents} with access changes, until ${formatDateTime(bucket.end)}`;
          return (
            <button
              type="button"
              key={bucket.start}
              className={`timeline-bar${chosen ? ' timeline-bar-chosen' : ''}${bucket.accessEvents > 0 ? ' timeline-bar-access' : ''}`}
              title={label}
              aria-label={label}
              onClick={() => onChoose(bucket.end)}
            >
              <span style={{ height: `${Math.max(4, (bucket.events / most) * 100)}%` }} />
            </button>
          );
        })}
      </div>
      <div className="timeline-ends muted">
        <span>{formatDateTime(timeline.first)}</span>
        <span>{formatDateTime(timeline.last)}</span>
      </div>
      <form
        className="inline-form"
        aria-label="Choose a moment"
        onSubmit={(event) => {
          event.preventDefault();
          const time = new Date(typed);
          if (!Number.isNaN(time.getTime())) {
            onChoose(time.toISOString());
          }
        }}
      >
        <label>
          As of (local time)
          <input type="datetime-local" step={1} data-testid="as-of-input" value={typed} onChange={(event) => setTyped(event.target.value)} />
        </label>
        <button type="submit">Show</button>
        {timeline.adminChanges.length > 0 && (
          <label className="timeline-admin-change">
            Or just after an admin change
            <select
              value={pickedChange === null ? '' : String(pickedChange.id)}
              data-testid="admin-change-select"
              title={pickedChange === null ? undefined : `${formatDateTime(pickedChange.at)}: ${pickedChange.summary}`}
              onChange={(event) => {
                const change = timeline.adminChanges.find((candidate) => String(candidate.id) === event.target.value);
                if (change !== undefined) {
                  setPickedChangeId(change.id);
                  onChoose(change.at);
                }
              }}
            >
              <option value="">choose…</option>
              {timeline.adminChanges.map((change) => (
                <option key={change.id} value={String(change.id)} title={`${formatDateTime(change.at)}: ${change.summary}`}>
                  {formatDateTime(change.at)}: {shortenSummary(change.summary)}
                </option>
              ))}
            </select>
          </label>
        )}
      </form>
      <p className="muted timeline-as-of" data-testid="as-of-label">
        Showing access as of <time dateTime={asOf}>{formatPreciseDateTime(asOf)}</time> ({asOf})
        {pickedChange !== null && <>, just after the admin change “{pickedChange.summary}”</>}, rebuilt from the event log. Workspaces show the names
        they had then.
      </p>
    </div>
  );
}
