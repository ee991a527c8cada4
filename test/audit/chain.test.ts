import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeVerification, verifyChain, verifyChainInPages, type ChainVerification } from '../../src/main/engine/audit/chain.ts';
import { checkLog, lastVerification } from '../../src/main/engine/audit/verifications.ts';
import { digestEvent, GENESIS_DIGEST } from '../../src/main/engine/events/log.ts';
import { buildAuditFixture, type AuditFixture } from './fixture.ts';

/** Every stored column of an event, with a value to write over it. */
const TAMPERED_VALUES: Record<string, string | number | null> = {
  at: '2025-01-01T00:00:00.000Z',
  kind: 'scim.tampered',
  connection_id: 'someone-else',
  method: 'DELETE',
  path: '/Users/forged',
  status: 418,
  duration_ms: 12345.5,
  summary: 'Nothing happened here',
  detail: '{"changes":[]}',
  prev_digest: 'f'.repeat(64),
  digest: 'e'.repeat(64),
};

function expectBreakAt(result: ChainVerification, eventId: number): void {
  expect(result.ok).toBe(false);
  expect(result.breaks[0]?.eventId).toBe(eventId);
  expect(result.breaks[0]?.message).toContain(`Event ${eventId}`);
}

describe('verifyChain', () => {
  let fixture: AuditFixture;

  beforeEach(() => {
    fixture = buildAuditFixture();
  });

  afterEach(() => {
    fixture.close();
  });

  it('reports an untouched log as intact with its head', () => {
    const result = verifyChain(fixture.engine.db);

    const head = fixture.engine.db.prepare('SELECT id, digest FROM events ORDER BY id DESC LIMIT 1').get() as { id: number; digest: string };
    expect(result.ok).toBe(true);
    expect(result.breakCount).toBe(0);
    expect(result.headId).toBe(head.id);
    expect(result.headDigest).toBe(head.digest);
    expect(result.eventCount).toBe(head.id);
  });

  for (const [field, value] of Object.entries(TAMPERED_VALUES)) {
    for (const position of ['first', 'middle', 'last'] as const) {
      it(`locates a changed ${field} in the ${position} event`, () => {
        const headId = fixture.engine.events.headId();
        const eventIds = { first: 1, middle: Math.floor(headId / 2), last: headId };
        const eventId = eventIds[position];

        fixture.engine.db.prepare(`UPDATE events SET ${field} = ? WHERE id = ?`).run(value, eventId);
        const result = verifyChain(fixture.engine.db);

        expectBreakAt(result, eventId);
        const expected = field === 'prev_digest' ? 'link' : 'digest';
        expect(result.breaks[0]?.problems).toContain(expected);
      });
    }
  }

  it('locates a changed event even when its digest was recomputed', () => {
    const db = fixture.engine.db;
    const row = db.prepare('SELECT * FROM events WHERE id = 5').get() as Record<string, unknown> & { prev_digest: string };
    const forged = { ...row, summary: 'Forged summary' };
    const digest = digestEvent(row.prev_digest, forged as never);

    db.prepare('UPDATE events SET summary = ?, digest = ? WHERE id = 5').run(forged.summary, digest);
    const result = verifyChain(db);

    expectBreakAt(result, 6);
    expect(result.breaks[0]?.problems).toEqual(['link']);
  });

  it('locates a deleted middle event at the event after it', () => {
    fixture.engine.db.prepare('DELETE FROM events WHERE id = 7').run();

    const result = verifyChain(fixture.engine.db);

    expectBreakAt(result, 8);
    expect(result.breaks[0]?.problems).toEqual(['missing-before', 'link']);
    expect(result.breaks[0]?.message).toContain('event 7 is missing');
  });

  it('locates deleted first events at the new first event', () => {
    fixture.engine.db.prepare('DELETE FROM events WHERE id <= 2').run();

    const result = verifyChain(fixture.engine.db);

    expectBreakAt(result, 3);
    expect(result.breaks[0]?.message).toContain('events 1 to 2 are missing');
    expect(result.breaks[0]?.message).toContain('genesis digest');
  });

  it('locates two swapped events at the first of them', () => {
    const db = fixture.engine.db;
    db.transaction(() => {
      db.prepare('UPDATE events SET id = -1 WHERE id = 4').run();
      db.prepare('UPDATE events SET id = 4 WHERE id = 5').run();
      db.prepare('UPDATE events SET id = 5 WHERE id = -1').run();
    })();

    const result = verifyChain(db);

    expectBreakAt(result, 4);
    // Payloads stay at their event ids, so a swapped row may also fail its payload check.
    expect(result.breaks[0]?.problems).toEqual(expect.arrayContaining(['link', 'digest']));
    expect(result.breaks.map((found) => found.eventId)).toContain(5);
  });

  it('locates an event moved to another id', () => {
    const headId = fixture.engine.events.headId();
    fixture.engine.db.prepare('UPDATE events SET id = ? WHERE id = 3').run(headId + 5);

    const result = verifyChain(fixture.engine.db);

    expectBreakAt(result, 4);
    expect(result.breaks.map((found) => found.eventId)).toContain(headId + 5);
  });

  it('locates an edited request body by its event', () => {
    const db = fixture.engine.db;
    const eventId = db.prepare('SELECT MIN(event_id) FROM event_payloads').pluck().get() as number;
    const payload = db.prepare('SELECT payload FROM event_payloads WHERE event_id = ?').pluck().get(eventId) as string;

    db.prepare('UPDATE event_payloads SET payload = ? WHERE event_id = ?').run(payload.replace('"', '" '), eventId);
    const result = verifyChain(db);

    expectBreakAt(result, eventId);
    expect(result.breaks[0]?.problems).toEqual(['payload']);
    expect(result.breaks[0]?.message).toContain('stored request and response do not hash to the payloadDigest');
    expect(result.breakCount).toBe(1);
  });

  it('locates a payload added to an event without one', () => {
    const db = fixture.engine.db;
    const eventId = db
      .prepare("SELECT MIN(id) FROM events WHERE id NOT IN (SELECT event_id FROM event_payloads) AND json_extract(detail, '$.payloadDigest') IS NULL")
      .pluck()
      .get() as number;

    db.prepare('INSERT INTO event_payloads (event_id, payload) VALUES (?, ?)').run(eventId, '{"request":{"body":"forged"}}');
    const result = verifyChain(db);

    expectBreakAt(result, eventId);
    expect(result.breaks[0]?.problems).toEqual(['payload']);
    expect(result.breaks[0]?.message).toContain('has no payloadDigest');
  });

  it('accepts payloads deleted by retention', async () => {
    const db = fixture.engine.db;
    const stored = db.prepare('SELECT COUNT(*) FROM event_payloads').pluck().get() as number;

    db.prepare('DELETE FROM event_payloads WHERE event_id % 2 = 0').run();

    expect(stored).toBeGreaterThan(2);
    expect(verifyChain(db).ok).toBe(true);
    expect((await verifyChainInPages(db)).ok).toBe(true);
  });

  it('locates an edited payload when checking in pages', async () => {
    const db = fixture.engine.db;
    const eventId = db.prepare('SELECT MAX(event_id) FROM event_payloads').pluck().get() as number;

    db.prepare("UPDATE event_payloads SET payload = '{}' WHERE event_id = ?").run(eventId);
    const result = await verifyChainInPages(db);

    expectBreakAt(result, eventId);
    expect(result.breaks[0]?.problems).toEqual(['payload']);
  });

  it('finds the event whose digest is the anchor', () => {
    const digest = fixture.engine.db.prepare('SELECT digest FROM events WHERE id = 9').pluck().get() as string;

    expect(verifyChain(fixture.engine.db, { anchor: digest }).anchorEventId).toBe(9);
    expect(verifyChain(fixture.engine.db, { anchor: GENESIS_DIGEST }).anchorEventId).toBeNull();
  });
});

