/**
 * Drafts. Editing one changes nothing live, and its what-if lists who gains, loses or
 * changes role and through which group. Applying it is one transaction and one event.
 * Discarding it changes no mapping and no role.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyDraft } from '../../src/main/engine/drafts/apply.ts';
import { listDiscardedDrafts } from '../../src/main/engine/drafts/discarded.ts';
import { discardDraft } from '../../src/main/engine/drafts/handlers.ts';
import { DraftStore } from '../../src/main/engine/drafts/store.ts';
import { computeDraftDiff } from '../../src/main/engine/drafts/what-if.ts';
import { GuardrailError } from '../../src/main/engine/guardrails/errors.ts';
import { DirectoryFixture, ORGANIZATION_ADMIN, workspaceGrant } from '../access/directory-fixture.ts';

let fixture: DirectoryFixture;
let store: DraftStore;
let dataScience: string;
let ada: string;
let grace: string;
let linus: string;
let admins: string;
let editors: string;
let viewers: string;
let editorsMapping: string;

beforeEach(() => {
  fixture = DirectoryFixture.open();
  store = new DraftStore(fixture.engine.db, fixture.engine.workspaces);
  dataScience = fixture.workspace('Data Science');
  ada = fixture.createUser('ada@example.com');
  grace = fixture.createUser('grace@example.com');
  linus = fixture.createUser('linus@example.com');
  admins = fixture.createGroup('app-acme-organization-admin', [ada]);
  editors = fixture.createGroup('app-acme-data-science-editor', [grace, linus]);
  viewers = fixture.createGroup('app-acme-data-science-viewer', [linus]);
  fixture.map(admins, ORGANIZATION_ADMIN);
  editorsMapping = fixture.map(editors, workspaceGrant(dataScience, 'editor'));
  fixture.map(viewers, workspaceGrant(dataScience, 'viewer'));
  fixture.clock.advance();
});

afterEach(() => {
  fixture.close();
});

function newDraft(name = 'Q3 cleanup'): string {
  return store.create(name, 'test', fixture.clock.iso()).id;
}

function mappingCount(): number {
  return fixture.engine.mappings.list().length;
}

describe('DraftStore', () => {
  it('keeps the live mappings and roles while a draft is edited', () => {
    const draftId = newDraft();
    const headBefore = fixture.engine.events.headId();

    store.addChange(draftId, { action: 'remove', mappingId: editorsMapping }, fixture.clock.iso());
    store.addChange(draftId, { action: 'add', groupId: viewers, grant: workspaceGrant(dataScience, 'admin') }, fixture.clock.iso());

    expect(mappingCount()).toBe(3);
    expect(fixture.storedRoles(grace)).toEqual({ [dataScience]: 'editor' });
    expect(fixture.engine.events.headId()).toBe(headBefore);
    expect(store.get(draftId).changes.map((change) => [change.action, change.groupName, change.problem])).toEqual([
      ['remove', 'app-acme-data-science-editor', null],
      ['add', 'app-acme-data-science-viewer', null],
    ]);
  });

  it('rejects a second open draft of the same name', () => {
    newDraft('Cleanup');

    expect(() => newDraft('cleanup')).toThrow('An open draft is already named "Cleanup". Choose another name, or open that draft.');
  });

  it('rejects changes that repeat, or point at nothing', () => {
    const draftId = newDraft();
    store.addChange(draftId, { action: 'remove', mappingId: editorsMapping }, fixture.clock.iso());

    expect(() => store.addChange(draftId, { action: 'remove', mappingId: editorsMapping }, fixture.clock.iso())).toThrow(
      'The draft already removes the mapping of app-acme-data-science-editor.',
    );
    expect(() => store.addChange(draftId, { action: 'remove', mappingId: 'no-such-mapping' }, fixture.clock.iso())).toThrow(
      'No live mapping has the id "no-such-mapping".',
    );
    expect(() => store.addChange(draftId, { action: 'add', groupId: 'no-such-group', grant: ORGANIZATION_ADMIN }, fixture.clock.iso())).toThrow(
      'No group has the id "no-such-group".',
    );
    expect(() => store.addChange(draftId, { action: 'add', grant: ORGANIZATION_ADMIN }, fixture.clock.iso())).toThrow(
      'Name the group to map: give its id or its displayName.',
    );
  });

  it('flags a change that no longer applies', () => {
    const draftId = newDraft();
    store.addChange(draftId, { action: 'remove', mappingId: editorsMapping }, fixture.clock.iso());
    store.addChange(draftId, { action: 'add', groupId: editors, grant: ORGANIZATION_ADMIN }, fixture.clock.iso());

    fixture.engine.removeMapping(editorsMapping, 'test', { confirmedLossCount: Infinity });
    fixture.engine.addMapping(editors, ORGANIZATION_ADMIN, 'test');

    expect(store.get(draftId).changes.map((change) => change.problem)).toEqual([
      'The mapping of app-acme-data-science-editor was already removed, so this change does nothing. Remove it from the draft.',
      'app-acme-data-science-editor is already mapped to this grant, so this change does nothing. Remove it from the draft.',
    ]);
  });

  it('keeps a group known only by name for offline review', () => {
    const draftId = newDraft();

    const draft = store.addChange(draftId, { action: 'add', groupName: 'app-acme-finance-viewer', grant: ORGANIZATION_ADMIN }, fixture.clock.iso());

    expect(draft.changes[0]).toMatchObject({ groupId: null, groupName: 'app-acme-finance-viewer', problem: null });
  });
});

describe('computeDraftDiff', () => {
  it('lists each gained, lost and changed role with the group behind it', () => {
    const draftId = newDraft();
    store.addChange(draftId, { action: 'remove', mappingId: editorsMapping }, fixture.clock.iso());
    store.addChange(draftId, { action: 'add', groupId: editors, grant: ORGANIZATION_ADMIN }, fixture.clock.iso());

    const { diff, guardrail, source } = computeDraftDiff(fixture.engine.db, store.get(draftId));

    expect(source.kind).toBe('live');
    expect(diff.entries.map((entry) => [entry.kind, entry.userName, entry.workspaceName, entry.previousRole, entry.role, entry.groups.map((group) => group.groupName), entry.viaOrganizationAdmin])).toEqual([
      ['gained', 'grace@example.com', null, null, 'admin', ['app-acme-data-science-editor'], false],
      ['changed', 'grace@example.com', 'Data Science', 'editor', 'admin', [], true],
      ['gained', 'linus@example.com', null, null, 'admin', ['app-acme-data-science-editor'], false],
      ['changed', 'linus@example.com', 'Data Science', 'editor', 'admin', [], true],
    ]);
    expect(diff.counts).toEqual({ gained: 2, lost: 0, changed: 2, usersAffected: 2, usersLosingAccess: 0, totalUsers: 3, adminsBefore: 1, adminsAfter: 3 });
    expect(guardrail?.status).toBe('allowed');
  });

  it('names the groups that granted a lost role', () => {
    const draftId = newDraft();
    store.addChange(draftId, { action: 'remove', mappingId: editorsMapping }, fixture.clock.iso());

    const { diff } = computeDraftDiff(fixture.engine.db, store.get(draftId));

    expect(diff.entries.map((entry) => [entry.kind, entry.userName, entry.previousRole, entry.role, entry.groups.map((group) => group.groupName)])).toEqual([
      ['lost', 'grace@example.com', 'editor', null, ['app-acme-data-science-editor']],
      ['changed', 'linus@example.com', 'editor', 'viewer', ['app-acme-data-science-viewer']],
    ]);
    expect(diff.counts.usersLosingAccess).toBe(2);
  });
});

describe('applyDraft', () => {
  it('applies every change in one admin.change event that records the diff', () => {
    const draftId = newDraft();
    store.addChange(draftId, { action: 'remove', mappingId: editorsMapping }, fixture.clock.iso());
    store.addChange(draftId, { action: 'add', groupId: viewers, grant: workspaceGrant(dataScience, 'editor') }, fixture.clock.iso());
    const headBefore = fixture.engine.events.headId();

    const applied = applyDraft(fixture.engine, draftId, 'test', { confirmedLossCount: 1 });

    expect(fixture.engine.events.headId()).toBe(headBefore + 1);
    expect(applied.eventId).toBe(headBefore + 1);
    const stored = fixture.engine.events.get(applied.eventId)!;
    expect(stored.event.kind).toBe('admin.change');
    expect(stored.event.summary).toBe('Applied the draft "Q3 cleanup": 2 mapping changes; 0 roles gained, 1 lost, 0 changed');
    expect(stored.event.changes.map((change) => change.type).sort()).toEqual(['mapping.added', 'mapping.removed', 'role.lost', 'role.reason']);
    expect((stored.detail.diff as { counts: unknown }).counts).toEqual(applied.diff.counts);
    expect(fixture.storedRoles(grace)).toEqual({});
    expect(fixture.storedRoles(linus)).toEqual({ [dataScience]: 'editor' });
    expect(applied.draft).toMatchObject({ appliedBy: 'test', appliedEventId: applied.eventId, appliedAt: fixture.clock.iso() });
  });

  it('changes nothing when a guardrail stops it', () => {
    const draftId = newDraft();
    store.addChange(draftId, { action: 'remove', mappingId: editorsMapping }, fixture.clock.iso());
    const headBefore = fixture.engine.events.headId();

    expect(() => applyDraft(fixture.engine, draftId, 'test')).toThrow(GuardrailError);

    expect(fixture.engine.events.headId()).toBe(headBefore);
    expect(mappingCount()).toBe(3);
    expect(fixture.storedRoles(grace)).toEqual({ [dataScience]: 'editor' });
    expect(store.get(draftId).appliedAt).toBeNull();
  });

  it('rolls back every change when one of them cannot be applied', () => {
    const draftId = newDraft();
    store.addChange(draftId, { action: 'remove', mappingId: editorsMapping }, fixture.clock.iso());
    store.addChange(draftId, { action: 'add', groupName: 'app-acme-finance-viewer', grant: ORGANIZATION_ADMIN }, fixture.clock.iso());

    expect(() => applyDraft(fixture.engine, draftId, 'test', { confirmedLossCount: Infinity })).toThrow(
      'The draft maps the group "app-acme-finance-viewer", which no identity provider has pushed yet, so it cannot be applied.',
    );

    expect(mappingCount()).toBe(3);
    expect(fixture.storedRoles(grace)).toEqual({ [dataScience]: 'editor' });
  });

  it('maps a group named in the draft once it arrives', () => {
    const draftId = newDraft();
    store.addChange(draftId, { action: 'add', groupName: 'App-Acme-Finance-Admins', grant: ORGANIZATION_ADMIN }, fixture.clock.iso());
    const finance = fixture.createGroup('app-acme-finance-admins', [linus]);

    applyDraft(fixture.engine, draftId, 'test');

    expect(fixture.engine.mappings.list().some((mapping) => mapping.groupId === finance && mapping.grant.kind === 'organization-admin')).toBe(true);
    expect(fixture.storedRoles(linus)).toMatchObject({ organization: 'admin' });
  });

  it('rejects a draft that was applied or has nothing to apply', () => {
    const empty = newDraft('empty');
    const draftId = newDraft();
    store.addChange(draftId, { action: 'add', groupId: viewers, grant: workspaceGrant(dataScience, 'admin') }, fixture.clock.iso());
    applyDraft(fixture.engine, draftId, 'test');

    expect(() => applyDraft(fixture.engine, empty, 'test')).toThrow('The draft "empty" has no change to apply. Add a mapping change, or discard the draft.');
    expect(() => applyDraft(fixture.engine, draftId, 'test')).toThrow(/^The draft "Q3 cleanup" was applied on .* so it can no longer change\. Create a new draft\.$/);
    expect(() => store.addChange(draftId, { action: 'remove', mappingId: editorsMapping }, fixture.clock.iso())).toThrow(/was applied on/);
  });
});

describe('discardDraft', () => {
  it('deletes the draft and changes no mapping or role', () => {
    const draftId = newDraft();
    store.addChange(draftId, { action: 'remove', mappingId: editorsMapping }, fixture.clock.iso());
    const rolesBefore = [ada, grace, linus].map((user) => fixture.storedRoles(user));

    discardDraft(fixture.engine, draftId, 'test');

    expect(mappingCount()).toBe(3);
    expect([ada, grace, linus].map((user) => fixture.storedRoles(user))).toEqual(rolesBefore);
    expect(store.list()).toEqual([]);
    const event = fixture.engine.events.get(fixture.engine.events.headId())!.event;
    expect(event.summary).toBe('Discarded the draft "Q3 cleanup" with 1 change; no mapping changed');
    expect(event.changes.map((change) => change.type)).toEqual(['draft.discarded']);
  });

  it('keeps the name, time and actor of the discard', () => {
    const draftId = newDraft();
    discardDraft(fixture.engine, draftId, 'cli (root)');
    const discardedAt = fixture.engine.events.get(fixture.engine.events.headId())!.event.at;

    expect(listDiscardedDrafts(fixture.engine.db)).toEqual([
      { name: 'Q3 cleanup', discardedAt, discardedBy: 'cli (root)', eventId: fixture.engine.events.headId() },
    ]);
    expect(() => store.getByName('q3 CLEANUP')).toThrow(
      `The draft "Q3 cleanup" was discarded on ${discardedAt} by cli (root) (event ${fixture.engine.events.headId()}), so its changes are no longer kept.`,
    );
  });

  it('lets a new draft reuse the name of a discarded one', () => {
    discardDraft(fixture.engine, newDraft(), 'test');
    const reused = newDraft();

    expect(store.getByName('Q3 cleanup').id).toBe(reused);
  });
});
