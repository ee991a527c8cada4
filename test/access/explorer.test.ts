/**
 * The effective permissions explorer: workspace rosters, what a group grants and to
 * whom, the users × workspaces matrix, and the same views as of a past moment rebuilt
 * from the event log, with the timeline that picks the moment.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdminChange } from '../../src/main/engine/connections/admin-change.ts';
import { Explorer, normalizeMoment } from '../../src/main/engine/explorer/explorer.ts';
import { DirectoryFixture, ORGANIZATION_ADMIN, workspaceGrant } from './directory-fixture.ts';
import { openConsole } from './console-fixture.ts';

let fixture: DirectoryFixture;
let explorer: Explorer;
let dataScience: string;
let engineering: string;
let ada: string;
let grace: string;
let linus: string;
let editors: string;
let viewers: string;
/** The moment after the first set of mappings, before the later changes. */
let firstMoment: string;

beforeEach(() => {
  fixture = DirectoryFixture.open();
  explorer = new Explorer(fixture.engine);
  dataScience = fixture.workspace('Data Science');
  engineering = fixture.workspace('Engineering');
  ada = fixture.createUser('ada@example.com', { displayName: 'Ada Lovelace' });
  grace = fixture.createUser('grace@example.com');
  linus = fixture.createUser('linus@example.com');
  const admins = fixture.createGroup('admins', [ada]);
  editors = fixture.createGroup('ds-editors', [grace, linus]);
  viewers = fixture.createGroup('ds-viewers', [linus]);
  fixture.map(admins, ORGANIZATION_ADMIN);
  fixture.map(editors, workspaceGrant(dataScience, 'editor'));
  fixture.map(viewers, workspaceGrant(dataScience, 'viewer'));
  firstMoment = fixture.clock.iso();

  fixture.clock.advance(60_000);
  fixture.setActive(grace, false);
  fixture.map(viewers, workspaceGrant(engineering, 'viewer'));
});

afterEach(() => {
  fixture.close();
});

describe('live views', () => {
  it('lists a workspace roster by role with reasons and since', () => {
    const roster = explorer.roster(dataScience);

    expect(roster.counts).toEqual({ admin: 1, editor: 1, viewer: 0 });
    expect(roster.members.map((member) => [member.userName, member.role, member.grantedBy, member.viaOrganizationAdmin, member.since])).toEqual([
      ['ada@example.com', 'admin', [], true, firstMoment],
      ['linus@example.com', 'editor', ['ds-editors'], false, firstMoment],
    ]);
  });

  it('explains what a group grants and to whom', () => {
    const grants = explorer.groupGrants(viewers);

    expect(grants.group).toEqual({ id: viewers, displayName: 'ds-viewers', memberCount: 1 });
    expect(grants.grants.map((grant) => [grant.workspaceName, grant.grant.kind === 'workspace' ? grant.grant.role : 'org', grant.users.map((user) => [user.userName, user.status, user.effectiveRole])])).toEqual([
      ['Data Science', 'viewer', [['linus@example.com', 'outranked', 'editor']]],
      ['Engineering', 'viewer', [['linus@example.com', 'granting', 'viewer']]],
    ]);
    expect(explorer.groupGrants(editors).grants[0]!.users.map((user) => [user.userName, user.status])).toEqual([
      ['grace@example.com', 'no-access'],
      ['linus@example.com', 'granting'],
    ]);
  });

  it('names a higher grant of the same group', () => {
    const both = fixture.createGroup('ds-both', [linus]);
    fixture.map(both, workspaceGrant(engineering, 'editor'));
    fixture.map(both, workspaceGrant(engineering, 'viewer'));
    fixture.clock.advance(1000);

    for (const grants of [explorer.groupGrants(both), explorer.groupGrants(both, fixture.clock.iso())]) {
      const byRole = new Map(grants.grants.map((grant) => [grant.grant.kind === 'workspace' ? grant.grant.role : 'org', grant.users[0]]));
      expect(byRole.get('editor')).toMatchObject({ status: 'granting', outrankedByThisGroup: false, effectiveRole: 'editor' });
      expect(byRole.get('viewer')).toMatchObject({ status: 'outranked', outrankedByThisGroup: true, effectiveRole: 'editor' });
    }
    expect(explorer.groupGrants(viewers).grants[0]!.users[0]).toMatchObject({ status: 'outranked', outrankedByThisGroup: false });
  });

  it('draws the users × workspaces matrix as ranks', () => {
    const matrix = explorer.matrix();

    expect(matrix.workspaces.map((workspace) => workspace.name)).toEqual(['Data Science', 'Engineering']);
    expect(matrix.users.map((user) => [user.userName, user.active, user.organizationAdmin, user.ranks])).toEqual([
      ['ada@example.com', true, true, [3, 3]],
      ['grace@example.com', false, false, [0, 0]],
      ['linus@example.com', true, false, [2, 1]],
    ]);
    expect(matrix.users.map((user) => user.connectionName)).toEqual(['Okta', 'Okta', 'Okta']);
  });
});

