/**
 * Event paging and filtering in SQL on a store with a million events. The
 * events are written with multi-row INSERTs in one transaction, following
 * arithmetic patterns, so that every expected count is computed, not stored.
 * Nothing here is timed: the checks are about correct pages, filters and counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine.ts';
import { countEvents, queryEvents, type EventFilter } from '../../src/main/engine/events/query.ts';
import { buildTimeline } from '../../src/main/engine/events/timeline.ts';

const EVENT_COUNT = 1_000_000;
const ROWS_PER_INSERT = 500;
const START_MS = Date.parse('2025-01-01T00:00:00.000Z');
/** One event every 600 ms: 100 a minute, 6,000 an hour. */
const SPACING_MS = 600;

// Patterns by event id: odd ids belong to Okta, even ids to Entra; every 97th event failed;
// every 10th is an admin change; user u<k> is the subject of ids with id % 1000 === k;
// every 250th event removed a role (change type role.lost).
const connectionOf = (id: number): string => (id % 2 === 1 ? 'okta-1' : 'entra-1');
const statusOf = (id: number): number => (id % 97 === 0 ? 500 : 200);
const kindOf = (id: number): string => (id % 10 === 0 ? 'admin.change' : 'scim.request');
const userOf = (id: number): string => `u${id % 1000}`;
const atOf = (id: number): string => new Date(START_MS + id * SPACING_MS).toISOString();

/** Counts ids from 1 to EVENT_COUNT that satisfy `predicate`. */
function expectedCount(predicate: (id: number) => boolean): number {
  let count = 0;
  for (let id = 1; id <= EVENT_COUNT; id += 1) {
    if (predicate(id)) {
      count += 1;
    }
  }
  return count;
}

/** Reads every page of a filter, newest first, following beforeId, and returns all ids. */
function readAllIds(engine: Engine, filter: EventFilter, pageSize: number): number[] {
  const ids: number[] = [];
  let beforeId: number | undefined;
  for (;;) {
    const page = queryEvents(engine.db, filter, { beforeId, limit: pageSize });
    ids.push(...page.events.map((event) => event.id));
    if (!page.hasMore) {
      return ids;
    }
    beforeId = page.events.at(-1)!.id;
  }
}

function fillStore(engine: Engine): void {
  engine.db
    .prepare(
      `INSERT INTO connections (id, name, provider, created_at) VALUES
       ('okta-1', 'Okta', 'okta', '2025-01-01T00:00:00.000Z'), ('entra-1', 'Entra ID', 'entra', '2025-01-01T00:00:00.000Z')`,
    )
    .run();
  const eventValues = Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  const insertEvents = engine.db.prepare(
    `INSERT INTO events (id, at, kind, connection_id, method, path, status, duration_ms, summary, detail, prev_digest, digest) VALUES ${eventValues}`,
  );
  const insertRef = engine.db.prepare('INSERT INTO event_refs (ref_type, ref_key, event_id) VALUES (?, ?, ?)');
  const refValues = Array(ROWS_PER_INSERT).fill('(?, ?, ?)').join(', ');
  const insertRefs = engine.db.prepare(`INSERT INTO event_refs (ref_type, ref_key, event_id) VALUES ${refValues}`);

  engine.db.transaction(() => {
    for (let first = 1; first <= EVENT_COUNT; first += ROWS_PER_INSERT) {
      const events: unknown[] = [];
      const refs: unknown[] = [];
      for (let id = first; id < first + ROWS_PER_INSERT; id += 1) {
        const user = userOf(id);
        events.push(id, atOf(id), kindOf(id), connectionOf(id), 'PATCH', `/Users/${user}`, statusOf(id), 1.5,
          `Updated user ${user}@example.com`, '{"changes":[]}', 'prev', 'digest');
        refs.push('user', user, id);
        if (id % 250 === 0) {
          insertRef.run('change', 'role.lost', id);
        }
      }
      insertEvents.run(...events);
      insertRefs.run(...refs);
    }
  })();
}

