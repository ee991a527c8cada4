import { describe, expect, it } from 'vitest';
import type { ConnectionHealth } from '../../src/shared/api.ts';
import { describeHealthBadge } from '../../src/renderer/src/lib/health.ts';

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

describe('describeHealthBadge', () => {
  it('reads healthy without failures as healthy', () => {
    expect(describeHealthBadge(health({}))).toEqual({ label: 'Healthy', variant: 'healthy' });
  });

  it('marks healthy with recent failures', () => {
    expect(describeHealthBadge(health({ consecutiveFailures: 4, errorCount: 4 }))).toEqual({ label: 'Recent failures', variant: 'recent-failures' });
  });

  it('keeps failing as failing', () => {
    expect(describeHealthBadge(health({ state: 'failing', consecutiveFailures: 5 }))).toEqual({ label: 'Failing', variant: 'failing' });
  });
});
