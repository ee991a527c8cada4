/**
 * Guardrails on admin changes. A change that leaves the organization with no admin is
 * refused. A change that removes or lowers access for more than the set share of active
 * users needs a confirmation naming the count. Both apply to mapping changes, settings,
 * archived workspaces and drafts, and a stopped change changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GuardrailVerdict } from '../../src/shared/api.ts';
import { DraftStore } from '../../src/main/engine/drafts/store.ts';
import { applyDraft } from '../../src/main/engine/drafts/apply.ts';
import { computeDraftDiff } from '../../src/main/engine/drafts/what-if.ts';
import { judgeImpact } from '../../src/main/engine/guardrails/check.ts';
import { GuardrailError } from '../../src/main/engine/guardrails/errors.ts';
import { previewGuardedChange } from '../../src/main/engine/guardrails/preview.ts';
import { writeGuardrailSettings } from '../../src/main/engine/guardrails/settings.ts';
import { openConsole } from './console-fixture.ts';
import { DirectoryFixture, ORGANIZATION_ADMIN, workspaceGrant } from './directory-fixture.ts';

let fixture: DirectoryFixture;
let dataScience: string;
let users: string[];
let admins: string;
let adminsMapping: string;

beforeEach(() => {
  fixture = DirectoryFixture.open();
  dataScience = fixture.workspace('Data Science');
  // Ten active users and one deactivated one; the first is the only organization admin.
  users = Array.from({ length: 10 }, (_, index) => fixture.createUser(`user${index}@example.com`));
  fixture.createUser('former@example.com', { active: false });
  admins = fixture.createGroup('admins', [users[0]!]);
  adminsMapping = fixture.map(admins, ORGANIZATION_ADMIN);
  fixture.clock.advance();
});

afterEach(() => {
  fixture.close();
});

/** Maps a new group of the first `count` users after the admin to viewer in Data Science; returns the mapping id. */
function mapViewers(count: number): string {
  const group = fixture.createGroup(`viewers of ${count}`, users.slice(1, 1 + count));
  return fixture.map(group, workspaceGrant(dataScience, 'viewer'));
}

function verdictOf(change: () => unknown): GuardrailVerdict {
  try {
    change();
  } catch (error) {
    if (error instanceof GuardrailError) {
      return error.verdict;
    }
    throw error;
  }
  throw new Error('The change was not stopped.');
}

describe('no-admin guardrail', () => {
  it('refuses to remove the last organization admin mapping', () => {
    const headBefore = fixture.engine.events.headId();

    const verdict = verdictOf(() => fixture.engine.removeMapping(adminsMapping, 'test', { confirmedLossCount: Infinity }));

    expect(verdict).toMatchObject({ status: 'refused', adminsBefore: 1, adminsAfter: 0 });
    expect(verdict.message).toBe(
      'This change would leave the organization with no admin, so it was refused. It removes the organization admin role from user0@example.com. Map another group to organization admin first, then make this change.',
    );
    expect(fixture.engine.events.headId()).toBe(headBefore);
    expect(fixture.storedRoles(users[0]!)).toMatchObject({ organization: 'admin' });
  });

  it('allows removing one admin mapping while another grants the role', () => {
    const second = fixture.createGroup('more admins', [users[0]!]);
    fixture.map(second, ORGANIZATION_ADMIN);

    fixture.engine.removeMapping(adminsMapping, 'test');

    expect(fixture.storedRoles(users[0]!)).toMatchObject({ organization: 'admin' });
  });

  it('lets an organization without admins change freely', () => {
    const tiny = DirectoryFixture.open();
    try {
      const workspace = tiny.workspace('Ops');
      const user = tiny.createUser('solo@example.com');
      const mapping = tiny.map(tiny.createGroup('ops', [user]), workspaceGrant(workspace, 'editor'));

      tiny.engine.removeMapping(mapping, 'test', { confirmedLossCount: 1 });

      expect(tiny.storedRoles(user)).toEqual({});
    } finally {
      tiny.close();
    }
  });

  it('refuses a draft that removes the last admin, even with confirmation', () => {
    const store = new DraftStore(fixture.engine.db, fixture.engine.workspaces);
    const draft = store.create('no admins', 'test', fixture.clock.iso());
    store.addChange(draft.id, { action: 'remove', mappingId: adminsMapping }, fixture.clock.iso());

    const verdict = verdictOf(() => applyDraft(fixture.engine, draft.id, 'test', { confirmedLossCount: Infinity }));

    expect(verdict.status).toBe('refused');
    expect(fixture.engine.mappings.list()).toHaveLength(1);
  });

  it('words a preview as a refusal to come', () => {
    const store = new DraftStore(fixture.engine.db, fixture.engine.workspaces);
    const draft = store.create('no admins', 'test', fixture.clock.iso());
    store.addChange(draft.id, { action: 'remove', mappingId: adminsMapping }, fixture.clock.iso());
    const expected =
      'This change would leave the organization with no admin, so it would be refused. It would remove the organization admin role from user0@example.com. Map another group to organization admin first, then make this change.';

    const removal = previewGuardedChange(fixture.engine, { kind: 'removeMapping', id: adminsMapping }, 'test');
    const draftApply = previewGuardedChange(fixture.engine, { kind: 'applyDraft', draftId: draft.id }, 'test');
    const whatIf = computeDraftDiff(fixture.engine.db, store.get(draft.id));

    expect(removal.guardrail).toMatchObject({ status: 'refused', message: expected });
    expect(draftApply.guardrail).toMatchObject({ status: 'refused', message: expected });
    expect(whatIf.guardrail).toMatchObject({ status: 'refused', message: expected });
    expect(fixture.engine.mappings.list()).toHaveLength(1);
  });
});