describe('views as of a past moment', () => {
  it('rebuilds the roster of the first moment', () => {
    const roster = explorer.roster(dataScience, { asOf: firstMoment });

    expect(roster.asOf).toBe(firstMoment);
    expect(roster.members.map((member) => [member.userName, member.role, member.grantedBy])).toEqual([
      ['ada@example.com', 'admin', []],
      ['grace@example.com', 'editor', ['ds-editors']],
      ['linus@example.com', 'editor', ['ds-editors']],
    ]);
  });

  it('rebuilds the matrix and a user\'s reasons', () => {
    const matrix = explorer.matrix({ asOf: firstMoment });
    const linusThen = explorer.userPermissionsAsOf('linus@example.com', firstMoment);

    expect(matrix.users.map((user) => [user.userName, user.ranks])).toEqual([
      ['ada@example.com', [3, 3]],
      ['grace@example.com', [2, 0]],
      ['linus@example.com', [2, 0]],
    ]);
    expect(matrix.users[0]?.connectionName).toBe('Okta');
    expect(linusThen.workspaces).toEqual([
      {
        workspaceId: dataScience,
        workspaceName: 'Data Science',
        role: 'editor',
        since: firstMoment,
        grantedBy: [{ groupId: editors, groupName: 'ds-editors', role: 'editor' }],
        outranked: [{ groupId: viewers, groupName: 'ds-viewers', role: 'viewer' }],
        viaOrganizationAdmin: false,
      },
    ]);
  });

  it('rebuilds what a group granted', () => {
    const grants = explorer.groupGrants(viewers, firstMoment);

    expect(grants.grants.map((grant) => [grant.workspaceName, grant.users.map((user) => [user.userName, user.status])])).toEqual([
      ['Data Science', [['linus@example.com', 'outranked']]],
    ]);
  });

  it('names workspaces as they were named at the moment', () => {
    fixture.clock.advance(60_000);
    fixture.engine.renameWorkspace(dataScience, 'Machine Learning', 'test');
    const afterFirstRename = fixture.clock.iso();
    fixture.clock.advance(60_000);
    fixture.engine.renameWorkspace(dataScience, 'AI Lab', 'test');

    expect(explorer.roster(dataScience, { asOf: firstMoment }).workspace.name).toBe('Data Science');
    expect(explorer.matrix({ asOf: firstMoment }).workspaces.map((workspace) => workspace.name)).toEqual(['Data Science', 'Engineering']);
    expect(explorer.userPermissionsAsOf('linus@example.com', afterFirstRename).workspaces.map((access) => access.workspaceName)).toEqual([
      'Engineering',
      'Machine Learning',
    ]);
    expect(explorer.matrix({ asOf: fixture.clock.iso() }).workspaces.map((workspace) => workspace.name)).toEqual(['AI Lab', 'Engineering']);
    expect(explorer.roster(dataScience).workspace.name).toBe('AI Lab');
  });

  it('rejects a moment before the first event', () => {
    const first = fixture.engine.db.prepare('SELECT at FROM events ORDER BY id LIMIT 1').pluck().get() as string;
    const message = `The event log starts at ${first}, so access as of 2000-01-01T00:00:00.000Z cannot be rebuilt from it. Choose a time at or after ${first}.`;

    expect(() => explorer.matrix({ asOf: '2000-01-01T00:00:00Z' })).toThrow(message);
    expect(() => explorer.userPermissionsAsOf('ada@example.com', '2000-01-01T00:00:00Z')).toThrow(message);
  });

  it('knows no user at the first event before provisioning', () => {
    const first = fixture.engine.db.prepare('SELECT at FROM events ORDER BY id LIMIT 1').pluck().get() as string;

    expect(() => explorer.userPermissionsAsOf('nobody@example.com', first)).toThrow(
      `No user "nobody@example.com" existed on ${first}. Pick a later moment, or check the userName.`,
    );
  });

  it('reads moments in any offset as UTC instants', () => {
    const now = fixture.clock.now();

    expect(normalizeMoment('2025-03-01T10:00:00+01:00', now)).toBe('2025-03-01T09:00:00.000Z');
    expect(() => normalizeMoment('yesterday', now)).toThrow('"yesterday" is not an ISO 8601 timestamp. Give one such as 2025-03-01T09:00:00Z.');
  });

  it('rejects a moment later than now', () => {
    const now = fixture.clock.now();

    expect(() => normalizeMoment('2030-01-01T00:00:00Z', now)).toThrow(
      `The moment "2030-01-01T00:00:00Z" is later than now (${now.toISOString()}). The event log can rebuild access only up to now, so choose an earlier time.`,
    );
    expect(() => explorer.matrix({ asOf: '2030-01-01T00:00:00Z' })).toThrow('is later than now');
    expect(() => explorer.userPermissionsAsOf(ada, '2030-01-01T00:00:00Z')).toThrow('is later than now');
    expect(() => explorer.groupGrants(editors, '2030-01-01T00:00:00Z')).toThrow('is later than now');
  });
});