describe('checkLog', () => {
  let fixture: AuditFixture;

  beforeEach(() => {
    fixture = buildAuditFixture();
  });

  afterEach(() => {
    fixture.close();
  });

  it('stores each check with its head', async () => {
    const result = await checkLog(fixture.engine, 'cli');

    const stored = lastVerification(fixture.engine.db);
    expect(stored).toMatchObject({ ok: true, requestedBy: 'cli', headId: result.headId, headDigest: result.headDigest, at: '2025-03-31T18:00:00.000Z' });
  });

  it('detects newest events deleted after an earlier check', async () => {
    await checkLog(fixture.engine, 'start');
    const headId = fixture.engine.events.headId();

    fixture.engine.db.prepare('DELETE FROM events WHERE id >= ?').run(headId - 1);
    const result = await checkLog(fixture.engine, 'cli');

    expect(result.ok).toBe(false);
    expect(result.breaks[0]?.eventId).toBe(headId);
    expect(result.breaks[0]?.message).toContain('is no longer in the log');
    expect(lastVerification(fixture.engine.db)?.ok).toBe(false);
  });

  it('detects a log rewritten with fresh digests after an earlier check', async () => {
    await checkLog(fixture.engine, 'start');
    const db = fixture.engine.db;
    const rows = db.prepare('SELECT * FROM events ORDER BY id').all() as (Record<string, unknown> & { id: number })[];

    let previous = GENESIS_DIGEST;
    for (const row of rows) {
      const rewritten = { ...row, summary: `${String(row.summary)} (rewritten)` };
      const digest = digestEvent(previous, rewritten as never);
      db.prepare('UPDATE events SET summary = ?, prev_digest = ?, digest = ? WHERE id = ?').run(rewritten.summary, previous, digest, row.id);
      previous = digest;
    }
    const result = await checkLog(fixture.engine, 'cli');

    expect(verifyChain(db).ok).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.breaks[0]?.message).toContain('has another digest now');
  });
});

describe('describeVerification', () => {
  const intact: ChainVerification = { ok: true, eventCount: 1, headId: 1, headDigest: 'a'.repeat(64), breaks: [], breakCount: 0, anchorEventId: null };
  const broken = (breakCount: number): ChainVerification => ({
    ...intact,
    ok: false,
    breaks: [{ eventId: 7, problems: [], message: 'Event 7 does not match its digest.' }],
    breakCount,
  });

  it('counts a single event in the singular', () => {
    expect(describeVerification(intact)).toBe(
      `The event log's digest chain is intact: the 1 event up to head event 1 (digest ${'a'.repeat(64)}) matched their digests, and so did every request and response body still stored.`,
    );
    expect(describeVerification({ ...intact, eventCount: 85, headId: 85 })).toContain('all 85 events up to head event 85');
  });

  it('counts the later breaks', () => {
    expect(describeVerification(broken(1))).toBe('The event log was changed: Event 7 does not match its digest.');
    expect(describeVerification(broken(2))).toBe('The event log was changed: Event 7 does not match its digest. 1 more event breaks the chain after it.');
    expect(describeVerification(broken(3))).toBe('The event log was changed: Event 7 does not match its digest. 2 more events break the chain after it.');
  });
});
