/**
 * Property test of the event log as the history of access. Random sequences of SCIM
 * changes (users, groups, memberships, deactivation, deletion) and admin changes
 * (mappings, settings, archived workspaces, applied drafts) run on a fresh engine. After
 * each step, the access rebuilt from the events as of that moment must equal the live
 * state: the same roles and since, the same granting and outranked groups, and the same
 * organization-admin rule. The rebuilt group memberships, with the groups' names after
 * renames, must equal the live ones too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadGrants, activeWorkspaceIds, resolveAccess } from '../../src/main/engine/access/resolve.ts';
import { reasonsOf } from '../../src/main/engine/access/role-reasons.ts';
import { readSettings } from '../../src/main/engine/access/settings.ts';
import { roleMapOf } from '../../src/main/engine/access/world.ts';
import { applyDraft } from '../../src/main/engine/drafts/apply.ts';
import { DraftStore } from '../../src/main/engine/drafts/store.ts';
import { GuardrailError } from '../../src/main/engine/guardrails/errors.ts';
import { accessAsOf, directoryAsOf } from '../../src/main/engine/history/access-at.ts';
import { pastGroupsOf } from '../../src/main/engine/history/past-groups.ts';
import { WORKSPACE_ROLES } from '../../src/shared/model.ts';
import { PATCH_OP_SCHEMA } from '../helpers/scim-bodies.ts';
import { DirectoryFixture, ORGANIZATION_ADMIN, workspaceGrant } from './directory-fixture.ts';

/** Runs of the property; each sets up a directory and replays up to 40 steps on a fresh in-memory engine. */
const RUNS = 40;

type StepKind =
  | 'createUser'
  | 'setActive'
  | 'deleteUser'
  | 'createGroup'
  | 'addMember'
  | 'removeMember'
  | 'deleteGroup'
  | 'renameGroup'
  | 'addMapping'
  | 'removeMapping'
  | 'toggleSetting'
  | 'archiveWorkspace'
  | 'applyDraft';

interface Step {
  kind: StepKind;
  a: number;
  b: number;
  c: number;
  flag: boolean;
}

const stepArbitrary: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom<StepKind>(
    'createUser', 'createUser', 'setActive', 'deleteUser', 'createGroup', 'addMember', 'addMember', 'removeMember',
    'deleteGroup', 'renameGroup', 'addMapping', 'addMapping', 'addMapping', 'removeMapping', 'toggleSetting', 'archiveWorkspace', 'applyDraft',
  ),
  a: fc.nat(20),
  b: fc.nat(20),
  c: fc.nat(20),
  flag: fc.boolean(),
});

/** A starting directory, so that most runs have roles to change: 4 users, 3 groups, their memberships and mappings. */
const setupArbitrary = fc.record({
  memberships: fc.array(fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), { minLength: 3, maxLength: 3 }),
  mappings: fc.array(fc.record({ group: fc.nat(2), workspace: fc.nat(2), role: fc.nat(3) }), { minLength: 1, maxLength: 6 }),
});

function setUp(fixture: DirectoryFixture, model: { users: string[]; groups: string[]; workspaces: string[] }, setup: typeof setupArbitrary extends fc.Arbitrary<infer T> ? T : never): void {
  model.users = ['ada', 'grace', 'linus', 'margaret'].map((name) => fixture.createUser(`${name}@example.com`));
  model.groups = setup.memberships.map((members, index) => fixture.createGroup(`team ${index}`, model.users.filter((_, user) => members[user])));
  for (const mapping of setup.mappings) {
    const grant = mapping.role === 3 ? ORGANIZATION_ADMIN : workspaceGrant(model.workspaces[mapping.workspace]!, WORKSPACE_ROLES[mapping.role]!);
    guarded(() => fixture.engine.addMapping(model.groups[mapping.group]!, grant, 'test'));
  }
}

/** Access as the live store records it: user id → scope → role, since and reasons. */
type AccessState = Record<string, Record<string, { role: string; since: string; grantedBy: string[]; outranked: string[]; viaOrganizationAdmin: boolean }>>;

