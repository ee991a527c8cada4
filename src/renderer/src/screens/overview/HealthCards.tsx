import type { ConnectionHealth } from '../../../../shared/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { describeHealth } from '../../../../shared/health-label.ts';
import { providerDisplayName } from '../../lib/providers.ts';
import { eventsHash } from '../events/filter-url.ts';

/** Renders one card per connection with its health state, the reason and links to its events. */
export function HealthCards({ health }: { health: ConnectionHealth[] }) {
  if (health.length === 0) {
    return (
      <p className="empty">
        No connections yet. Create one on the <a href="#connections">Connections</a> screen to see its health here.
      </p>
    );
  }
  return (
    <ul className="health-cards" aria-label="Connection health">
      {health.map((entry) => {
        const badge = describeHealth(entry);
        return (
          <li key={entry.connectionId} className={`health-card health-${badge.variant}`} data-testid="health-card" data-connection-id={entry.connectionId} data-state={entry.state}>
            <div className="health-card-header">
              <strong>{entry.connectionName}</strong>
              <span className={`health-badge health-badge-${badge.variant}`} data-testid="health-state" data-variant={badge.variant}>
                {badge.label}
              </span>
            </div>
            <div className="muted">
              {providerDisplayName(entry.provider)} · last request {formatDateTime(entry.lastRequestAt)} · {entry.requestCount.toLocaleString()} requests,{' '}
              {entry.errorCount.toLocaleString()} failed
            </div>
            <p className="health-reason" data-testid="health-reason">
              {entry.reason}
            </p>
            <div className="button-row">
              <a href={eventsHash({ filter: { connectionId: entry.connectionId }, eventId: null })}>Events</a>
              {entry.errorCount > 0 && <a href={eventsHash({ filter: { connectionId: entry.connectionId, status: 'error' }, eventId: null })}>Errors</a>}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
