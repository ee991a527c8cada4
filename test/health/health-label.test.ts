import { describe, expect, it } from 'vitest';
import type { ConnectionHealth } from '../../src/shared/api.ts';
import { describeHealth } from '../../src/shared/health-label.ts';

function health(changes: Partial<ConnectionHealth>): ConnectionHealth {
  return {
    connectionId: 'c1',
    connectionName: 'Okta',
    provider: 'okta',
    state: 'healthy',
    reason: '',
    lastRequestAt: '2025-01-01T00:00:00.000Z',
    silentMinutes: 0,
    silenceThresholdMinutes: 60,
    consecutiveFailures: 0,
    commonError: null,
    requestCount: 10,
    errorCount: 0,
    ...changes,
  };
}

describe('describeHealth', () => {
  it('reads healthy without failures as healthy', () => {
    expect(describeHealth(health({}))).toEqual({ label: 'Healthy', variant: 'healthy' });
  });

  it('marks healthy with recent failures', () => {
    expect(describeHealth(health({ consecutiveFailures: 4, errorCount: 4 }))).toEqual({ label: 'Recent failures', variant: 'recent-failures' });
  });

  it('keeps failing as failing', () => {
    expect(describeHealth(health({ state: 'failing', consecutiveFailures: 5 }))).toEqual({ label: 'Failing', variant: 'failing' });
  });
});
