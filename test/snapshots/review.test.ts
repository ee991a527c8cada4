/**
 * Offline review: live mappings and drafts evaluated against a snapshot, snapshot groups
 * tied to live groups, and a snapshot compared with the live directory.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DraftStore } from '../../src/main/engine/drafts/store.ts';
import { computeDraftDiff } from '../../src/main/engine/drafts/what-if.ts';
import { Explorer } from '../../src/main/engine/explorer/explorer.ts';
import { compareSnapshot } from '../../src/main/engine/snapshots/compare.ts';
import { importSnapshot } from '../../src/main/engine/snapshots/import.ts';
import { SnapshotStore } from '../../src/main/engine/snapshots/store.ts';
import { matchSnapshotGroups } from '../../src/main/engine/snapshots/world.ts';
import { DirectoryFixture, ORGANIZATION_ADMIN, workspaceGrant } from '../access/directory-fixture.ts';

let fixture: DirectoryFixture;
let dataScience: string;
let editors: string;

/** The generic CSV of a later export: Linus joined the editors, Grace left, a finance group appeared. */
const LATER_EXPORT = [
  'group,groupId,user,active',
  'app-acme-data-science-editor,ENTRA-EDITORS,ada@example.com,true',
  'app-acme-data-science-editor,ENTRA-EDITORS,linus@example.com,true',
  'Admins,,ada@example.com,true',
  'app-acme-finance-viewer,,margaret@example.com,true',
  'app-acme-finance-viewer,,ada@example.com,false',
].join('\n');

beforeEach(() => {
  fixture = DirectoryFixture.open();
  dataScience = fixture.workspace('Data Science');
  const ada = fixture.createUser('ada@example.com');
  const grace = fixture.createUser('grace@example.com');
  fixture.createUser('linus@example.com');
  // The live editors group was renamed since the export, so only its id ties them together.
  editors = fixture.createGroup('Data Science Editors', [ada, grace], 'ENTRA-EDITORS');
  const admins = fixture.createGroup('admins', [ada]);
  fixture.map(admins, ORGANIZATION_ADMIN);
  fixture.map(editors, workspaceGrant(dataScience, 'editor'));
});

afterEach(() => {
  fixture.close();
});

function importLater(): string {
  const result = importSnapshot(fixture.engine, { name: 'March export', format: 'generic', content: LATER_EXPORT }, 'test');
  return result.snapshot!.id;
}

describe('matchSnapshotGroups', () => {
  it('prefers external id over names', () => {
    const live = [
      { id: 'l1', displayName: 'Renamed', externalId: 'X-1', connectionId: 'c' },
      { id: 'l2', displayName: 'Admins', externalId: null, connectionId: 'c' },
      { id: 'l3', displayName: 'twins', externalId: null, connectionId: 'c' },
      { id: 'l4', displayName: 'twins', externalId: null, connectionId: 'd' },
      { id: 'l5', displayName: 'team-blue', externalId: null, connectionId: 'c' },
    ];

    const matches = matchSnapshotGroups(
      [
        { seq: 0, displayName: 'Original', externalId: 'X-1', email: null },
        { seq: 1, displayName: 'ADMINS', externalId: 'other-id', email: null },
        { seq: 2, displayName: 'twins', externalId: null, email: null },
        { seq: 3, displayName: 'Blue team', externalId: 'team-blue@example.com', email: 'team-blue@example.com' },
      ],
      live,
      null,
    );

    expect([...matches.matched].map(([seq, match]) => [seq, match.liveGroup.id, match.matchedBy])).toEqual([
      [0, 'l1', 'externalId'],
      [1, 'l2', 'name'],
      [3, 'l5', 'name'],
    ]);
    expect([...matches.ambiguous].map(([seq, groups]) => [seq, groups.map((group) => group.id)])).toEqual([[2, ['l3', 'l4']]]);
  });

  it('matches within the named connection only', () => {
    const live = [
      { id: 'l3', displayName: 'twins', externalId: 'X-1', connectionId: 'c' },
      { id: 'l4', displayName: 'twins', externalId: null, connectionId: 'd' },
    ];
    const groups = [
      { seq: 0, displayName: 'TWINS', externalId: null, email: null },
      { seq: 1, displayName: 'other', externalId: 'X-1', email: null },
    ];

    const matchedInD = matchSnapshotGroups(groups, live, 'd');

    expect([...matchedInD.matched].map(([seq, match]) => [seq, match.liveGroup.id])).toEqual([[0, 'l4']]);
    expect(matchedInD.ambiguous.size).toBe(0);
  });
});

