/**
 * The alert "The organization has no admin", raised when SCIM requests from the identity provider
 * remove the last organization admin. The requests go through the engine's SCIM service in process.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine.ts';
import { evaluateAlerts, listAlerts, RESOLVE_AFTER_MS, type Alert } from '../../src/main/engine/health/alerts.ts';
import { createManualClock, createThroughScim, sendScim, type ManualClock } from '../events/in-process.ts';

const START = '2025-03-03T09:00:00.000Z';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let clock: ManualClock;
let engine: Engine;
let token: string;
let adaId: string;
let adminsId: string;

/** Evaluates the alert rules and returns the open or clearing alerts of the no-admin rule. */
function noAdminAlerts(): Alert[] {
  evaluateAlerts(engine, clock.now());
  return listAlerts(engine.db).filter((alert) => alert.rule === 'no-organization-admin');
}

function patchMembers(groupId: string, op: 'add' | 'remove', userId: string): void {
  const operation = op === 'add' ? { op, path: 'members', value: [{ value: userId }] } : { op, path: `members[value eq "${userId}"]` };
  const response = sendScim(engine, token, 'PATCH', `/Groups/${groupId}`, { schemas: [PATCH_SCHEMA], Operations: [operation] });
  expect(response.status, `PATCH ${op} member`).toBeLessThan(300);
}

beforeEach(() => {
  clock = createManualClock(START);
  engine = Engine.openInMemory({ clock });
  token = engine.createConnection('okta', 'Okta', 'test').token;
  adaId = createThroughScim(engine, token, '/Users', { userName: 'ada@example.com', active: true });
  adminsId = createThroughScim(engine, token, '/Groups', { displayName: 'Admins' });
});

afterEach(() => engine.close());

describe('no organization admin rule', () => {
  it('stays quiet before anyone was admin', () => {
    const withoutMapping = noAdminAlerts();
    engine.addMapping(adminsId, { kind: 'organization-admin' }, 'test');
    const withEmptyGroup = noAdminAlerts();

    expect(withoutMapping).toEqual([]);
    expect(withEmptyGroup).toEqual([]);
  });

  it('alerts when a PATCH removes the last admin', () => {
    engine.addMapping(adminsId, { kind: 'organization-admin' }, 'test');
    patchMembers(adminsId, 'add', adaId);
    const whileAdmin = noAdminAlerts();

    clock.advance(60_000);
    patchMembers(adminsId, 'remove', adaId);
    const alerts = noAdminAlerts();

    expect(whileAdmin).toEqual([]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.severity).toBe('critical');
    expect(alerts[0]!.state).toBe('open');
    expect(alerts[0]!.title).toBe('The organization has no admin.');
    expect(alerts[0]!.message).toMatch(/^ada@example\.com lost the organization admin role at 2025-03-03T09:01:00\.000Z through a SCIM request from Okta \(event \d+: "/);
    expect(alerts[0]!.message).toContain('The groups mapped to organization admin (Admins from Okta) have no active member.');
    expect(alerts[0]!.message).toContain('restore the membership or the user in Okta');
    expect(alerts[0]!.message).toContain('map another group to organization admin on the Mappings screen or with "scimdesk mapping add --group NAME --org-admin"');
  });

  it('alerts when the last admin is deactivated', () => {
    engine.addMapping(adminsId, { kind: 'organization-admin' }, 'test');
    patchMembers(adminsId, 'add', adaId);

    sendScim(engine, token, 'PATCH', `/Users/${adaId}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'active', value: false }] });
    const alerts = noAdminAlerts();

    expect(alerts.map((alert) => alert.title)).toEqual(['The organization has no admin.']);
    expect(alerts[0]!.message).toMatch(/^ada@example\.com lost the organization admin role/);
  });

  it('alerts when the admin group is deleted', () => {
    engine.addMapping(adminsId, { kind: 'organization-admin' }, 'test');
    patchMembers(adminsId, 'add', adaId);

    const response = sendScim(engine, token, 'DELETE', `/Groups/${adminsId}`);
    const alerts = noAdminAlerts();

    expect(response.status).toBe(204);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message).toContain('No existing group is mapped to organization admin.');
  });

  it('stays quiet while another admin remains', () => {
    const graceId = createThroughScim(engine, token, '/Users', { userName: 'grace@example.com', active: true });
    engine.addMapping(adminsId, { kind: 'organization-admin' }, 'test');
    patchMembers(adminsId, 'add', adaId);
    patchMembers(adminsId, 'add', graceId);

    patchMembers(adminsId, 'remove', adaId);

    expect(noAdminAlerts()).toEqual([]);
  });

  it('clears once an admin exists again', () => {
    engine.addMapping(adminsId, { kind: 'organization-admin' }, 'test');
    patchMembers(adminsId, 'add', adaId);
    patchMembers(adminsId, 'remove', adaId);
    const opened = noAdminAlerts();

    patchMembers(adminsId, 'add', adaId);
    const clearing = noAdminAlerts();
    clock.advance(RESOLVE_AFTER_MS);
    const afterResolve = noAdminAlerts();

    expect(opened.map((alert) => alert.state)).toEqual(['open']);
    expect(clearing.map((alert) => alert.state)).toEqual(['clearing']);
    expect(afterResolve).toEqual([]);
    const resolved = listAlerts(engine.db, { includeResolved: true }).filter((alert) => alert.rule === 'no-organization-admin');
    expect(resolved.map((alert) => alert.state)).toEqual(['resolved']);
  });

  it('names the latest removal after a second one', () => {
    engine.addMapping(adminsId, { kind: 'organization-admin' }, 'test');
    patchMembers(adminsId, 'add', adaId);
    patchMembers(adminsId, 'remove', adaId);
    noAdminAlerts();
    const graceId = createThroughScim(engine, token, '/Users', { userName: 'grace@example.com', active: true });
    patchMembers(adminsId, 'add', graceId);
    noAdminAlerts();

    clock.advance(60_000);
    patchMembers(adminsId, 'remove', graceId);
    const alerts = noAdminAlerts();

    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message).toMatch(/^grace@example\.com lost the organization admin role at 2025-03-03T09:01:00\.000Z/);
  });
});
