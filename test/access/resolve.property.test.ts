/**
 * Property tests of the pure resolver with random grants. The highest grant wins in each
 * workspace, and the order of the user's groups never matters. A deactivated user has
 * nothing. Organization admins are admins of every active workspace when the setting is on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveAccess, type GroupGrant } from '../../src/main/engine/access/resolve.ts';
import type { AccessSettings } from '../../src/main/engine/access/settings.ts';
import { roleMapOf } from '../../src/main/engine/access/world.ts';
import { WORKSPACE_ROLE_RANK, WORKSPACE_ROLES } from '../../src/shared/model.ts';

/** Runs per property; the four properties take well under a second together. */
const RUNS = 400;

const WORKSPACES = ['w1', 'w2', 'w3'];

const grantArbitrary: fc.Arbitrary<GroupGrant> = fc.record({
  groupId: fc.constantFrom('g1', 'g2', 'g3', 'g4', 'g5'),
  groupName: fc.constant(''),
  workspaceId: fc.option(fc.constantFrom(...WORKSPACES), { nil: null, freq: 4 }),
  role: fc.constantFrom(...WORKSPACE_ROLES),
}).map((grant) => ({ ...grant, groupName: `group ${grant.groupId}`, role: grant.workspaceId === null ? 'admin' : grant.role }));

const settingsArbitrary: fc.Arbitrary<AccessSettings> = fc.record({
  namingSlug: fc.constant(''),
  organizationAdminsAreWorkspaceAdmins: fc.boolean(),
});

/** The active workspaces: a random subset of WORKSPACES. */
const activeArbitrary = fc.subarray(WORKSPACES);

describe('resolveAccess', () => {
  it('gives each workspace the highest role granted there', () => {
    fc.assert(
      fc.property(fc.array(grantArbitrary, { maxLength: 8 }), activeArbitrary, (grants, active) => {
        const access = resolveAccess(grants, true, active, { namingSlug: '', organizationAdminsAreWorkspaceAdmins: false });

        for (const workspaceId of WORKSPACES) {
          const ranks = grants.filter((grant) => grant.workspaceId === workspaceId).map((grant) => WORKSPACE_ROLE_RANK[grant.role]);
          const resolved = access.workspaces.get(workspaceId);
          if (ranks.length === 0) {
            expect(resolved).toBeUndefined();
            continue;
          }
          expect(WORKSPACE_ROLE_RANK[resolved!.role]).toBe(Math.max(...ranks));
          expect(resolved!.grantedBy.every((grant) => grant.role === resolved!.role)).toBe(true);
          expect(resolved!.outranked.every((grant) => WORKSPACE_ROLE_RANK[grant.role] < WORKSPACE_ROLE_RANK[resolved!.role])).toBe(true);
        }
        expect(access.organizationAdmin).toBe(grants.some((grant) => grant.workspaceId === null));
      }),
      { numRuns: RUNS },
    );
  });

  it('ignores the order of the user\'s groups', () => {
    fc.assert(
      fc.property(
        fc.array(grantArbitrary, { maxLength: 8 }).chain((grants) => fc.tuple(fc.constant(grants), fc.shuffledSubarray(grants, { minLength: grants.length, maxLength: grants.length }))),
        activeArbitrary,
        settingsArbitrary,
        ([grants, shuffled], active, settings) => {
          const original = resolveAccess(grants, true, active, settings);
          const reordered = resolveAccess(shuffled, true, active, settings);

          expect(roleMapOf(reordered)).toEqual(roleMapOf(original));
          for (const [workspaceId, resolved] of original.workspaces) {
            const other = reordered.workspaces.get(workspaceId)!;
            expect(keys(other.grantedBy)).toEqual(keys(resolved.grantedBy));
            expect(keys(other.outranked)).toEqual(keys(resolved.outranked));
            expect(other.viaOrganizationAdmin).toBe(resolved.viaOrganizationAdmin);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('gives a deactivated user nothing', () => {
    fc.assert(
      fc.property(fc.array(grantArbitrary, { maxLength: 8 }), activeArbitrary, settingsArbitrary, (grants, active, settings) => {
        const access = resolveAccess(grants, false, active, settings);

        expect(access.organizationAdmin).toBe(false);
        expect(access.organizationGrantedBy).toEqual([]);
        expect(access.workspaces.size).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('makes organization admins admins of every active workspace when the setting is on', () => {
    fc.assert(
      fc.property(fc.array(grantArbitrary, { maxLength: 8 }), activeArbitrary, (grants, active) => {
        const access = resolveAccess(grants, true, active, { namingSlug: '', organizationAdminsAreWorkspaceAdmins: true });
        if (!access.organizationAdmin) {
          return;
        }

        for (const workspaceId of active) {
          const resolved = access.workspaces.get(workspaceId);
          expect(resolved?.role).toBe('admin');
          expect(resolved?.viaOrganizationAdmin).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

function keys(grants: GroupGrant[]): string[] {
  return grants.map((grant) => `${grant.groupId}:${grant.workspaceId}:${grant.role}`).sort();
}
