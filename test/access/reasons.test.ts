/**
 * Role changes carry their reasons: the granting and outranked groups with ids and the
 * organization-admin rule. A change of reasons alone is recorded as role.reason, and a
 * lost role names the groups that gave it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '../../src/shared/api.ts';
import { DirectoryFixture, workspaceGrant } from './directory-fixture.ts';

let fixture: DirectoryFixture;
let dataScience: string;
let ada: string;
let editors: string;

beforeEach(() => {
  fixture = DirectoryFixture.open();
  dataScience = fixture.workspace('Data Science');
  ada = fixture.createUser('ada@example.com');
  editors = fixture.createGroup('editors', [ada]);
  fixture.map(editors, workspaceGrant(dataScience, 'editor'));
});

afterEach(() => {
  fixture.close();
});

function latestRoleChanges(): Change[] {
  return fixture.engine.events.get(fixture.engine.events.headId())!.event.changes.filter((change) => change.type.startsWith('role.'));
}

describe('recomputeAccess reasons', () => {
  it('records a second granting group as role.reason', () => {
    const more = fixture.createGroup('more editors', [ada]);

    fixture.map(more, workspaceGrant(dataScience, 'editor'));

    expect(latestRoleChanges()).toEqual([
      expect.objectContaining({
        type: 'role.reason',
        text: 'ada@example.com keeps editor in Data Science, now via editors, more editors',
        role: 'editor',
        grantedBy: [
          { groupId: editors, groupName: 'editors', role: 'editor' },
          { groupId: more, groupName: 'more editors', role: 'editor' },
        ],
        outranked: [],
        viaOrganizationAdmin: false,
      }),
    ]);
  });

  it('records a new outranked grant as role.reason', () => {
    const viewers = fixture.createGroup('viewers', [ada]);

    fixture.map(viewers, workspaceGrant(dataScience, 'viewer'));

    expect(latestRoleChanges()).toEqual([expect.objectContaining({ type: 'role.reason', outranked: [{ groupId: viewers, groupName: 'viewers', role: 'viewer' }] })]);
  });

  it('records nothing when a group is renamed', () => {
    const head = fixture.engine.events.headId();

    fixture.scim('PATCH', `/Groups/${editors}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Editors (renamed)' }],
    });
    fixture.addMembers(editors, [ada]);

    expect(fixture.engine.events.headId()).toBeGreaterThan(head);
    expect(latestRoleChanges()).toEqual([]);
  });

  it('names the groups behind a lost role', () => {
    fixture.removeMember(editors, ada);

    expect(latestRoleChanges()).toEqual([
      expect.objectContaining({ type: 'role.lost', previousRole: 'editor', grantedBy: [{ groupId: editors, groupName: 'editors', role: 'editor' }] }),
    ]);
  });
});
