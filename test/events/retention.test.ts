import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine.ts';
import { listSyncProgress, SYNC_SHOWN_AFTER_MS } from '../../src/main/engine/events/bursts.ts';
import { compactEventLog } from '../../src/main/engine/events/compact.ts';
import { describeEvent } from '../../src/main/engine/events/detail.ts';
import { digestEvent, GENESIS_DIGEST } from '../../src/main/engine/events/log.ts';
import { digestPayload } from '../../src/main/engine/events/payloads.ts';
import { describeRetention, writeRetention } from '../../src/main/engine/events/retention.ts';
import { accessAsOf } from '../../src/main/engine/history/access-at.ts';
import { createManualClock, sendScim, type ManualClock } from './in-process.ts';

const START = '2025-01-01T09:00:00.000Z';
const DAY = 24 * 60 * 60_000;
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** Recomputes every digest from the stored fields and returns the ids whose digest or link is wrong. */
function brokenLinks(engine: Engine): number[] {
  const rows = engine.db.prepare('SELECT * FROM events ORDER BY id').all() as Parameters<typeof digestEvent>[1][] &
    { prev_digest: string; digest: string }[];
  const broken: number[] = [];
  let previous = GENESIS_DIGEST;
  for (const row of rows) {
    if (row.prev_digest !== previous || digestEvent(previous, row) !== row.digest) {
      broken.push(row.id);
    }
    previous = row.digest;
  }
  return broken;
}

describe('event retention', () => {
  let clock: ManualClock;
  let engine: Engine;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-retention-'));
    clock = createManualClock(START);
    engine = Engine.open(dataDir, { clock });
  });

  afterEach(async () => {
    engine.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('compacts old payloads and keeps the chain, the changes and the history', () => {
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    const created = sendScim(engine, token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'ada@example.com', active: true });
    const oldId = engine.events.headId();
    const historyBefore = accessAsOf(engine.db, new Date(Date.parse(START) + DAY).toISOString());
    clock.advance(100 * DAY);
    sendScim(engine, token, 'GET', `/Users/${(created.body as { id: string }).id}`);
    const recentId = engine.events.headId();

    const compacted = compactEventLog(engine, clock.now(), 'test');

    expect(compacted).toBe(1);
    const old = describeEvent(engine, oldId);
    expect(old.payload).toBe('compacted');
    expect(old.request).toBeNull();
    expect(old.event.changes.map((change) => change.type)).toEqual(['user.created']);
    expect(describeEvent(engine, recentId).payload).toBe('stored');
    expect(brokenLinks(engine)).toEqual([]);
    expect(accessAsOf(engine.db, new Date(Date.parse(START) + DAY).toISOString())).toEqual(historyBefore);
    expect(engine.events.list(undefined, 1).events[0]!.summary).toMatch(/^Compacted 1 event older than 90 days/);
  });

  it('keeps the digest of each payload in the chained detail', () => {
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    sendScim(engine, token, 'GET', '/Users');
    const id = engine.events.headId();

    const detail = JSON.parse(engine.db.prepare('SELECT detail FROM events WHERE id = ?').pluck().get(id) as string);
    const payload = engine.db.prepare('SELECT payload FROM event_payloads WHERE event_id = ?').pluck().get(id) as string;

    expect(detail.request).toBeUndefined();
    expect(detail.payloadDigest).toBe(digestPayload(payload));
  });

  it('compacts nothing newer than the retention age', () => {
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    sendScim(engine, token, 'GET', '/Users');
    writeRetention(engine.db, 30);
    clock.advance(30 * DAY);

    expect(compactEventLog(engine, clock.now(), 'test')).toBe(0);
    clock.advance(1);
    expect(compactEventLog(engine, clock.now(), 'test')).toBe(1);
  });

  it('reports the store size and what is due', () => {
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    sendScim(engine, token, 'GET', '/Users');
    clock.advance(91 * DAY);

    const status = describeRetention(engine.db, engine.dataDir, clock.now());

    expect(status.maxAgeDays).toBe(90);
    expect(status.storeBytes).toBeGreaterThan(0);
    expect(status.eventCount).toBe(2);
    expect(status.payloadCount).toBe(1);
    expect(status.compactablePayloads).toBe(1);
    expect(status.oldestEventAt).toBe(START);
    expect(status.lastCompaction).toBeNull();
  });

  it('rejects a retention age outside 1 to 3650 days', () => {
    expect(() => writeRetention(engine.db, 0)).toThrow('The retention age 0 is not allowed: use a whole number of days from 1 to 3650.');
    expect(() => writeRetention(engine.db, 2.5)).toThrow(/2.5 is not allowed/);
  });
});

describe('listSyncProgress', () => {
  it('counts users and groups received in the current burst', () => {
    const clock = createManualClock(START);
    const engine = Engine.openInMemory({ clock });
    const { token } = engine.createConnection('entra', 'Entra ID', 'test');
    sendScim(engine, token, 'GET', '/Users');
    clock.advance(10 * 60_000);

    for (let index = 0; index < 30; index += 1) {
      sendScim(engine, token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: `user${index}@example.com` });
      clock.advance(500);
    }
    sendScim(engine, token, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'team' });
    sendScim(engine, token, 'POST', '/Users', { schemas: [USER_SCHEMA] });
    const progress = listSyncProgress(engine.db, clock.now());
    clock.advance(SYNC_SHOWN_AFTER_MS + 1);
    const later = listSyncProgress(engine.db, clock.now());
    engine.close();

    expect(progress).toHaveLength(1);
    expect(progress[0]).toMatchObject({ connectionName: 'Entra ID', requests: 32, userWrites: 30, groupWrites: 1, errors: 1, elapsedSeconds: 15 });
    expect(progress[0]!.requestsPerSecond).toBeCloseTo(32 / 15, 1);
    expect(later).toEqual([]);
  });

  it('leaves out a burst of reads alone', () => {
    const clock = createManualClock(START);
    const engine = Engine.openInMemory({ clock });
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    for (let index = 0; index < 3; index += 1) {
      sendScim(engine, token, 'GET', '/Users?count=1');
      clock.advance(1000);
    }
    const reads = listSyncProgress(engine.db, clock.now());
    sendScim(engine, token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'ada@example.com' });
    const afterWrite = listSyncProgress(engine.db, clock.now());
    engine.close();

    expect(reads).toEqual([]);
    expect(afterWrite).toHaveLength(1);
    expect(afterWrite[0]).toMatchObject({ requests: 4, userWrites: 1 });
  });
});
