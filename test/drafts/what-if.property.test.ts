/**
 * Property tests of the what-if with random directories and random drafts. The diff the
 * pure resolver predicts must equal what applying the draft really does, which is the role
 * changes recorded in its event. The same draft reviewed against a snapshot of the live
 * directory must give the same diff as against the live directory.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Change, RoleDiffEntry } from '../../src/shared/api.ts';
import { WORKSPACE_ROLES } from '../../src/shared/model.ts';
import { applyDraft } from '../../src/main/engine/drafts/apply.ts';
import { DraftStore } from '../../src/main/engine/drafts/store.ts';
import { computeDraftDiff } from '../../src/main/engine/drafts/what-if.ts';
import { GuardrailError } from '../../src/main/engine/guardrails/errors.ts';
import { importSnapshot } from '../../src/main/engine/snapshots/import.ts';
import { DirectoryFixture, ORGANIZATION_ADMIN, workspaceGrant } from '../access/directory-fixture.ts';

/** Runs per property; each builds a directory of up to 8 users and 4 groups. */
const RUNS = 60;

const USERS = 8;
const GROUPS = 4;

const directoryArbitrary = fc.record({
  /** memberships[group][user] */
  memberships: fc.array(fc.array(fc.boolean(), { minLength: USERS, maxLength: USERS }), { minLength: GROUPS, maxLength: GROUPS }),
  inactive: fc.array(fc.boolean(), { minLength: USERS, maxLength: USERS }),
  /** role 3 is organization admin */
  mappings: fc.array(fc.record({ group: fc.nat(GROUPS - 1), workspace: fc.nat(1), role: fc.nat(3) }), { maxLength: 6 }),
  organizationAdminsAreWorkspaceAdmins: fc.boolean(),
  draft: fc.array(
    fc.oneof(
      fc.record({ action: fc.constant('add' as const), group: fc.nat(GROUPS - 1), workspace: fc.nat(1), role: fc.nat(3) }),
      fc.record({ action: fc.constant('remove' as const), index: fc.nat(10) }),
    ),
    { minLength: 1, maxLength: 5 },
  ),
});

type DirectorySpec = typeof directoryArbitrary extends fc.Arbitrary<infer T> ? T : never;

interface Built {
  fixture: DirectoryFixture;
  draftId: string;
}

/** Builds the directory and the draft of a spec; draft changes that the store rejects (duplicates) are left out. */
function build(spec: DirectorySpec): Built {
  const fixture = DirectoryFixture.open();
  const workspaces = [fixture.workspace('Alpha'), fixture.workspace('Beta')];
  fixture.engine.updateSettings({ organizationAdminsAreWorkspaceAdmins: spec.organizationAdminsAreWorkspaceAdmins }, 'test');
  const users = Array.from({ length: USERS }, (_, index) => fixture.createUser(`user${index}@example.com`, { active: !spec.inactive[index] }));
  const groups = spec.memberships.map((members, index) => fixture.createGroup(`group ${index}`, users.filter((_, user) => members[user])));
  const grantOf = (item: { workspace: number; role: number }) => (item.role === 3 ? ORGANIZATION_ADMIN : workspaceGrant(workspaces[item.workspace]!, WORKSPACE_ROLES[item.role]!));
  for (const mapping of spec.mappings) {
    ignoreRejected(() => fixture.engine.addMapping(groups[mapping.group]!, grantOf(mapping), 'test'));
  }

  const store = new DraftStore(fixture.engine.db, fixture.engine.workspaces);
  const draft = store.create('what-if', 'test', fixture.clock.iso());
  const live = fixture.engine.mappings.list();
  for (const change of spec.draft) {
    if (change.action === 'add') {
      ignoreRejected(() => store.addChange(draft.id, { action: 'add', groupId: groups[change.group]!, grant: grantOf(change) }, fixture.clock.iso()));
    } else if (live.length > 0) {
      ignoreRejected(() => store.addChange(draft.id, { action: 'remove', mappingId: live[change.index % live.length]!.id }, fixture.clock.iso()));
    }
  }
  fixture.clock.advance();
  return { fixture, draftId: draft.id };
}

function ignoreRejected(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    if (!(error instanceof Error && /already/.test(error.message))) {
      throw error;
    }
  }
}

