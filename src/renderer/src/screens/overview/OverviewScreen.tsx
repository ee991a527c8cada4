import { useEffect } from 'react';
import { ALERT_RESOLVE_AFTER_MINUTES } from '../../../../shared/model.ts';
import { Loading } from '../../components/Loading.tsx';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAlertsStore } from '../../stores/alerts.ts';
import { useHealthStore } from '../../stores/health.ts';
import { GetStarted } from './GetStarted.tsx';
import { HealthCards } from './HealthCards.tsx';
import { StorageSection } from './StorageSection.tsx';
import { SyncProgressStrip } from './SyncProgressStrip.tsx';
import './overview.css';

/** How often the overview reads health and storage while it is shown, in ms. */
const OVERVIEW_REFRESH_MS = 5000;

/**
 * Renders the overview, the console's first screen: each connection's health with the reason, open and recent alerts,
 * syncs in progress and event storage. Before the first connection, it leads to the setup wizard.
 */
export function OverviewScreen() {
  const health = useHealthStore();
  const alerts = useAlertsStore();
  const { load } = health;
  const loadAlerts = alerts.load;

  useEffect(() => {
    const refresh = () => {
      void load();
      void loadAlerts();
    };
    refresh();
    const timer = window.setInterval(refresh, OVERVIEW_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [load, loadAlerts]);

  return (
    <>
      <header className="screen-header">
        <h1>Overview</h1>
      </header>
      {health.error !== null && <ProblemNotice problem={health.error} onRetry={() => void load()} />}
      {alerts.error !== null && <ProblemNotice problem={alerts.error} onRetry={() => void loadAlerts()} />}
      <SyncProgressStrip />
      {!health.loaded && <Loading what="connection health" />}
      {health.loaded && health.health.length === 0 && <GetStarted />}
      {health.loaded && health.health.length > 0 && <HealthCards health={health.health} />}

      <section aria-label="Open alerts">
        <h2>Alerts</h2>
        {alerts.alerts.length === 0 ? (
          <p className="muted" data-testid="no-alerts">
            No open alerts. ScimDesk raises one when a connection fails repeatedly, stays silent longer than its provider's cycle, has a token about to expire, or
            removes access from many users at once, and when the organization loses its last admin.
          </p>
        ) : (
          <ul className="alert-list">
            {alerts.alerts.map((alert) => (
              <li key={alert.id} className={`alert-item alert-${alert.severity}`} data-testid="overview-alert" data-alert-rule={alert.rule}>
                <strong>{alert.title}</strong> <span className="muted">since {formatDateTime(alert.openedAt)}{alert.occurrences > 1 ? `, happened ${alert.occurrences} times` : ''}{alert.state === 'clearing' ? `, clearing: its cause is gone, and it closes after ${ALERT_RESOLVE_AFTER_MINUTES} minutes without it` : ''}</span>
                <p>{alert.message}</p>
                {alert.acknowledgedAt === null && (
                  <button type="button" className="button-small button-quiet" onClick={() => void alerts.acknowledge(alert.id)}>
                    Dismiss from the banner
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {alerts.resolved.length > 0 && (
          <details>
            <summary>Recently resolved ({alerts.resolved.length})</summary>
            <ul className="alert-list">
              {alerts.resolved.map((alert) => (
                <li key={alert.id} className="alert-item alert-resolved">
                  {alert.title} <span className="muted">resolved {formatDateTime(alert.resolvedAt)}</span>
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>

      {health.retention !== null && (
        <StorageSection retention={health.retention} message={health.retentionMessage} onSave={(days) => void health.updateRetention(days)} onCompact={() => void health.compact()} />
      )}
    </>
  );
}
