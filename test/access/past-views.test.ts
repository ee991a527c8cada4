/**
 * Views and access reports as of a past moment, rebuilt from the event log, against the live
 * views taken at that moment. The scenario provisions two connections through real SCIM
 * requests on a manual clock: joins and leaves of mapped and unmapped groups, a deactivation,
 * two group renames and the deletion of one connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessMatrix, GroupGrants, UserPermissions } from '../../src/shared/api.ts';
import { countCurrentAccess, currentAccessRows, pastAccessRows, type AccessCounts, type AccessRow } from '../../src/main/engine/audit/reports/access-rows.ts';
import { createReportContext } from '../../src/main/engine/audit/reports/context.ts';
import { deleteConnection } from '../../src/main/engine/connections/lifecycle.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { Explorer } from '../../src/main/engine/explorer/explorer.ts';
import { PastAccess } from '../../src/main/engine/explorer/past-views.ts';
import { memberValues, patchBody } from '../helpers/scim-bodies.ts';
import { createManualClock, createThroughScim, sendScim, type ManualClock } from '../events/in-process.ts';
import { ORGANIZATION_ADMIN, workspaceGrant } from './directory-fixture.ts';

const DAY = '2026-12-05';
const DEACTIVATED_AT = `${DAY}T06:20:10.648Z`;
const RENAMED_AT = `${DAY}T06:20:20.000Z`;
const DELETED_AT = `${DAY}T06:20:32.734Z`;
const NOW = `${DAY}T06:21:14.000Z`;

/** What the live views showed at one moment of the scenario. */
interface LiveCapture {
  at: string;
  step: string;
  permissions: UserPermissions[];
  matrix: AccessMatrix;
  reportRows: AccessRow[];
  reportCounts: AccessCounts;
  /** What fin-viewers and res-editors granted, by group id, once they exist. */
  groupGrants: Map<string, Omit<GroupGrants, 'asOf'>>;
  /** The groups of the console's group list, with names and member counts. */
  groups: GroupChoice[];
}

interface GroupChoice {
  id: string;
  displayName: string;
  memberCount: number;
  connectionName: string | null;
}

let engine: Engine;
let clock: ManualClock;
const captures: LiveCapture[] = [];
const ids = {
  okta: '',
  entra: '',
  finance: '',
  research: '',
  alice: '',
  bob: '',
  carol: '',
  dave: '',
  erin: '',
  entraBob: '',
  frank: '',
  finViewers: '',
  resEditors: '',
  miscUnmapped: '',
};

function scim(token: string, method: string, path: string, body?: unknown): void {
  const response = sendScim(engine, token, method, path, body);
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
}

function user(token: string, userName: string, displayName: string): string {
  return createThroughScim(engine, token, '/Users', { userName, displayName, active: true });
}

function group(token: string, displayName: string, members: string[]): string {
  return createThroughScim(engine, token, '/Groups', { displayName, members: memberValues(...members) });
}

function join(token: string, groupId: string, userId: string): void {
  scim(token, 'PATCH', `/Groups/${groupId}`, patchBody({ op: 'add', path: 'members', value: memberValues(userId) }));
}

function leave(token: string, groupId: string, userId: string): void {
  scim(token, 'PATCH', `/Groups/${groupId}`, patchBody({ op: 'remove', path: `members[value eq "${userId}"]` }));
}

function rename(token: string, groupId: string, displayName: string): void {
  scim(token, 'PATCH', `/Groups/${groupId}`, patchBody({ op: 'replace', path: 'displayName', value: displayName }));
}

/** Sorts grants by group id and role, so that lists compare as sets. */
function byGroup<T extends { groupId: string; role?: string }>(grants: T[]): T[] {
  return [...grants].sort((a, b) => a.groupId.localeCompare(b.groupId) || (a.role ?? '').localeCompare(b.role ?? ''));
}

/**
 * Puts permissions in one order: users by userName and id, grants by group id. Both views
 * order grants by group name, but with different collations.
 */
function normalize(permissions: UserPermissions[]): UserPermissions[] {
  return [...permissions]
    .sort((a, b) => a.user.userName.localeCompare(b.user.userName) || a.user.id.localeCompare(b.user.id))
    .map((entry) => ({
      ...entry,
      organization: { ...entry.organization, grantedBy: byGroup(entry.organization.grantedBy) },
      workspaces: entry.workspaces.map((access) => ({ ...access, grantedBy: byGroup(access.grantedBy), outranked: byGroup(access.outranked) })),
    }));
}

function livePermissions(): UserPermissions[] {
  return engine.directory.listUsers(undefined, Number.MAX_SAFE_INTEGER).map((summary) => engine.directory.getUserPermissions(summary.id));
}