describe('timeline', () => {
  it('spreads the event log over equal buckets and lists admin changes', () => {
    const timeline = explorer.timeline();

    expect(timeline.first).toBe('2025-03-01T09:00:00.000Z');
    expect(timeline.last).toBe(fixture.clock.iso());
    expect(timeline.buckets).toHaveLength(60);
    expect(timeline.buckets.reduce((sum, bucket) => sum + bucket.events, 0)).toBe(fixture.engine.events.headId());
    expect(timeline.buckets[0]!.accessEvents).toBeGreaterThan(0);
    expect(timeline.adminChanges[0]!.summary).toBe('Mapped ds-viewers from Okta to viewer in Engineering');
  });

  it('leaves report exports out of the admin changes', () => {
    runAdminChange(fixture.engine, 'test', () => ({
      result: undefined,
      summary: 'Exported the access report (csv)',
      changes: [{ type: 'report.exported', text: 'Exported the access report (csv)' }],
      connectionId: null,
    }));

    const timeline = explorer.timeline();

    expect(timeline.adminChanges[0]!.summary).toBe('Mapped ds-viewers from Okta to viewer in Engineering');
  });
});

describe('console API', () => {
  it('rejects a past moment combined with a snapshot', () => {
    const api = openConsole(fixture.engine);

    const result = api.dispatch('getAccessMatrix', { source: { asOf: firstMoment, snapshotId: 'x' } });

    expect(result).toMatchObject({ ok: false, status: 400, error: { message: 'A view as of a past moment reads the event log, so it cannot also use a snapshot or a draft. Choose one.' } });
    expect(api.dispatch('getAccessMatrix', { source: { asOf: 'soon' } })).toMatchObject({ ok: false, status: 400 });
  });

  it('rejects a future moment', () => {
    const api = openConsole(fixture.engine);

    const result = api.dispatch('getAccessMatrix', { source: { asOf: '2030-01-01T00:00:00Z' } });

    expect(result).toMatchObject({ ok: false, status: 400, error: { message: expect.stringContaining('The moment "2030-01-01T00:00:00Z" is later than now') } });
  });
});