/** Formats a predicted change as one line: user, scope, kind, roles and the groups behind it. */
function entryKey(entry: RoleDiffEntry): string {
  const groups = entry.groups.map((group) => group.groupId).sort().join(',');
  return `${entry.userId}|${entry.scope}|${entry.kind}|${entry.previousRole ?? '-'}|${entry.role ?? '-'}|${groups}|${entry.viaOrganizationAdmin}`;
}

/** Formats a role change that applying recorded as the same line. */
function changeKey(change: Change): string {
  const kind = change.type.replace('role.', '');
  const groups = (change.grantedBy ?? []).map((grant) => grant.groupId).sort().join(',');
  return `${change.userId}|${change.scope}|${kind}|${change.previousRole ?? '-'}|${change.type === 'role.lost' ? '-' : change.role}|${groups}|${change.viaOrganizationAdmin ?? false}`;
}

describe('draft what-if', () => {
  it('predicts exactly what applying the draft does', () => {
    fc.assert(
      fc.property(directoryArbitrary, (spec) => {
        const { fixture, draftId } = build(spec);
        try {
          const store = new DraftStore(fixture.engine.db, fixture.engine.workspaces);
          const predicted = computeDraftDiff(fixture.engine.db, store.get(draftId));
          const applicable = predicted.draft.changes.filter((change) => change.problem === null);
          if (applicable.length === 0) {
            return;
          }

          let eventId: number;
          try {
            eventId = applyDraft(fixture.engine, draftId, 'test', { confirmedLossCount: Infinity }).eventId;
          } catch (error) {
            // Refused because no admin would remain, which the prediction must show too.
            expect(error).toBeInstanceOf(GuardrailError);
            expect(predicted.diff.counts.adminsBefore).toBeGreaterThan(0);
            expect(predicted.diff.counts.adminsAfter).toBe(0);
            return;
          }

          const recorded = fixture.engine.events.get(eventId)!.event.changes.filter((change) => ['role.gained', 'role.lost', 'role.changed'].includes(change.type));
          expect(recorded.map(changeKey).sort()).toEqual(predicted.diff.entries.map(entryKey).sort());
        } finally {
          fixture.close();
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('gives the same diff against a snapshot of the live directory', () => {
    fc.assert(
      fc.property(directoryArbitrary, (spec) => {
        const { fixture, draftId } = build(spec);
        try {
          const imported = importSnapshot(fixture.engine, { name: 'mirror', format: 'generic', content: exportGenericJson(fixture) }, 'test');
          if (imported.snapshot === null) {
            // A directory without any membership cannot be exported as a snapshot.
            expect(imported.problems[0]?.message).toMatch(/no user who is a member/);
            return;
          }
          const store = new DraftStore(fixture.engine.db, fixture.engine.workspaces);
          const live = computeDraftDiff(fixture.engine.db, store.get(draftId));
          const offline = computeDraftDiff(fixture.engine.db, store.get(draftId), imported.snapshot.id);

          const byName = (entry: RoleDiffEntry) => `${entry.userName}|${entry.scope}|${entry.kind}|${entry.previousRole}|${entry.role}|${entry.groups.map((group) => group.groupName).sort().join(',')}`;
          // Users in no group are not in a membership export, so only users with a group count.
          const members = new Set(JSON.parse(exportGenericJson(fixture)).users.map((user: { userName: string }) => user.userName));
          expect(offline.diff.entries.map(byName).sort()).toEqual(live.diff.entries.filter((entry) => members.has(entry.userName)).map(byName).sort());
          expect(offline.source.unmatchedGroups).toEqual([]);
        } finally {
          fixture.close();
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/** Exports the live directory's users who belong to a group, with their groups, in the generic JSON layout. */
function exportGenericJson(fixture: DirectoryFixture): string {
  const db = fixture.engine.db;
  const groups = db.prepare('SELECT id, display_name FROM groups').all() as { id: string; display_name: string }[];
  const members = db.prepare('SELECT m.group_id, u.user_name FROM group_members m JOIN users u ON u.id = m.member_id').all() as { group_id: string; user_name: string }[];
  const users = db.prepare('SELECT user_name, active FROM users WHERE id IN (SELECT member_id FROM group_members)').all() as { user_name: string; active: number }[];
  return JSON.stringify({
    users: users.map((user) => ({ userName: user.user_name, active: user.active === 1 })),
    groups: groups
      .map((group) => ({ displayName: group.display_name, members: members.filter((member) => member.group_id === group.id).map((member) => member.user_name) }))
      .filter((group) => group.members.length > 0),
  });
}
