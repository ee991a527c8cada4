/** Sync bursts: counting a batch of events at once gives the same progress as counting them one by one. */
import { describe, expect, it } from 'vitest';

import { BURST_GAP_MS, recordBursts, type BurstEntry } from '../../src/main/engine/events/bursts.ts';
import { openMemoryDatabase, type Db } from '../../src/main/engine/store/database.ts';

const START = Date.parse('2026-12-01T09:00:00.000Z');

function request(connectionId: string, method: string, path: string, status: number): BurstEntry['event'] {
  return { kind: 'scim.request', connectionId, method, path, status };
}

/** Events of two connections with a pause longer than a burst gap in the middle. */
function entries(): BurstEntry[] {
  const offsetsMs = [0, 10, 20, 30, BURST_GAP_MS + 1_000, BURST_GAP_MS + 1_010, BURST_GAP_MS + 1_020];
  const events = [
    request('okta', 'POST', '/Users', 201),
    request('entra', 'GET', '/Users?filter=x', 200),
    request('okta', 'PATCH', '/Groups/1', 200),
    request('okta', 'POST', '/Users', 409),
    request('okta', 'PUT', '/Users/2', 200),
    request('entra', 'PATCH', '/Groups/3', 204),
    request('okta', 'GET', '/Groups', 200),
  ];
  return events.map((event, index) => ({ eventId: index + 1, event, at: new Date(START + offsetsMs[index]!).toISOString() }));
}

function oktaBurst(db: Db): Record<string, unknown> {
  return db.prepare("SELECT * FROM sync_bursts WHERE connection_id = 'okta'").get() as Record<string, unknown>;
}

function storedBursts(db: Db): unknown[] {
  return db.prepare('SELECT * FROM sync_bursts ORDER BY connection_id').all();
}

describe('recordBursts', () => {
  it('matches counting one at a time', () => {
    const oneByOne = openMemoryDatabase();
    for (const entry of entries()) {
      recordBursts(oneByOne, [entry]);
    }
    const batched = openMemoryDatabase();
    recordBursts(batched, entries());

    expect(storedBursts(batched)).toEqual(storedBursts(oneByOne));
  });

  it('counts deletions as changes', () => {
    const db = openMemoryDatabase();
    recordBursts(db, [
      { eventId: 1, event: request('okta', 'DELETE', '/Users/1', 204), at: new Date(START).toISOString() },
      { eventId: 2, event: request('okta', 'DELETE', '/Groups/2', 204), at: new Date(START + 10).toISOString() },
    ]);

    expect(oktaBurst(db)).toMatchObject({ requests: 2, user_writes: 1, group_writes: 1 });
  });

  it('counts a search as no change', () => {
    const db = openMemoryDatabase();
    recordBursts(db, [{ eventId: 1, event: request('okta', 'POST', '/Users/.search', 200), at: new Date(START).toISOString() }]);

    expect(oktaBurst(db)).toMatchObject({ requests: 1, user_writes: 0 });
  });

  it("leaves out the simulator's requests", () => {
    const db = openMemoryDatabase();
    const simulated = { ...request('okta', 'POST', '/Users', 201), extra: { credential: 'simulator' } };
    recordBursts(db, [{ eventId: 1, event: simulated, at: new Date(START).toISOString() }]);

    expect(oktaBurst(db)).toBeUndefined();
  });

  it('restarts a burst after the gap', () => {
    const db = openMemoryDatabase();
    recordBursts(db, entries());

    expect(oktaBurst(db)).toMatchObject({ first_event_id: 5, requests: 2, user_writes: 1, group_writes: 0, errors: 0 });
  });

  it('continues a stored burst', () => {
    const db = openMemoryDatabase();
    const [first, ...rest] = entries();
    recordBursts(db, [first!]);
    recordBursts(db, rest.slice(0, 3));

    expect(oktaBurst(db)).toMatchObject({ first_event_id: 1, requests: 3, user_writes: 1, group_writes: 1, errors: 1 });
  });
});