describe('queryEvents on a million events', () => {
  let engine: Engine;

  beforeAll(() => {
    engine = Engine.openInMemory();
    fillStore(engine);
  }, 180_000);

  afterAll(() => engine.close());

  it('returns the newest page first', () => {
    const page = queryEvents(engine.db, {}, { limit: 200 });

    expect(page.events).toHaveLength(200);
    expect(page.events[0]!.id).toBe(EVENT_COUNT);
    expect(page.events.at(-1)!.id).toBe(EVENT_COUNT - 199);
    expect(page.events[0]!.connectionName).toBe('Entra ID');
    expect(page.hasMore).toBe(true);
  });

  it('continues a deep page from beforeId', () => {
    const page = queryEvents(engine.db, {}, { beforeId: 500_001, limit: 3 });

    expect(page.events.map((event) => event.id)).toEqual([500_000, 499_999, 499_998]);
  });

  it('returns the oldest newer events for afterId, newest first', () => {
    const page = queryEvents(engine.db, { connectionId: 'okta-1' }, { afterId: 10, limit: 3 });

    expect(page.events.map((event) => event.id)).toEqual([15, 13, 11]);
    expect(page.hasMore).toBe(true);
  });

  it('pages errors of one connection without gaps or repeats', () => {
    const filter: EventFilter = { connectionId: 'entra-1', status: 'error' };

    const ids = readAllIds(engine, filter, 500);

    const expected = expectedCount((id) => connectionOf(id) === 'entra-1' && statusOf(id) >= 400);
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
    expect(ids.every((id, index) => index === 0 || id < ids[index - 1]!)).toBe(true);
    expect(ids.every((id) => id % 2 === 0 && id % 97 === 0)).toBe(true);
    expect(countEvents(engine.db, filter)).toBe(expected);
  });

  it('filters by user through event references', () => {
    const ids = readAllIds(engine, { user: 'u7' }, 200);

    expect(ids).toHaveLength(EVENT_COUNT / 1000);
    expect(ids.every((id) => id % 1000 === 7)).toBe(true);
    expect(countEvents(engine.db, { user: 'u7' })).toBe(EVENT_COUNT / 1000);
  });

  it('filters by kind and by change type', () => {
    expect(countEvents(engine.db, { type: 'admin.change' })).toBe(EVENT_COUNT / 10);
    expect(countEvents(engine.db, { type: 'role.lost' })).toBe(EVENT_COUNT / 250);
    const lost = queryEvents(engine.db, { type: 'role.lost' }, { limit: 2 });
    expect(lost.events.map((event) => event.id)).toEqual([EVENT_COUNT, EVENT_COUNT - 250]);
  });

  it('filters by time range with an inclusive start and exclusive end', () => {
    const since = atOf(100_000);
    const until = atOf(106_000);

    const count = countEvents(engine.db, { since, until });
    const page = queryEvents(engine.db, { since, until }, { limit: 2 });
    const lastPage = queryEvents(engine.db, { since, until }, { beforeId: 100_002, limit: 5 });

    expect(count).toBe(6000);
    expect(page.events.map((event) => event.id)).toEqual([105_999, 105_998]);
    expect(lastPage.events.map((event) => event.id)).toEqual([100_001, 100_000]);
    expect(lastPage.hasMore).toBe(false);
  });

  it('combines time, connection, error and user filters', () => {
    const filter: EventFilter = { since: atOf(1), until: atOf(500_001), connectionId: 'okta-1', status: 'error', user: 'u291' };

    const ids = readAllIds(engine, filter, 50);

    const expected = expectedCount((id) => id <= 500_000 && id % 2 === 1 && id % 97 === 0 && id % 1000 === 291);
    expect(ids).toHaveLength(expected);
    expect(countEvents(engine.db, filter)).toBe(expected);
  });

  it('searches summaries for text, ignoring case', () => {
    const count = countEvents(engine.db, { text: 'U123@EXAMPLE' });

    expect(count).toBe(EVENT_COUNT / 1000);
    expect(countEvents(engine.db, { text: 'no such text' })).toBe(0);
  });

  it('treats LIKE wildcards in search text literally', () => {
    expect(countEvents(engine.db, { text: 'user u1%' })).toBe(0);
    expect(countEvents(engine.db, { text: 'u_23@' })).toBe(0);
  });

  it('rejects a time that is not ISO 8601', () => {
    expect(() => queryEvents(engine.db, { since: 'yesterday' }, { limit: 1 })).toThrow(/"yesterday" is not a valid time for "since"/);
  });

  it('rejects an empty time range', () => {
    expect(() => countEvents(engine.db, { since: atOf(10), until: atOf(5) })).toThrow(/The time range is empty/);
  });

  it('counts a timeline per minute by type and errors', () => {
    const from = atOf(0);
    const to = new Date(START_MS + 60 * 60_000).toISOString();

    const timeline = buildTimeline(engine.db, {}, from, to);

    expect(timeline.bucketMinutes).toBe(1);
    expect(timeline.buckets).toHaveLength(60);
    const total = timeline.buckets.reduce((sum, bucket) => sum + bucket.total, 0);
    expect(total).toBe(5999);
    const errors = timeline.buckets.reduce((sum, bucket) => sum + bucket.errors, 0);
    expect(errors).toBe(expectedCount((id) => id < 6000 && id % 97 === 0));
    const second = timeline.buckets[1]!;
    expect(second.total).toBe(100);
    expect(second.byType.admin + second.byType.users + second.errors).toBe(100);
  });

  it('widens timeline buckets for a long range', () => {
    const timeline = buildTimeline(engine.db, { connectionId: 'okta-1' }, atOf(0), atOf(EVENT_COUNT + 1));

    expect(timeline.bucketMinutes).toBe(60);
    expect(timeline.buckets.length).toBeLessThanOrEqual(180);
    expect(timeline.buckets.reduce((sum, bucket) => sum + bucket.total, 0)).toBe(EVENT_COUNT / 2);
  });
});