describe('a name in two connections', () => {
  let entra: DirectoryFixture;
  let entraEditors: string;

  /** Okta and Entra ID both push Ada in a group of the same name, mapped to different roles. */
  beforeEach(() => {
    entra = fixture.addConnection('entra', 'Entra ID');
    const oktaViewers = fixture.createGroup('app-acme-data-science-viewer', []);
    entraEditors = entra.createGroup('app-acme-data-science-viewer', [entra.createUser('ada@example.com')]);
    fixture.map(oktaViewers, workspaceGrant(dataScience, 'viewer'));
    fixture.map(entraEditors, workspaceGrant(dataScience, 'editor'));
  });

  function importViewers(connectionName?: string): string {
    const connectionId = connectionName === undefined ? undefined : fixture.engine.connections.getByName(connectionName).id;
    const content = 'group,user\napp-acme-data-science-viewer,linus@example.com\n';
    return importSnapshot(fixture.engine, { name: 'viewers', format: 'generic', content, connectionId }, 'test').snapshot!.id;
  }

  it('reports the group as ambiguous without a connection', () => {
    const snapshotId = importViewers();
    const store = new DraftStore(fixture.engine.db, fixture.engine.workspaces);
    const draft = store.create('nothing', 'test', fixture.clock.iso());

    const comparison = compareSnapshot(fixture.engine.db, new SnapshotStore(fixture.engine.db).loadDirectory(snapshotId));
    const diff = computeDraftDiff(fixture.engine.db, store.get(draft.id), snapshotId);
    const matrix = new Explorer(fixture.engine).matrix({ snapshotId });

    const ambiguous = [
      {
        snapshotName: 'app-acme-data-science-viewer',
        candidates: [
          { liveGroupId: entraEditors, liveName: 'app-acme-data-science-viewer', connectionName: 'Entra ID' },
          { liveGroupId: expect.any(String), liveName: 'app-acme-data-science-viewer', connectionName: 'Okta' },
        ],
      },
    ];
    expect(comparison.groups.ambiguous).toEqual(ambiguous);
    expect(comparison.groups.onlyInSnapshot).toEqual([]);
    expect(comparison.groups.onlyLive.map((group) => group.displayName)).not.toContain('app-acme-data-science-viewer');
    expect(diff.source.ambiguousGroups).toEqual(ambiguous);
    expect(diff.source.unmatchedGroups).toEqual([]);
    expect(matrix.users.map((user) => [user.userName, user.ranks])).toEqual([['linus@example.com', [0]]]);
  });

  it('matches the group of the named connection', () => {
    const snapshotId = importViewers('Entra ID');

    const snapshot = new SnapshotStore(fixture.engine.db).get(snapshotId);
    const comparison = compareSnapshot(fixture.engine.db, new SnapshotStore(fixture.engine.db).loadDirectory(snapshotId));
    const matrix = new Explorer(fixture.engine).matrix({ snapshotId });

    expect(snapshot.connectionName).toBe('Entra ID');
    expect(comparison.groups.matched.map((group) => group.liveGroupId)).toEqual([entraEditors]);
    expect(comparison.groups.ambiguous).toEqual([]);
    // Only the Entra ID directory is compared: Okta's groups and users are not "only live".
    expect(comparison.groups.onlyLive).toEqual([]);
    expect(comparison.users.onlyLive).toEqual([{ userName: 'ada@example.com', displayName: null, connectionName: 'Entra ID' }]);
    expect(comparison.memberships.onlyLive).toEqual([{ userName: 'ada@example.com', groupName: 'app-acme-data-science-viewer', connectionName: 'Entra ID' }]);
    expect(matrix.users.map((user) => [user.userName, user.ranks])).toEqual([['linus@example.com', [2]]]);
  });

  it('lists each live account once with its connection', () => {
    fixture.createGroup('contractors', []);
    entra.createGroup('contractors', []);
    const snapshotId = importViewers();

    const comparison = compareSnapshot(fixture.engine.db, new SnapshotStore(fixture.engine.db).loadDirectory(snapshotId));

    expect(comparison.users.onlyLive).toEqual([
      { userName: 'ada@example.com', displayName: null, connectionName: 'Entra ID' },
      { userName: 'ada@example.com', displayName: null, connectionName: 'Okta' },
      { userName: 'grace@example.com', displayName: null, connectionName: 'Okta' },
    ]);
    expect(comparison.groups.onlyLive).toEqual([
      { displayName: 'admins', connectionName: 'Okta' },
      { displayName: 'contractors', connectionName: 'Entra ID' },
      { displayName: 'contractors', connectionName: 'Okta' },
      { displayName: 'Data Science Editors', connectionName: 'Okta' },
    ]);
  });

  it('names the connection of each membership', () => {
    const oktaAda = fixture.engine.directory.findUsers('ada@example.com').find((user) => user.connectionName === 'Okta')!.id;
    const entraAda = fixture.engine.directory.findUsers('ada@example.com').find((user) => user.connectionName === 'Entra ID')!.id;
    fixture.createGroup('staff', [oktaAda], 'OKTA-STAFF');
    entra.createGroup('staff', [entraAda], 'ENTRA-STAFF');
    const content = 'group,groupId,user\nstaff,OKTA-STAFF,linus@example.com\nstaff,ENTRA-STAFF,linus@example.com\n';
    const snapshotId = importSnapshot(fixture.engine, { name: 'staff', format: 'generic', content }, 'test').snapshot!.id;

    const comparison = compareSnapshot(fixture.engine.db, new SnapshotStore(fixture.engine.db).loadDirectory(snapshotId));

    expect(comparison.memberships.onlyLive).toEqual([
      { userName: 'ada@example.com', groupName: 'staff', connectionName: 'Entra ID' },
      { userName: 'ada@example.com', groupName: 'staff', connectionName: 'Okta' },
    ]);
    expect(comparison.memberships.onlyInSnapshot).toEqual([
      { userName: 'linus@example.com', groupName: 'staff', connectionName: 'Entra ID' },
      { userName: 'linus@example.com', groupName: 'staff', connectionName: 'Okta' },
    ]);
  });

  it('compares memberships with the account of the group\'s connection', () => {
    const content = 'group,user\napp-acme-data-science-viewer,ada@example.com\n';
    const connectionId = fixture.engine.connections.getByName('Entra ID').id;
    const snapshotId = importSnapshot(fixture.engine, { name: 'ada', format: 'generic', content, connectionId }, 'test').snapshot!.id;

    const comparison = compareSnapshot(fixture.engine.db, new SnapshotStore(fixture.engine.db).loadDirectory(snapshotId));

    expect(comparison.memberships).toEqual({ onlyInSnapshot: [], onlyLive: [], inBoth: 1 });
    expect(comparison.users.inBoth).toBe(1);
  });

  it('clears the connection of its snapshots when it is deleted', () => {
    const snapshotId = importViewers('Entra ID');

    fixture.engine.db.prepare('DELETE FROM connections WHERE name = ?').run('Entra ID');

    expect(new SnapshotStore(fixture.engine.db).get(snapshotId)).toMatchObject({ connectionId: null, connectionName: null });
  });
});

