/** The source column of the Live events list. */
import { describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../src/shared/api.ts';
import { eventSource } from '../../src/renderer/src/screens/events/EventRow.tsx';

function event(fields: Partial<SyncEvent>): SyncEvent {
  return {
    id: 1,
    at: '2026-12-05T06:22:32.000Z',
    kind: 'admin.change',
    connectionId: null,
    connectionName: null,
    method: null,
    path: null,
    status: null,
    durationMs: null,
    summary: 'Accepted 10 suggested mappings',
    changes: [],
    actor: null,
    fromSimulator: false,
    ...fields,
  };
}

describe('eventSource', () => {
  it('names the actor of an admin change', () => {
    expect(eventSource(event({ actor: 'console' }))).toBe('console');
    expect(eventSource(event({ actor: 'cli (alice)', connectionName: 'Okta' }))).toBe('cli (alice)');
  });

  it("names a request's connection", () => {
    expect(eventSource(event({ kind: 'scim.request', connectionName: 'Okta' }))).toBe('Okta');
    expect(eventSource(event({ kind: 'scim.request' }))).toBe('no connection');
  });

  it("marks the simulator's requests", () => {
    expect(eventSource(event({ kind: 'scim.request', connectionName: 'Okta', fromSimulator: true }))).toBe('Okta (simulator)');
  });

  it('names the engine for an alert', () => {
    expect(eventSource(event({ kind: 'alert' }))).toBe('engine');
  });
});