describe('loss-share guardrail', () => {
  it('allows a change that lowers access for exactly the share', () => {
    const mapping = mapViewers(1);

    fixture.engine.removeMapping(mapping, 'test');

    expect(fixture.storedRoles(users[1]!)).toEqual({});
  });

  it('needs a confirmation that names the count above the share', () => {
    const mapping = mapViewers(2);

    const verdict = verdictOf(() => fixture.engine.removeMapping(mapping, 'test'));

    expect(verdict).toMatchObject({ status: 'needs-confirmation', usersLosingAccess: 2, totalUsers: 10, maxLossShare: 0.1 });
    expect(verdict.message).toBe(
      'This change removes or lowers access for 2 users of 10 active users (20%), more than the 10% that may change without confirmation. Review who loses access, then confirm the change for these 2 users.',
    );
    expect(fixture.storedRoles(users[2]!)).toEqual({ [dataScience]: 'viewer' });
  });

  it('applies the change once the confirmation covers the count', () => {
    const mapping = mapViewers(2);

    fixture.engine.removeMapping(mapping, 'test', { confirmedLossCount: 2 });

    expect(fixture.storedRoles(users[2]!)).toEqual({});
  });

  it('asks again when more users lose access than were confirmed', () => {
    const mapping = mapViewers(3);

    const verdict = verdictOf(() => fixture.engine.removeMapping(mapping, 'test', { confirmedLossCount: 2 }));

    expect(verdict.status).toBe('needs-confirmation');
    expect(verdict.message).toContain('The confirmation covered 2, but the directory changed since.');
  });

  it('counts a lowered role as a loss', () => {
    const editors = fixture.createGroup('editors', users.slice(1, 4));
    const editorsMapping = fixture.map(editors, workspaceGrant(dataScience, 'editor'));
    fixture.map(fixture.createGroup('everyone views', users), workspaceGrant(dataScience, 'viewer'));

    const verdict = verdictOf(() => fixture.engine.removeMapping(editorsMapping, 'test'));

    expect(verdict).toMatchObject({ status: 'needs-confirmation', usersLosingAccess: 3 });
  });

  it('follows the configured share', () => {
    writeGuardrailSettings(fixture.engine.db, { maxLossShare: 0.5 });
    const mapping = mapViewers(4);

    fixture.engine.removeMapping(mapping, 'test');

    expect(fixture.storedRoles(users[4]!)).toEqual({});
  });

  it('guards settings changes that take workspace roles from admins', () => {
    const adminsOfAll = fixture.createGroup('more admins', users.slice(1, 3));
    fixture.map(adminsOfAll, ORGANIZATION_ADMIN);

    const verdict = verdictOf(() => fixture.engine.updateSettings({ organizationAdminsAreWorkspaceAdmins: false }, 'test'));

    expect(verdict).toMatchObject({ status: 'needs-confirmation', usersLosingAccess: 3 });
    expect(fixture.engine.settings().organizationAdminsAreWorkspaceAdmins).toBe(true);
  });
});

