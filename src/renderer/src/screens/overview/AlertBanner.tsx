import { useEffect } from 'react';
import { getClient } from '../../api/client.ts';
import { useAlertsStore } from '../../stores/alerts.ts';
import './overview.css';

/** How often the banner reads the open alerts, in ms; alert events also refresh it at once. */
const ALERTS_REFRESH_MS = 10_000;
/** Alerts listed in the banner; more are counted. */
const MAX_BANNER_ALERTS = 3;

/** Shows the open alerts the admin has not dismissed, above every screen. */
export function AlertBanner() {
  const { alerts, load, acknowledge } = useAlertsStore();

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), ALERTS_REFRESH_MS);
    const stop = getClient().subscribeEvents((event) => {
      if (event.kind === 'alert') {
        void load();
      }
    });
    return () => {
      window.clearInterval(timer);
      stop();
    };
  }, [load]);

  const shown = alerts.filter((alert) => alert.acknowledgedAt === null);
  if (shown.length === 0) {
    return null;
  }
  const critical = shown.some((alert) => alert.severity === 'critical');
  return (
    <section className={critical ? 'alert-banner alert-banner-critical' : 'alert-banner'} role="alert" aria-label="Alerts" data-testid="alert-banner">
      <ul>
        {shown.slice(0, MAX_BANNER_ALERTS).map((alert) => (
          <li key={alert.id} data-testid="banner-alert" data-alert-rule={alert.rule}>
            <span className="alert-title">{alert.title}</span>
            {alert.occurrences > 1 && <span className="muted"> (happened {alert.occurrences} times)</span>}{' '}
            <a href="#overview">Details</a>{' '}
            <button type="button" className="button-small button-quiet" onClick={() => void acknowledge(alert.id)}>
              Dismiss
            </button>
          </li>
        ))}
      </ul>
      {shown.length > MAX_BANNER_ALERTS && (
        <p className="muted">
          {shown.length - MAX_BANNER_ALERTS === 1 ? '1 more alert is' : `${shown.length - MAX_BANNER_ALERTS} more alerts are`} on the Overview.
        </p>
      )}
    </section>
  );
}