describe('review against a snapshot', () => {
  it('evaluates the live mappings on the snapshot\'s memberships', () => {
    const snapshotId = importLater();

    const matrix = new Explorer(fixture.engine).matrix({ snapshotId });

    expect(matrix.source).toBe('snapshot');
    expect(matrix.users.map((user) => [user.userName, user.active, user.organizationAdmin, user.ranks])).toEqual([
      ['ada@example.com', true, true, [3]],
      ['linus@example.com', true, false, [2]],
      ['margaret@example.com', true, false, [0]],
    ]);
  });

  it('reviews a draft that maps a group known only from the snapshot', () => {
    const snapshotId = importLater();
    const store = new DraftStore(fixture.engine.db, fixture.engine.workspaces);
    const draft = store.create('finance', 'test', fixture.clock.iso());
    store.addChange(draft.id, { action: 'add', groupName: 'app-acme-finance-viewer', grant: workspaceGrant(dataScience, 'viewer') }, fixture.clock.iso());

    const offline = computeDraftDiff(fixture.engine.db, store.get(draft.id), snapshotId);
    const live = computeDraftDiff(fixture.engine.db, store.get(draft.id));

    expect(offline.source).toEqual({ kind: 'snapshot', snapshotId, snapshotName: 'March export', unmatchedGroups: ['app-acme-finance-viewer'], ambiguousGroups: [] });
    expect(offline.guardrail).toBeNull();
    expect(offline.diff.entries.map((entry) => [entry.kind, entry.userName, entry.role, entry.groups.map((group) => group.groupName)])).toEqual([
      ['gained', 'margaret@example.com', 'viewer', ['app-acme-finance-viewer']],
    ]);
    expect(live.diff.entries).toEqual([]);
  });
});