function liveGroupGrants(): Map<string, Omit<GroupGrants, 'asOf'>> {
  const grants = new Map<string, Omit<GroupGrants, 'asOf'>>();
  for (const groupId of [ids.finViewers, ids.resEditors]) {
    if (groupId !== '') {
      const { asOf: _asOf, ...rest } = new Explorer(engine).groupGrants(groupId);
      grants.set(groupId, rest);
    }
  }
  return grants;
}

/** Sets the clock, runs one step of the scenario and captures the live views right after it. */
function step(at: string, label: string, run: () => void): void {
  clock.set(at);
  run();
  const context = createReportContext(engine.db, at, 'past-views-test');
  captures.push({
    at,
    step: label,
    permissions: normalize(livePermissions()),
    matrix: new Explorer(engine).matrix(),
    reportRows: [...currentAccessRows(context)],
    reportCounts: countCurrentAccess(context),
    groupGrants: liveGroupGrants(),
    groups: engine.mappings.listGroups().map((entry) => ({ id: entry.id, displayName: entry.displayName, memberCount: entry.memberCount, connectionName: entry.connectionName })),
  });
}

function pastPermissions(at: string): UserPermissions[] {
  return normalize(new PastAccess(engine.db, at).allUserPermissions());
}

function pastOf(userName: string, at: string, connectionId = ids.okta): UserPermissions {
  const found = new PastAccess(engine.db, at).allUserPermissions().find((entry) => entry.user.userName === userName && entry.user.connectionId === connectionId);
  expect(found, `${userName} as of ${at}`).toBeDefined();
  return found!;
}

/** Returns the moment halfway between a capture and the next one, where nothing happened. */
function between(index: number): string {
  const start = Date.parse(captures[index]!.at);
  const end = index + 1 < captures.length ? Date.parse(captures[index + 1]!.at) : Date.parse(NOW);
  return new Date(Math.floor((start + end) / 2)).toISOString();
}

beforeAll(() => {
  clock = createManualClock(`${DAY}T06:20:00.000Z`);
  engine = Engine.openInMemory({ clock });

  const okta = engine.createConnection('okta', 'OktaA', 'test');
  const entra = engine.createConnection('entra', 'EntraB', 'test');
  ids.okta = okta.connection.id;
  ids.entra = entra.connection.id;
  ids.finance = engine.createWorkspace('Finance', 'test').id;
  ids.research = engine.createWorkspace('Research', 'test').id;

  step(`${DAY}T06:20:01.000Z`, 'OktaA users', () => {
    ids.alice = user(okta.token, 'alice@example.com', 'Alice');
    ids.bob = user(okta.token, 'bob@example.com', 'Bob');
    ids.carol = user(okta.token, 'carol@example.com', 'Carol');
    ids.dave = user(okta.token, 'dave@example.com', 'Dave');
  });
  step(`${DAY}T06:20:02.000Z`, 'OktaA groups', () => {
    const orgAdmins = group(okta.token, 'org-admins', [ids.alice]);
    const finEditors = group(okta.token, 'fin-editors', [ids.bob]);
    ids.finViewers = group(okta.token, 'fin-viewers', [ids.bob, ids.dave]);
    const finAdmins = group(okta.token, 'fin-admins', [ids.carol]);
    ids.resEditors = group(okta.token, 'res-editors', [ids.carol, ids.dave]);
    ids.miscUnmapped = group(okta.token, 'misc-unmapped', []);
    engine.addMapping(orgAdmins, ORGANIZATION_ADMIN, 'test');
    engine.addMapping(finEditors, workspaceGrant(ids.finance, 'editor'), 'test');
    engine.addMapping(ids.finViewers, workspaceGrant(ids.finance, 'viewer'), 'test');
    engine.addMapping(finAdmins, workspaceGrant(ids.finance, 'admin'), 'test');
    engine.addMapping(ids.resEditors, workspaceGrant(ids.research, 'editor'), 'test');
  });
  step(`${DAY}T06:20:04.000Z`, 'EntraB users and groups', () => {
    ids.erin = user(entra.token, 'erin@example.com', 'Erin');
    ids.entraBob = user(entra.token, 'bob@example.com', 'Bob (Entra)');
    ids.frank = user(entra.token, 'frank@example.com', 'Frank');
    const entraResearch = group(entra.token, 'entra-research', [ids.erin, ids.entraBob]);
    group(entra.token, 'entra-unmapped', [ids.frank, ids.erin]);
    engine.addMapping(entraResearch, workspaceGrant(ids.research, 'viewer'), 'test');
  });
  step(`${DAY}T06:20:05.000Z`, 'carol joins an unmapped group', () => join(okta.token, ids.miscUnmapped, ids.carol));
  step(`${DAY}T06:20:06.000Z`, 'dave leaves fin-viewers', () => leave(okta.token, ids.finViewers, ids.dave));
  step(`${DAY}T06:20:07.000Z`, 'dave joins fin-viewers again', () => join(okta.token, ids.finViewers, ids.dave));
  step(DEACTIVATED_AT, 'carol is deactivated', () => {
    scim(okta.token, 'PATCH', `/Users/${ids.carol}`, patchBody({ op: 'replace', path: 'active', value: false }));
  });
  step(RENAMED_AT, 'two mapped groups are renamed', () => {
    rename(okta.token, ids.finViewers, 'finance-viewers');
    rename(okta.token, ids.resEditors, 'research-team');
  });
  step(`${DAY}T06:20:25.000Z`, 'erin leaves entra-unmapped', () => {
    const entraUnmapped = engine.db.prepare("SELECT id FROM groups WHERE display_name = 'entra-unmapped'").pluck().get() as string;
    leave(entra.token, entraUnmapped, ids.erin);
  });
  step(DELETED_AT, 'EntraB is deleted', () => {
    deleteConnection(engine, ids.entra, 'EntraB', 'test');
  });
  step(`${DAY}T06:20:40.000Z`, 'bob leaves fin-editors', () => {
    const finEditors = engine.db.prepare("SELECT id FROM groups WHERE display_name = 'fin-editors'").pluck().get() as string;
    leave(okta.token, finEditors, ids.bob);
  });
  clock.set(NOW);
});

