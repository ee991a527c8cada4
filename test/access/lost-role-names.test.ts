/**
 * A lost role's grantedBy names its groups as they are named when the role is lost. The cases: a
 * rename, a rename followed by the deletion of the group or of its connection, and a store whose
 * stored reasons still contain an older name, as earlier versions left them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteConnection } from '../../src/main/engine/connections/lifecycle.ts';
import type { Change } from '../../src/shared/api.ts';
import { DirectoryFixture, workspaceGrant } from './directory-fixture.ts';

const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let fixture: DirectoryFixture;
let research: string;
let carol: string;
let resEditors: string;

beforeEach(() => {
  fixture = DirectoryFixture.open();
  research = fixture.workspace('Research');
  carol = fixture.createUser('carol@example.com');
  resEditors = fixture.createGroup('res-editors', [carol]);
  fixture.map(resEditors, workspaceGrant(research, 'editor'));
});

afterEach(() => {
  fixture.close();
});

function rename(through: DirectoryFixture, groupId: string, displayName: string): void {
  through.scim('PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'displayName', value: displayName }] });
}

function latestLostRoles(): Change[] {
  return fixture.engine.events.get(fixture.engine.events.headId())!.event.changes.filter((change) => change.type === 'role.lost');
}

function storedReasons(userId: string, scope: string): string {
  return fixture.engine.db.prepare('SELECT reasons FROM effective_roles WHERE user_id = ? AND scope = ?').pluck().get(userId, scope) as string;
}

/** Puts an older group name into the stored reasons, the way versions that did not refresh them on a rename left it. */
function storeStaleName(userId: string, scope: string, groupId: string, staleName: string): void {
  const reasons = JSON.parse(storedReasons(userId, scope)) as { grantedBy: { groupId: string; groupName: string }[] };
  for (const grant of reasons.grantedBy) {
    if (grant.groupId === groupId) {
      grant.groupName = staleName;
    }
  }
  fixture.engine.db.prepare('UPDATE effective_roles SET reasons = ? WHERE user_id = ? AND scope = ?').run(JSON.stringify(reasons), userId, scope);
}

describe('lost role after a group rename', () => {
  it('names the group by its new name', () => {
    rename(fixture, resEditors, 'research-team');

    fixture.removeMember(resEditors, carol);

    const [lost] = latestLostRoles();
    expect(lost?.text).toBe('carol@example.com lost editor in Research');
    expect(lost?.grantedBy).toEqual([{ groupId: resEditors, groupName: 'research-team', role: 'editor' }]);
  });

  it('keeps stored reasons current without a change', () => {
    rename(fixture, resEditors, 'research-team');

    expect(JSON.parse(storedReasons(carol, research)).grantedBy).toEqual([{ groupId: resEditors, groupName: 'research-team', role: 'editor' }]);
    const changes = fixture.engine.events.get(fixture.engine.events.headId())!.event.changes;
    expect(changes.map((change) => change.type)).toEqual(['group.renamed']);
  });

  it('names a deleted group by its last name', () => {
    rename(fixture, resEditors, 'research-team');

    fixture.deleteGroup(resEditors);

    expect(latestLostRoles()[0]?.grantedBy).toEqual([{ groupId: resEditors, groupName: 'research-team', role: 'editor' }]);
  });

  it('names a deleted connection\'s group by its last name', () => {
    const entra = fixture.addConnection('entra', 'EntraB');
    const erin = entra.createUser('erin@example.com');
    const opsEditors = entra.createGroup('ops-editors', [erin]);
    fixture.map(opsEditors, workspaceGrant(research, 'editor'));
    rename(entra, opsEditors, 'ops-editors-renamed');

    deleteConnection(fixture.engine, fixture.engine.connections.list().find((connection) => connection.name === 'EntraB')!.id, 'EntraB', 'test');

    const lost = latestLostRoles();
    expect(lost.map((change) => change.userName)).toEqual(['erin@example.com']);
    expect(lost[0]?.grantedBy).toEqual([{ groupId: opsEditors, groupName: 'ops-editors-renamed', role: 'editor' }]);
  });
});

describe('lost role in a store with stale reasons', () => {
  beforeEach(() => {
    rename(fixture, resEditors, 'research-team');
    storeStaleName(carol, research, resEditors, 'res-editors');
  });

  it('names a group by its current name', () => {
    fixture.removeMember(resEditors, carol);

    expect(latestLostRoles()[0]?.grantedBy).toEqual([{ groupId: resEditors, groupName: 'research-team', role: 'editor' }]);
  });

  it('names a deleted group by its last name', () => {
    fixture.deleteGroup(resEditors);

    expect(latestLostRoles()[0]?.grantedBy).toEqual([{ groupId: resEditors, groupName: 'research-team', role: 'editor' }]);
  });

  it('names a deleted connection\'s group by its last name', () => {
    const okta = fixture.engine.connections.list().find((connection) => connection.name === 'Okta')!;

    deleteConnection(fixture.engine, okta.id, 'Okta', 'test');

    expect(latestLostRoles()[0]?.grantedBy).toEqual([{ groupId: resEditors, groupName: 'research-team', role: 'editor' }]);
  });
});