describe('compareSnapshot', () => {
  it('lists users, groups and memberships present on one side only', () => {
    const snapshotId = importLater();

    const comparison = compareSnapshot(fixture.engine.db, new SnapshotStore(fixture.engine.db).loadDirectory(snapshotId));

    expect(comparison.users).toEqual({
      onlyInSnapshot: [{ userName: 'margaret@example.com', displayName: null }],
      onlyLive: [{ userName: 'grace@example.com', displayName: null, connectionName: 'Okta' }],
      inBoth: 2,
      activeDiffers: [],
    });
    expect(comparison.groups).toEqual({
      matched: [
        { snapshotName: 'app-acme-data-science-editor', liveGroupId: editors, liveName: 'Data Science Editors', matchedBy: 'externalId' },
        { snapshotName: 'Admins', liveGroupId: expect.any(String), liveName: 'admins', matchedBy: 'name' },
      ],
      onlyInSnapshot: ['app-acme-finance-viewer'],
      ambiguous: [],
      onlyLive: [],
    });
    expect(comparison.memberships).toEqual({
      onlyInSnapshot: [{ userName: 'linus@example.com', groupName: 'Data Science Editors', connectionName: 'Okta' }],
      onlyLive: [{ userName: 'grace@example.com', groupName: 'Data Science Editors', connectionName: 'Okta' }],
      inBoth: 2,
    });
  });

  it('lists accounts active on one side only', () => {
    const linus = fixture.engine.db.prepare("SELECT id FROM users WHERE user_name = 'linus@example.com'").pluck().get() as string;
    fixture.setActive(linus, false);
    const content = ['group,user,active', 'Admins,ada@example.com,false', 'Admins,linus@example.com,true', 'Admins,grace@example.com,true'].join('\n');
    const snapshotId = importSnapshot(fixture.engine, { name: 'April export', format: 'generic', content }, 'test').snapshot!.id;

    const comparison = compareSnapshot(fixture.engine.db, new SnapshotStore(fixture.engine.db).loadDirectory(snapshotId));

    expect(comparison.users.activeDiffers).toEqual([
      { userName: 'ada@example.com', displayName: null, connectionName: 'Okta', activeInSnapshot: false, activeLive: true },
      { userName: 'linus@example.com', displayName: null, connectionName: 'Okta', activeInSnapshot: true, activeLive: false },
    ]);
  });
});
