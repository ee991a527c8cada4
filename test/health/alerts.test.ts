import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine.ts';
import { acknowledgeAlert, evaluateAlerts, listAlerts, RESOLVE_AFTER_MS } from '../../src/main/engine/health/alerts.ts';
import { ACCESS_REMOVAL_WINDOW_MS } from '../../src/main/engine/health/rules.ts';
import { countEvents, queryEvents } from '../../src/main/engine/events/query.ts';
import { createManualClock, sendScim, type ManualClock } from '../events/in-process.ts';

const START = '2025-03-03T09:00:00.000Z';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function failRequests(engine: Engine, token: string, count: number): void {
  for (let attempt = 0; attempt < count; attempt += 1) {
    sendScim(engine, token, 'POST', '/Users', { schemas: [USER_SCHEMA] });
  }
}

function alertEvents(engine: Engine): string[] {
  return queryEvents(engine.db, { type: 'alert' }, { limit: 100 }).events.map((event) => event.summary).reverse();
}

describe('evaluateAlerts', () => {
  let clock: ManualClock;
  let engine: Engine;

  beforeEach(() => {
    clock = createManualClock(START);
    engine = Engine.openInMemory({ clock });
  });

  afterEach(() => engine.close());

  it('opens one alert for repeated failures and groups repeats', () => {
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    failRequests(engine, token, 5);

    const first = evaluateAlerts(engine, clock.now());
    failRequests(engine, token, 3);
    clock.advance(MINUTE);
    const second = evaluateAlerts(engine, clock.now());

    expect(first.opened).toHaveLength(1);
    expect(first.opened[0]!.rule).toBe('connection-failing');
    expect(first.opened[0]!.severity).toBe('critical');
    expect(second.opened).toHaveLength(0);
    const [alert] = listAlerts(engine.db);
    expect(alert!.title).toBe('Okta is failing: the last 8 requests failed.');
    expect(alert!.occurrences).toBe(1);
    expect(alertEvents(engine)).toEqual(['Alert: Okta is failing: the last 5 requests failed.']);
  });

  it('resolves an alert only after its condition stays clear', () => {
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    failRequests(engine, token, 5);
    evaluateAlerts(engine, clock.now());
    sendScim(engine, token, 'GET', '/Users');

    const clearing = evaluateAlerts(engine, clock.now());
    const stateWhileClearing = listAlerts(engine.db)[0]!.state;
    clock.advance(RESOLVE_AFTER_MS - 1);
    const early = evaluateAlerts(engine, clock.now());
    clock.advance(1);
    const resolved = evaluateAlerts(engine, clock.now());

    expect(clearing.resolved).toHaveLength(0);
    expect(stateWhileClearing).toBe('clearing');
    expect(early.resolved).toHaveLength(0);
    expect(resolved.resolved).toHaveLength(1);
    expect(listAlerts(engine.db)).toEqual([]);
    expect(listAlerts(engine.db, { includeResolved: true })[0]!.state).toBe('resolved');
    expect(alertEvents(engine)).toEqual([
      'Alert: Okta is failing: the last 5 requests failed.',
      'Resolved: Okta is failing: the last 5 requests failed.',
    ]);
  });

  it('counts a condition that returns while clearing as a repeat', () => {
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    failRequests(engine, token, 5);
    const opened = evaluateAlerts(engine, clock.now()).opened[0]!;
    acknowledgeAlert(engine.db, opened.id, clock.now());
    sendScim(engine, token, 'GET', '/Users');
    evaluateAlerts(engine, clock.now());
    clock.advance(MINUTE);
    failRequests(engine, token, 5);

    const evaluation = evaluateAlerts(engine, clock.now());

    expect(evaluation.opened).toHaveLength(0);
    expect(evaluation.repeated.map((alert) => alert.id)).toEqual([opened.id]);
    const [alert] = listAlerts(engine.db);
    expect(alert!.occurrences).toBe(2);
    expect(alert!.state).toBe('open');
    expect(alert!.acknowledgedAt, 'a repeat shows the banner again').toBeNull();
    expect(countEvents(engine.db, { type: 'alert' })).toBe(1);
  });

  it("alerts when a connection is silent past its provider's cycle", () => {
    const { token } = engine.createConnection('entra', 'Entra ID', 'test');
    sendScim(engine, token, 'GET', '/Users');

    clock.advance(40 * MINUTE);
    const quiet = evaluateAlerts(engine, clock.now());
    clock.advance(MINUTE);
    const silent = evaluateAlerts(engine, clock.now());

    expect(quiet.opened).toHaveLength(0);
    expect(silent.opened.map((alert) => [alert.rule, alert.severity, alert.title])).toEqual([
      ['connection-silent', 'warning', 'Entra ID has been silent for 41 minutes.'],
    ]);
  });

  it('alerts when the last long-lived token nears expiry', () => {
    const { connection } = engine.createConnection('okta', 'Okta', 'test');
    engine.db.prepare('UPDATE tokens SET revoked_at = ? WHERE connection_id = ?').run(START, connection.id);
    engine.connections.addToken(connection.id, new Date(Date.parse(START) + 10 * DAY).toISOString());
    // A one-hour access token, as an OAuth client gets, expires by design and is not reported.
    engine.connections.addToken(connection.id, new Date(Date.parse(START) + 60 * MINUTE).toISOString());

    const early = evaluateAlerts(engine, clock.now());
    clock.advance(3 * DAY + MINUTE);
    const near = evaluateAlerts(engine, clock.now());
    clock.advance(7 * DAY);
    const expired = evaluateAlerts(engine, clock.now());

    expect(early.opened).toHaveLength(0);
    expect(near.opened.map((alert) => alert.rule)).toEqual(['token-expiring']);
    expect(near.opened[0]!.title).toBe('The token of Okta expires in 6 days 23 hours.');
    expect(expired.opened).toHaveLength(0);
    const [alert] = listAlerts(engine.db);
    expect(alert!.title).toBe('The token of Okta expired 1 minute ago.');
    expect(alert!.severity).toBe('critical');
  });

  it('ignores expiring tokens while another token never expires', () => {
    const { connection } = engine.createConnection('okta', 'Okta', 'test');
    engine.connections.addToken(connection.id, new Date(Date.parse(START) + DAY).toISOString());
    clock.advance(DAY - MINUTE);

    expect(evaluateAlerts(engine, clock.now()).opened).toEqual([]);
  });

  it('alerts on a burst that removes access from many users', () => {
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    const workspace = engine.createWorkspace('Data Science', 'test');
    const userIds: string[] = [];
    for (let index = 0; index < 25; index += 1) {
      const created = sendScim(engine, token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: `user${index}@example.com`, active: true });
      userIds.push((created.body as { id: string }).id);
    }
    const group = sendScim(engine, token, 'POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'app-acme-data-science-editor' });
    const groupId = (group.body as { id: string }).id;
    engine.db
      .prepare('INSERT INTO mappings (id, group_id, workspace_id, role, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(randomUUID(), groupId, workspace.id, 'editor', START, 'test');
    const members = userIds.map((value) => ({ value }));
    sendScim(engine, token, 'PATCH', `/Groups/${groupId}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'add', path: 'members', value: members }] });
    expect(countEvents(engine.db, { type: 'role.gained' })).toBe(1);
    clock.advance(MINUTE);

    sendScim(engine, token, 'PATCH', `/Groups/${groupId}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'remove', path: 'members' }] });
    const burst = evaluateAlerts(engine, clock.now());
    clock.advance(ACCESS_REMOVAL_WINDOW_MS + MINUTE);
    const later = evaluateAlerts(engine, clock.now());

    expect(burst.opened.map((alert) => alert.rule)).toEqual(['access-removal-burst']);
    expect(burst.opened[0]!.title).toBe('Okta removed access from 25 users in 10 minutes.');
    expect(later.opened).toEqual([]);
    expect(listAlerts(engine.db)[0]!.state).toBe('clearing');
  });

  it('alerts on repeated requests with unknown credentials', () => {
    engine.createConnection('okta', 'Okta', 'test');
    sendScim(engine, 'scd_unknown-token-value', 'GET', '/Users');
    sendScim(engine, null, 'GET', '/Users');
    const twice = evaluateAlerts(engine, clock.now());
    sendScim(engine, 'scd_unknown-token-value', 'GET', '/Groups');

    const thrice = evaluateAlerts(engine, clock.now());

    expect(twice.opened).toEqual([]);
    expect(thrice.opened.map((alert) => [alert.rule, alert.subject, alert.connectionId])).toEqual([['rejected-credentials', 'engine', null]]);
  });

  it('skips disabled connections', () => {
    const { connection, token } = engine.createConnection('okta', 'Okta', 'test');
    failRequests(engine, token, 5);
    engine.db.prepare('UPDATE connections SET disabled = 1 WHERE id = ?').run(connection.id);

    expect(evaluateAlerts(engine, clock.now()).opened).toEqual([]);
  });

  it('rejects acknowledging an unknown alert', () => {
    expect(() => acknowledgeAlert(engine.db, 42, clock.now())).toThrow(/No alert has the id 42/);
  });
});
