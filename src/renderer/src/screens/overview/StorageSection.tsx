import { useEffect, useState, type FormEvent } from 'react';
import type { RetentionStatus } from '../../../../shared/api.ts';
import { formatDateTime } from '../../lib/format.ts';

type Props = {
  retention: RetentionStatus;
  message: string | null;
  onSave: (maxAgeDays: number) => void;
  onCompact: () => void;
};

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(1)} KiB`;
  }
  if (bytes < 1024 * 1024 * 1024) {
    return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  }
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(2)} GiB`;
}

/** Shows the store size and the retention age, which the admin can change, and compacts on request. */
export function StorageSection({ retention, message, onSave, onCompact }: Props) {
  const [days, setDays] = useState(String(retention.maxAgeDays));
  useEffect(() => setDays(String(retention.maxAgeDays)), [retention.maxAgeDays]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSave(Number(days));
  };

  return (
    <section aria-label="Event storage" data-testid="storage-section">
      <h2>Event storage</h2>
      <p>
        The store takes <strong data-testid="store-size">{formatBytes(retention.storeBytes)}</strong> ({formatBytes(retention.freeBytes)} of it free and reused by new
        events). It holds {retention.eventCount.toLocaleString()} events since {formatDateTime(retention.oldestEventAt, 'the start')};{' '}
        {retention.payloadCount.toLocaleString()} of them still have their full request and response.
      </p>
      <p className="muted">
        Events older than the retention age are compacted: their requests and responses are deleted, while their changes (the access history) and the tamper-evident chain are
        kept. {retention.compactablePayloads.toLocaleString()} events are due now.
        {retention.lastCompaction !== null && ` Last compaction run: ${formatDateTime(retention.lastCompaction.at)}, ${retention.lastCompaction.payloads.toLocaleString()} events compacted.`}
      </p>
      <form className="inline-form" aria-label="Retention" onSubmit={submit}>
        <label>
          Compact events older than (days)
          <input type="number" min={1} max={3650} step={1} required value={days} onChange={(event) => setDays(event.target.value)} />
        </label>
        <button type="submit">Save</button>
        <button type="button" className="button-quiet" onClick={onCompact}>
          Compact now
        </button>
      </form>
      {message !== null && (
        <p role="status" className="muted">
          {message}
        </p>
      )}
    </section>
  );
}