afterAll(() => {
  engine.close();
});

describe('past views against the live views of the same moment', () => {
  it('rebuild every user\'s permissions', () => {
    for (const [index, capture] of captures.entries()) {
      expect(pastPermissions(capture.at), `as of ${capture.at}, after: ${capture.step}`).toEqual(capture.permissions);
      expect(pastPermissions(between(index)), `as of ${between(index)}, after: ${capture.step}`).toEqual(capture.permissions);
    }
  });

  it('rebuild the matrix', () => {
    const explorer = new Explorer(engine);
    for (const [index, capture] of captures.entries()) {
      for (const at of [capture.at, between(index)]) {
        const past = explorer.matrix({ asOf: at });
        expect(past.users, `matrix users as of ${at}, after: ${capture.step}`).toEqual(capture.matrix.users);
        expect(past.workspaces, `matrix workspaces as of ${at}`).toEqual(capture.matrix.workspaces);
      }
    }
  });

  it('rebuild what a group granted', () => {
    const explorer = new Explorer(engine);
    let compared = 0;
    for (const [index, capture] of captures.entries()) {
      for (const at of [capture.at, between(index)]) {
        for (const [groupId, live] of capture.groupGrants) {
          const { asOf: _asOf, ...past } = explorer.groupGrants(groupId, at);
          expect(past, `${live.group.displayName} as of ${at}, after: ${capture.step}`).toEqual(live);
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('list the groups of the moment', () => {
    const explorer = new Explorer(engine);
    for (const [index, capture] of captures.entries()) {
      for (const at of [capture.at, between(index)]) {
        const past = explorer.groupsAsOf(at).map(({ deletedSince: _deletedSince, ...entry }) => entry);
        expect(past, `groups as of ${at}, after: ${capture.step}`).toEqual(capture.groups);
      }
    }
  });

  it('rebuild the access report', () => {
    for (const [index, capture] of captures.entries()) {
      for (const at of [capture.at, between(index)]) {
        const past = pastAccessRows(createReportContext(engine.db, NOW, 'past-views-test'), at);
        expect(past.rows, `report rows as of ${at}, after: ${capture.step}`).toEqual(capture.reportRows);
        expect(past.counts, `report counts as of ${at}, after: ${capture.step}`).toEqual(capture.reportCounts);
      }
    }
  });
});

describe('past views after a connection deletion', () => {
  it('leave out the deleted connection\'s users', () => {
    const afterDeletion = `${DAY}T06:21:00.000Z`;

    const userNames = new PastAccess(engine.db, afterDeletion).allUserPermissions().map((entry) => `${entry.user.userName} ${entry.user.connectionName}`);
    expect(userNames).toEqual(['alice@example.com OktaA', 'bob@example.com OktaA', 'carol@example.com OktaA', 'dave@example.com OktaA']);
    const report = pastAccessRows(createReportContext(engine.db, NOW, 'past-views-test'), afterDeletion);
    expect(report.counts.users).toBe(4);
    expect(report.counts.activeUsers).toBe(3);
    expect(new Explorer(engine).matrix({ asOf: afterDeletion }).users).toHaveLength(4);
  });

  it('keep them before the deletion', () => {
    const beforeDeletion = `${DAY}T06:20:32.733Z`;

    const erin = pastOf('erin@example.com', beforeDeletion, ids.entra);
    expect(erin.user.connectionName).toBe('EntraB');
    expect(erin.groups.map((entry) => entry.displayName)).toEqual(['entra-research']);
  });

  it('list its groups before the deletion', () => {
    const groups = new Explorer(engine).groupsAsOf(`${DAY}T06:20:32.733Z`);

    const entraResearch = groups.find((entry) => entry.displayName === 'entra-research');
    expect(entraResearch).toEqual({ id: expect.any(String), displayName: 'entra-research', memberCount: 2, connectionName: 'EntraB', deletedSince: true });
    expect(groups.find((entry) => entry.displayName === 'research-team')?.deletedSince).toBe(false);
    expect(new Explorer(engine).groupGrants(entraResearch!.id, `${DAY}T06:20:32.733Z`).grants[0]?.users.map((entry) => entry.userName)).toEqual([
      'bob@example.com',
      'erin@example.com',
    ]);
  });

  it('list no group of it after the deletion', () => {
    const names = new Explorer(engine).groupsAsOf(`${DAY}T06:21:00.000Z`).map((entry) => entry.displayName);

    expect(names).toEqual(['fin-admins', 'fin-editors', 'finance-viewers', 'misc-unmapped', 'org-admins', 'research-team']);
  });

  it('list one account of a userName as of now', () => {
    const accounts = new PastAccess(engine.db, NOW).allUserPermissions().filter((entry) => entry.user.userName === 'bob@example.com');

    expect(accounts.map((entry) => entry.user.connectionName)).toEqual(['OktaA']);
    expect(() => new PastAccess(engine.db, NOW).userPermissions('erin@example.com')).toThrow(/No user "erin@example.com" existed/);
  });
});

describe('past views of a deactivated user', () => {
  it('give the deactivation time', () => {
    const expected = `The user was deactivated (active: false) on ${DEACTIVATED_AT}, so they have no access at all.`;

    for (const at of [`${DAY}T06:20:12.000Z`, `${DAY}T06:20:25.000Z`, NOW]) {
      expect(pastOf('carol@example.com', at).noAccessReason, `as of ${at}`).toBe(expected);
    }
    expect(engine.directory.getUserPermissions(ids.carol).noAccessReason).toBe(expected);
  });

  it('list the groups she still belongs to', () => {
    const carol = pastOf('carol@example.com', `${DAY}T06:20:12.000Z`);

    expect(carol.groups.map((entry) => entry.displayName)).toEqual(['fin-admins', 'misc-unmapped', 'res-editors']);
  });
});

describe('past views of group memberships', () => {
  it('list unmapped groups', () => {
    const carol = pastOf('carol@example.com', `${DAY}T06:20:06.000Z`);

    expect(carol.groups.map((entry) => entry.displayName)).toEqual(['fin-admins', 'misc-unmapped', 'res-editors']);
  });

  it('leave out a group the user left', () => {
    const dave = pastOf('dave@example.com', `${DAY}T06:20:06.500Z`);

    expect(dave.groups.map((entry) => entry.displayName)).toEqual(['res-editors']);
    expect(dave.workspaces.map((access) => access.workspaceName)).toEqual(['Research']);
  });

  it('name a renamed group by its name at the moment', () => {
    const at = `${DAY}T06:20:21.000Z`;
    const bob = pastOf('bob@example.com', at);
    const dave = pastOf('dave@example.com', at);

    expect(bob.workspaces[0]?.outranked).toEqual([{ groupId: ids.finViewers, groupName: 'finance-viewers', role: 'viewer' }]);
    expect(dave.workspaces.find((access) => access.workspaceId === ids.finance)?.grantedBy).toEqual([
      { groupId: ids.finViewers, groupName: 'finance-viewers', role: 'viewer' },
    ]);
    expect(dave.groups.map((entry) => entry.displayName)).toEqual(['finance-viewers', 'research-team']);
    expect(pastOf('dave@example.com', `${DAY}T06:20:19.000Z`).groups.map((entry) => entry.displayName)).toEqual(['fin-viewers', 'res-editors']);
  });

  it('name granting groups in the access report', () => {
    const report = pastAccessRows(createReportContext(engine.db, NOW, 'past-views-test'), NOW);

    const daveResearch = report.rows.find((row) => row.userName === 'dave@example.com' && row.scope === ids.research);
    expect(daveResearch?.grantedBy).toEqual(['research-team']);
    const daveFinance = report.rows.find((row) => row.userName === 'dave@example.com' && row.scope === ids.finance);
    expect(daveFinance?.grantedBy).toEqual(['finance-viewers']);
  });
});
