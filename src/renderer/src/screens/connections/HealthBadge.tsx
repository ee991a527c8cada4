import type { ConnectionHealth, HealthState } from '../../../../shared/api.ts';

const LABELS: Record<HealthState, string> = {
  healthy: 'Healthy',
  waiting: 'Waiting for first request',
  silent: 'Silent',
  failing: 'Failing',
  disabled: 'Disabled',
};

/** Renders the health state of a connection as a badge, with the reason as its tooltip. */
export function HealthBadge({ health }: { health: ConnectionHealth | undefined }) {
  if (health === undefined) {
    return <span className="muted">Unknown</span>;
  }
  return (
    <span className={`health-badge health-badge-${health.state}`} data-testid="connection-health" data-state={health.state} title={health.reason}>
      {LABELS[health.state]}
    </span>
  );
}