/** Reads the live state: stored roles and since, with reasons recomputed by the pure resolver. */
function liveState(fixture: DirectoryFixture): AccessState {
  const db = fixture.engine.db;
  const settings = readSettings(db);
  const workspaces = activeWorkspaceIds(db);
  const state: AccessState = {};
  const users = db.prepare('SELECT id, active FROM users').all() as { id: string; active: number }[];
  for (const user of users) {
    const access = resolveAccess(loadGrants(db, user.id), user.active === 1, workspaces, settings);
    const stored = new Map((db.prepare('SELECT scope, role, since FROM effective_roles WHERE user_id = ?').all(user.id) as { scope: string; role: string; since: string }[]).map((row) => [row.scope, row]));
    const roles: AccessState[string] = {};
    for (const [scope, role] of roleMapOf(access)) {
      const reasons = reasonsOf(access, scope);
      expect(stored.get(scope)?.role, `stored role of ${user.id} in ${scope}`).toBe(role);
      roles[scope] = {
        role,
        since: stored.get(scope)!.since,
        grantedBy: reasons.grantedBy.map((grant) => `${grant.groupId}:${grant.role}`).sort(),
        outranked: reasons.outranked.map((grant) => `${grant.groupId}:${grant.role}`).sort(),
        viaOrganizationAdmin: reasons.viaOrganizationAdmin,
      };
    }
    expect(stored.size, `no stale stored roles for ${user.id}`).toBe(Object.keys(roles).length);
    if (Object.keys(roles).length > 0) {
      state[user.id] = roles;
    }
  }
  return state;
}

/** Rebuilds the same state from the event log as of `at`. */
function pastState(fixture: DirectoryFixture, at: string): AccessState {
  const state: AccessState = {};
  for (const user of accessAsOf(fixture.engine.db, at).values()) {
    if (user.deleted || user.roles.size === 0) {
      continue;
    }
    state[user.userId] = Object.fromEntries(
      [...user.roles].map(([scope, past]) => [
        scope,
        {
          role: past.role,
          since: past.since,
          grantedBy: (past.grantedBy ?? []).map((grant) => `${grant.groupId}:${grant.role}`).sort(),
          outranked: (past.outranked ?? []).map((grant) => `${grant.groupId}:${grant.role}`).sort(),
          viaOrganizationAdmin: past.viaOrganizationAdmin ?? false,
        },
      ]),
    );
  }
  return state;
}

/** Group memberships: user id → the user's groups as "group id:displayName", sorted. */
type MembershipState = Record<string, string[]>;

/** Reads the live memberships of users from the store. */
function liveMemberships(fixture: DirectoryFixture): MembershipState {
  const rows = fixture.engine.db
    .prepare(
      `SELECT m.member_id AS userId, g.id AS groupId, g.display_name AS name FROM group_members m JOIN groups g ON g.id = m.group_id
       WHERE m.member_type = 'User'`,
    )
    .all() as { userId: string; groupId: string; name: string }[];
  const state: MembershipState = {};
  for (const row of rows) {
    (state[row.userId] ??= []).push(`${row.groupId}:${row.name}`);
  }
  for (const groups of Object.values(state)) {
    groups.sort();
  }
  return state;
}

/** Rebuilds the memberships from the event log as of `at`. */
function pastMemberships(fixture: DirectoryFixture, at: string): MembershipState {
  const directory = directoryAsOf(fixture.engine.db, at);
  const state: MembershipState = {};
  for (const user of directory.users.values()) {
    const groups = user.deleted ? [] : pastGroupsOf(directory, user);
    if (groups.length > 0) {
      state[user.userId] = groups.map((group) => `${group.id}:${group.displayName}`).sort();
    }
  }
  return state;
}

