import type { ConnectionHealth, HealthState } from '../../../shared/api.ts';

const STATE_LABELS: Record<HealthState, string> = {
  healthy: 'Healthy',
  waiting: 'Waiting for first request',
  silent: 'Silent',
  failing: 'Failing',
  disabled: 'Disabled',
};

/** Label and style variant of a connection's health badge. */
export interface HealthBadgeLook {
  label: string;
  /** Suffix of the `health-badge-*` and `health-*` classes. */
  variant: HealthState | 'recent-failures';
}

/**
 * Returns how a connection's health badge reads. A healthy connection whose latest requests
 * failed, fewer times in a row than the engine's failing threshold, gets an amber
 * "Recent failures" badge, so that a green badge never sits next to a reason about failures.
 */
export function describeHealthBadge(health: ConnectionHealth): HealthBadgeLook {
  if (health.state === 'healthy' && health.consecutiveFailures > 0) {
    return { label: 'Recent failures', variant: 'recent-failures' };
  }
  return { label: STATE_LABELS[health.state], variant: health.state };
}
