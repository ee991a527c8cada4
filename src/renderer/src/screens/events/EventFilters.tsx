import { useEffect, useState } from 'react';
import type { EventFilter } from '../../../../shared/api.ts';
import { getClient } from '../../api/client.ts';
import { describeTimeRangeProblem } from '../../stores/events.ts';
import { describeEventType } from './event-types.ts';

/** Delay between the last keystroke in a text filter and the new query, in ms. */
const TEXT_DEBOUNCE_MS = 350;

type Props = {
  filter: EventFilter;
  onChange: (filter: EventFilter) => void;
};

type TextField = 'user' | 'group' | 'workspace' | 'text';

/**
 * Converts an ISO time to the value of a datetime-local input, in local time. A value that is
 * not a time, such as one from an edited link, leaves the input empty and the engine rejects it.
 */
function toLocalInput(iso: string | undefined): string {
  if (iso === undefined) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function fromLocalInput(value: string): string | undefined {
  return value === '' ? undefined : new Date(value).toISOString();
}

/** Renders the filters of the Live events screen: connection, type, people and places, errors, time and text. */
export function EventFilters({ filter, onChange }: Props) {
  const [connections, setConnections] = useState<{ id: string; name: string }[]>([]);
  const [types, setTypes] = useState<{ kinds: string[]; changeTypes: string[] }>({ kinds: [], changeTypes: [] });
  const [texts, setTexts] = useState<Record<TextField, string>>({ user: '', group: '', workspace: '', text: '' });

  useEffect(() => {
    const client = getClient();
    void client.listConnections({}).then(
      (list) => setConnections(list.map((connection) => ({ id: connection.id, name: connection.name }))),
      (error: unknown) => console.warn('Loading the connections for the event filter failed.', error),
    );
    void client.listEventTypes({}).then(setTypes, (error: unknown) => console.warn('Loading the event types failed.', error));
  }, []);

  // Text boxes follow the filter when it changes from outside (a link, the chart, Clear).
  useEffect(() => {
    setTexts({ user: filter.user ?? '', group: filter.group ?? '', workspace: filter.workspace ?? '', text: filter.text ?? '' });
  }, [filter.user, filter.group, filter.workspace, filter.text]);

  useEffect(() => {
    const timer = window.setTimeout(() => {
      const changed = (Object.keys(texts) as TextField[]).some((field) => (filter[field] ?? '') !== texts[field].trim());
      if (changed) {
        onChange({ ...filter, ...Object.fromEntries((Object.keys(texts) as TextField[]).map((field) => [field, texts[field].trim() || undefined])) });
      }
    }, TEXT_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [texts, filter, onChange]);

  const update = (changes: Partial<EventFilter>) => onChange({ ...filter, ...changes });
  const textInput = (field: TextField, label: string, placeholder: string, className?: string) => (
    <label>
      {label}
      <input
        type="search"
        className={className}
        value={texts[field]}
        placeholder={placeholder}
        maxLength={200}
        onChange={(event) => setTexts({ ...texts, [field]: event.target.value })}
      />
    </label>
  );
  const rangeProblem = describeTimeRangeProblem(filter);
  const rangeProps = rangeProblem === null ? {} : { 'aria-invalid': true, 'aria-describedby': 'event-range-problem' };
  const knownTypes = [...new Set([...types.kinds, 'scim.request', 'admin.change', 'alert'])].sort();

  return (
    <form className="event-filters" aria-label="Event filters" onSubmit={(event) => event.preventDefault()}>
      <label>
        Connection
        <select value={filter.connectionId ?? ''} onChange={(event) => update({ connectionId: event.target.value || undefined })}>
          <option value="">All connections</option>
          {connections.map((connection) => (
            <option key={connection.id} value={connection.id}>
              {connection.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Event type
        <select value={filter.type ?? ''} onChange={(event) => update({ type: event.target.value || undefined })}>
          <option value="">All types</option>
          <optgroup label="Events">
            {knownTypes.map((kind) => (
              <option key={kind} value={kind}>
                {describeEventType(kind)}
              </option>
            ))}
          </optgroup>
          {types.changeTypes.length > 0 && (
            <optgroup label="Changes">
              {types.changeTypes.map((type) => (
                <option key={type} value={type}>
                  {describeEventType(type)}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      {textInput('user', 'User', 'userName or id')}
      {textInput('group', 'Group', 'group name or id')}
      {textInput('workspace', 'Workspace', 'workspace name')}
      {textInput('text', 'Search', 'summary, path, user or group name', 'search-wide')}
      <label>
        From
        <input
          type="datetime-local"
          value={toLocalInput(filter.since)}
          onChange={(event) => update({ since: fromLocalInput(event.target.value) })}
          {...rangeProps}
        />
      </label>
      <label>
        To
        <input
          type="datetime-local"
          value={toLocalInput(filter.until)}
          onChange={(event) => update({ until: fromLocalInput(event.target.value) })}
          {...rangeProps}
        />
      </label>
      {rangeProblem !== null && (
        <p className="field-problem" id="event-range-problem" role="alert" data-testid="event-range-problem">
          {rangeProblem}
        </p>
      )}
      <label className="checkbox-label">
        <input type="checkbox" checked={filter.status === 'error'} onChange={(event) => update({ status: event.target.checked ? 'error' : undefined })} />
        Errors only
      </label>
      <button type="button" className="button-quiet" onClick={() => onChange({})}>
        Clear filters
      </button>
    </form>
  );
}