/** Applies one random step to the directory; steps that do not fit the current state do nothing. */
function runStep(fixture: DirectoryFixture, step: Step, model: { users: string[]; groups: string[]; workspaces: string[]; counter: number }): void {
  const pick = <T,>(list: T[], index: number): T | undefined => (list.length === 0 ? undefined : list[index % list.length]);
  const user = pick(model.users, step.a);
  const group = pick(model.groups, step.b);
  const engine = fixture.engine;
  model.counter += 1;

  switch (step.kind) {
    case 'createUser':
      model.users.push(fixture.createUser(`user${model.counter}@example.com`, { active: step.flag || step.c % 3 !== 0 }));
      return;
    case 'setActive':
      if (user) fixture.setActive(user, step.flag);
      return;
    case 'deleteUser':
      if (user) {
        fixture.deleteUser(user);
        model.users = model.users.filter((id) => id !== user);
      }
      return;
    case 'createGroup':
      model.groups.push(fixture.createGroup(`group ${model.counter}`, model.users.filter((_, index) => (index + step.c) % 2 === 0)));
      return;
    case 'addMember':
      if (user && group) fixture.addMembers(group, [user]);
      return;
    case 'removeMember':
      if (user && group) fixture.removeMember(group, user);
      return;
    case 'deleteGroup':
      if (group) {
        fixture.deleteGroup(group);
        model.groups = model.groups.filter((id) => id !== group);
      }
      return;
    case 'renameGroup':
      if (group) {
        fixture.scim('PATCH', `/Groups/${group}`, {
          schemas: [PATCH_OP_SCHEMA],
          Operations: [{ op: 'replace', path: 'displayName', value: `renamed ${model.counter}` }],
        });
      }
      return;
    case 'addMapping': {
      const workspace = pick(model.workspaces, step.c)!;
      const grant = step.c % 5 === 0 ? ORGANIZATION_ADMIN : workspaceGrant(workspace, WORKSPACE_ROLES[step.a % 3]!);
      if (group && !engine.mappings.list().some((mapping) => mapping.groupId === group && JSON.stringify(mapping.grant) === JSON.stringify(grant))) {
        guarded(() => engine.addMapping(group, grant, 'test'));
      }
      return;
    }
    case 'removeMapping': {
      const mapping = pick(engine.mappings.list(), step.c);
      if (mapping) guarded(() => engine.removeMapping(mapping.id, 'test', { confirmedLossCount: Infinity }));
      return;
    }
    case 'toggleSetting':
      guarded(() => engine.updateSettings({ organizationAdminsAreWorkspaceAdmins: step.flag }, 'test', { confirmedLossCount: Infinity }));
      return;
    case 'archiveWorkspace': {
      const workspace = pick(model.workspaces, step.c);
      // Keep one workspace active so that mappings have somewhere to point.
      if (workspace && model.workspaces.length > 1) {
        guarded(() => engine.archiveWorkspace(workspace, 'test', { confirmedLossCount: Infinity }));
        model.workspaces = model.workspaces.filter((id) => id !== workspace);
      }
      return;
    }
    case 'applyDraft': {
      const store = new DraftStore(engine.db, engine.workspaces);
      const draft = store.create(`draft ${model.counter}`, 'test', fixture.clock.iso());
      const mapping = pick(engine.mappings.list(), step.a);
      if (mapping) store.addChange(draft.id, { action: 'remove', mappingId: mapping.id }, fixture.clock.iso());
      if (group) store.addChange(draft.id, { action: 'add', groupId: group, grant: workspaceGrant(pick(model.workspaces, step.c)!, WORKSPACE_ROLES[step.b % 3]!) }, fixture.clock.iso());
      guarded(() => applyDraft(engine, draft.id, 'test', { confirmedLossCount: Infinity }));
      return;
    }
  }
}

/** Runs an admin change; a guardrail's refusal (no admin would remain) or a change that does nothing is fine here. */
function guarded(change: () => unknown): void {
  try {
    change();
  } catch (error) {
    if (error instanceof GuardrailError || (error instanceof Error && /already|no change to apply/.test(error.message))) {
      return;
    }
    throw error;
  }
}

describe('access history', () => {
  it('rebuilds the live access of every past step from the event log', () => {
    fc.assert(
      fc.property(setupArbitrary, fc.array(stepArbitrary, { minLength: 5, maxLength: 40 }), (setup, steps) => {
        const fixture = DirectoryFixture.open();
        try {
          const model = { users: [] as string[], groups: [] as string[], workspaces: [fixture.workspace('Alpha'), fixture.workspace('Beta'), fixture.workspace('Gamma')], counter: 0 };
          const moments: { at: string; state: AccessState; memberships: MembershipState }[] = [];
          setUp(fixture, model, setup);
          moments.push({ at: fixture.clock.iso(), state: liveState(fixture), memberships: liveMemberships(fixture) });
          for (const step of steps) {
            fixture.clock.advance();
            runStep(fixture, step, model);
            moments.push({ at: fixture.clock.iso(), state: liveState(fixture), memberships: liveMemberships(fixture) });
          }

          for (const moment of moments) {
            expect(pastState(fixture, moment.at), `access as of ${moment.at}`).toEqual(moment.state);
            expect(pastMemberships(fixture, moment.at), `memberships as of ${moment.at}`).toEqual(moment.memberships);
          }
        } finally {
          fixture.close();
        }
      }),
      { numRuns: RUNS },
    );
  });
});
