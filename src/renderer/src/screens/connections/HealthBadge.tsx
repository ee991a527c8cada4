import type { ConnectionHealth } from '../../../../shared/api.ts';
import { describeHealth } from '../../../../shared/health-label.ts';

/** Renders the health state of a connection as a badge, with the reason as its tooltip. */
export function HealthBadge({ health }: { health: ConnectionHealth | undefined }) {
  if (health === undefined) {
    return <span className="muted">Unknown</span>;
  }
  const badge = describeHealth(health);
  return (
    <span className={`health-badge health-badge-${badge.variant}`} data-testid="connection-health" data-state={health.state} title={health.reason}>
      {badge.label}
    </span>
  );
}