describe('workspace archive', () => {
  it('previews who loses access without changing anything', () => {
    mapViewers(3);
    const headBefore = fixture.engine.events.headId();

    const preview = previewGuardedChange(fixture.engine, { kind: 'archiveWorkspace', id: dataScience }, 'test');

    expect(preview.diff.entries.map((entry) => [entry.kind, entry.userName, entry.previousRole]).sort()).toEqual([
      ['lost', 'user0@example.com', 'admin'],
      ['lost', 'user1@example.com', 'viewer'],
      ['lost', 'user2@example.com', 'viewer'],
      ['lost', 'user3@example.com', 'viewer'],
    ]);
    expect(preview.guardrail).toMatchObject({ status: 'needs-confirmation', usersLosingAccess: 4, totalUsers: 10 });
    expect(fixture.engine.events.headId()).toBe(headBefore);
    expect(fixture.engine.workspaces.get(dataScience).archivedAt).toBeNull();
  });

  it('archives with confirmation and records who lost access', () => {
    mapViewers(3);

    const archived = fixture.engine.archiveWorkspace(dataScience, 'test', { confirmedLossCount: 4 });

    expect(archived.archivedAt).toBe(fixture.clock.iso());
    expect(fixture.storedRoles(users[1]!)).toEqual({});
    const event = fixture.engine.events.get(fixture.engine.events.headId())!.event;
    expect(event.summary).toBe('Archived the workspace "Data Science"; 4 users lost their role in it');
    expect(() => fixture.engine.archiveWorkspace(dataScience, 'test', { confirmedLossCount: 4 })).toThrow(/is already archived/);
  });
});

describe('console API', () => {
  it('answers 422 with the guardrail sentence, then applies the confirmed change', () => {
    const mapping = mapViewers(2);
    const api = openConsole(fixture.engine);

    const stopped = api.dispatch('removeMapping', { id: mapping });
    const confirmed = api.dispatch('removeMapping', { id: mapping, confirmedLossCount: 2 });

    expect(stopped).toMatchObject({ ok: false, status: 422, error: { code: 'refused' } });
    expect(stopped.ok ? '' : stopped.error.message).toContain('removes or lowers access for 2 users of 10 active users (20%)');
    expect(confirmed).toEqual({ ok: true, output: { ok: true } });
  });

  it('previews a settings change without writing the settings', () => {
    const api = openConsole(fixture.engine);

    const preview = api.call('previewChange', { change: { kind: 'updateSettings', settings: { organizationAdminsAreWorkspaceAdmins: false } } });

    expect(preview.diff.counts).toMatchObject({ lost: 1, usersLosingAccess: 1 });
    expect(api.call('getSettings', {}).organizationAdminsAreWorkspaceAdmins).toBe(true);
  });

  it('validates the loss share setting', () => {
    const api = openConsole(fixture.engine);

    expect(api.dispatch('updateGuardrailSettings', { maxLossShare: 1.5 })).toMatchObject({ ok: false, status: 400 });
    expect(api.call('updateGuardrailSettings', { maxLossShare: 0.25 })).toEqual({ maxLossShare: 0.25 });
    expect(api.call('getGuardrailSettings', {})).toEqual({ maxLossShare: 0.25 });
  });

  it('words a loss share change in percent', () => {
    const api = openConsole(fixture.engine);

    api.call('updateGuardrailSettings', { maxLossShare: 0.005 });
    const first = fixture.engine.events.get(fixture.engine.events.headId())!.event;
    api.call('updateGuardrailSettings', { maxLossShare: 0.1 });
    const second = fixture.engine.events.get(fixture.engine.events.headId())!.event;

    expect(first.summary).toBe("Changed the guardrail's loss share from 10 % to 0.5 %");
    expect(second.summary).toBe("Changed the guardrail's loss share from 0.5 % to 10 %");
  });
});

describe('judgeImpact', () => {
  it('treats an empty organization as allowed', () => {
    expect(judgeImpact({ usersLosingAccess: 0, totalUsers: 0, adminsBefore: 0, adminsAfter: 0, lostAdmins: [] }, 0.1).status).toBe('allowed');
  });
});
