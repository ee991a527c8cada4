import type { HealthState } from './api.ts';

const STATE_LABELS: Record<HealthState, string> = {
  healthy: 'Healthy',
  waiting: 'Waiting for first request',
  silent: 'Silent',
  failing: 'Failing',
  disabled: 'Disabled',
};

/** Label and style variant of a connection's health, as the console's badge and the CLI show it. */
export interface HealthLook {
  label: string;
  /** Suffix of the console's `health-badge-*` and `health-*` classes. */
  variant: HealthState | 'recent-failures';
}

/**
 * Returns how a connection's health reads. A healthy connection whose latest requests failed,
 * fewer times in a row than the engine's failing threshold, reads "Recent failures", so that
 * "Healthy" never sits next to a reason about failures.
 */
export function describeHealth(health: { state: HealthState; consecutiveFailures: number }): HealthLook {
  if (health.state === 'healthy' && health.consecutiveFailures > 0) {
    return { label: 'Recent failures', variant: 'recent-failures' };
  }
  return { label: STATE_LABELS[health.state], variant: health.state };
}
