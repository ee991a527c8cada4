/**
 * The access model driven by SCIM: groups mapped to roles, the highest role
 * winning, organization admins, deactivation, and the naming convention.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { queryEvents } from '../../src/main/engine/events/query.ts';
import type { Workspace } from '../../src/shared/api.ts';
import { createConsoleApi, type ConsoleApi } from '../helpers/console-api.ts';
import { memberValues, patchBody } from '../helpers/scim-bodies.ts';
import { startScimHarness, type ScimHarness } from '../helpers/scim-harness.ts';

let harness: ScimHarness;
let consoleApi: ConsoleApi;
let dataScience: Workspace;
let engineering: Workspace;
let adaId: string;

beforeEach(async () => {
  harness = await startScimHarness();
  consoleApi = createConsoleApi(harness.engine);
  dataScience = harness.engine.createWorkspace('Data Science', 'test');
  engineering = harness.engine.createWorkspace('Engineering', 'test');
  adaId = await harness.createUser('ada@example.com');
});

afterEach(async () => {
  await harness.close();
});

function mapToWorkspace(groupId: string, workspace: Workspace, role: 'viewer' | 'editor' | 'admin'): void {
  harness.engine.addMapping(groupId, { kind: 'workspace', workspaceId: workspace.id, role }, 'test');
}

function mapToOrganizationAdmin(groupId: string): void {
  harness.engine.addMapping(groupId, { kind: 'organization-admin' }, 'test');
}

function permissionsOfAda() {
  return harness.engine.directory.getUserPermissions(adaId);
}

/** Reads Ada's stored effective roles, which the engine recomputes inside each request. */
function storedRolesOfAda(): Record<string, string> {
  const rows = harness.engine.db.prepare('SELECT scope, role FROM effective_roles WHERE user_id = ?').all(adaId) as {
    scope: string;
    role: string;
  }[];
  return Object.fromEntries(rows.map((row) => [row.scope, row.role]));
}

describe('effective workspace role', () => {
  it('takes the highest role and lists lower grants as outranked', async () => {
    const viewersId = await harness.createGroup('Viewers', [adaId]);
    const editorsId = await harness.createGroup('Editors', [adaId]);
    mapToWorkspace(viewersId, dataScience, 'viewer');
    mapToWorkspace(editorsId, dataScience, 'editor');

    const permissions = permissionsOfAda();

    expect(permissions.organization.role).toBe('member');
    expect(permissions.workspaces).toHaveLength(1);
    expect(permissions.workspaces[0]).toMatchObject({
      workspaceId: dataScience.id,
      workspaceName: 'Data Science',
      role: 'editor',
      grantedBy: [{ groupId: editorsId, groupName: 'Editors', role: 'editor' }],
      outranked: [{ groupId: viewersId, groupName: 'Viewers', role: 'viewer' }],
      viaOrganizationAdmin: false,
    });
    expect(storedRolesOfAda()).toEqual({ [dataScience.id]: 'editor' });
  });

  it('keeps roles in different workspaces apart', async () => {
    const editorsId = await harness.createGroup('Editors', [adaId]);
    const viewersId = await harness.createGroup('Viewers', [adaId]);
    mapToWorkspace(editorsId, dataScience, 'editor');
    mapToWorkspace(viewersId, engineering, 'viewer');

    const permissions = permissionsOfAda();

    expect(permissions.workspaces.map((access) => [access.workspaceName, access.role])).toEqual([
      ['Data Science', 'editor'],
      ['Engineering', 'viewer'],
    ]);
  });

  it('grants nothing to a user without a mapped group', async () => {
    await harness.createGroup('Unmapped', [adaId]);

    const permissions = permissionsOfAda();

    expect(permissions.organization.role).toBe('member');
    expect(permissions.workspaces).toEqual([]);
    expect(permissions.noAccessReason).toBeNull();
    expect(permissions.groups.map((group) => group.displayName)).toEqual(['Unmapped']);
  });

  it('passes no grant through a nested group', async () => {
    const innerId = await harness.createGroup('Inner', [adaId]);
    const outerId = await harness.createGroup('Outer', [innerId]);
    mapToWorkspace(outerId, dataScience, 'admin');

    const permissions = permissionsOfAda();

    expect(permissions.workspaces).toEqual([]);
  });
});

describe('user names in the console', () => {
  it('falls back to the name parts without a displayName', async () => {
    await harness.createUser('grace@example.com', { name: { givenName: 'Grace', familyName: 'Hopper' } });
    await harness.createUser('alan@example.com', { name: { formatted: 'Dr. Alan Turing', givenName: 'Alan' } });

    const names = harness.engine.directory.listUsers(undefined).map((user) => [user.userName, user.displayName]);

    expect(names).toEqual([
      ['ada@example.com', null],
      ['alan@example.com', 'Dr. Alan Turing'],
      ['grace@example.com', 'Grace Hopper'],
    ]);
    expect(harness.engine.directory.listUsers('hopper').map((user) => user.userName)).toEqual(['grace@example.com']);
  });
});

describe('organization admin', () => {
  it('makes the user admin of every workspace', async () => {
    const adminsId = await harness.createGroup('Admins', [adaId]);
    mapToOrganizationAdmin(adminsId);

    const permissions = permissionsOfAda();

    expect(permissions.organization).toMatchObject({ role: 'admin', grantedBy: [{ groupId: adminsId, groupName: 'Admins' }] });
    expect(permissions.workspaces.map((access) => [access.workspaceName, access.role, access.viaOrganizationAdmin])).toEqual([
      ['Data Science', 'admin', true],
      ['Engineering', 'admin', true],
    ]);
    expect(storedRolesOfAda()).toEqual({ organization: 'admin', [dataScience.id]: 'admin', [engineering.id]: 'admin' });
  });

  it('makes the user admin of a workspace created later', async () => {
    mapToOrganizationAdmin(await harness.createGroup('Admins', [adaId]));

    const finance = harness.engine.createWorkspace('Finance', 'test');

    expect(storedRolesOfAda()[finance.id]).toBe('admin');
    const { event } = harness.latestEvent();
    expect(event.summary).toBe('Created the workspace "Finance"; 1 organization admin is its admin');
    expect(event.changes.map((change) => [change.type, change.userId, change.workspaceId])).toEqual([['role.gained', adaId, finance.id]]);
  });

  it('lists a workspace grant as outranked by organization admin', async () => {
    const adminsId = await harness.createGroup('Admins', [adaId]);
    const editorsId = await harness.createGroup('Editors', [adaId]);
    mapToOrganizationAdmin(adminsId);
    mapToWorkspace(editorsId, dataScience, 'editor');

    const access = permissionsOfAda().workspaces.find((entry) => entry.workspaceId === dataScience.id);

    expect(access).toMatchObject({
      role: 'admin',
      viaOrganizationAdmin: true,
      grantedBy: [],
      outranked: [{ groupId: editorsId, groupName: 'Editors', role: 'editor' }],
    });
  });

  it('gives no workspace role when the setting is off', async () => {
    const adminsId = await harness.createGroup('Admins', [adaId]);
    mapToOrganizationAdmin(adminsId);

    // Ada is the only user, so losing her workspace roles needs the admin's confirmation.
    harness.engine.updateSettings({ organizationAdminsAreWorkspaceAdmins: false }, 'test', { confirmedLossCount: 1 });

    const permissions = permissionsOfAda();
    expect(permissions.organization.role).toBe('admin');
    expect(permissions.workspaces).toEqual([]);
    expect(storedRolesOfAda()).toEqual({ organization: 'admin' });
  });
});

describe('access after SCIM changes', () => {
  it('is recomputed inside the request that adds the member', async () => {
    const editorsId = await harness.createGroup('Editors');
    mapToWorkspace(editorsId, dataScience, 'editor');

    const reply = await harness.scim('PATCH', `/Groups/${editorsId}`, patchBody({ op: 'add', path: 'members', value: memberValues(adaId) }));

    expect(reply.status).toBe(204);
    expect(storedRolesOfAda()).toEqual({ [dataScience.id]: 'editor' });
    const summary = harness.engine.directory.findUser(adaId);
    expect(summary.workspaceCount).toBe(1);
    const { event } = harness.latestEvent();
    expect(permissionsOfAda().workspaces[0]?.since).toBe(event.at);
  });

  it('removes the role when the member leaves the group', async () => {
    const editorsId = await harness.createGroup('Editors', [adaId]);
    mapToWorkspace(editorsId, dataScience, 'editor');

    const reply = await harness.scim('PATCH', `/Groups/${editorsId}`, patchBody({ op: 'Remove', path: 'members', value: memberValues(adaId) }));

    expect(reply.status).toBe(204);
    expect(storedRolesOfAda()).toEqual({});
    expect(permissionsOfAda().workspaces).toEqual([]);
  });

  it('removes all access when the user is deactivated', async () => {
    const adminsId = await harness.createGroup('Admins', [adaId]);
    const editorsId = await harness.createGroup('Editors', [adaId]);
    mapToOrganizationAdmin(adminsId);
    mapToWorkspace(editorsId, dataScience, 'editor');

    const reply = await harness.scim('PATCH', `/Users/${adaId}`, patchBody({ op: 'Replace', path: 'active', value: 'False' }));

    expect(reply.status).toBe(200);
    expect(storedRolesOfAda()).toEqual({});
    const permissions = permissionsOfAda();
    expect(permissions.user.active).toBe(false);
    expect(permissions.organization.role).toBe('member');
    expect(permissions.workspaces).toEqual([]);
    const [deactivation] = queryEvents(harness.engine.db, { type: 'user.deactivated' }, { limit: 1 }).events;
    expect(deactivation).toBeDefined();
    expect(permissions.noAccessReason).toBe(`The user was deactivated (active: false) on ${deactivation!.at}, so they have no access at all.`);
    expect(permissions.groups.map((group) => group.displayName)).toEqual(['Admins', 'Editors']);
  });

  it('restores access when the user is reactivated', async () => {
    const editorsId = await harness.createGroup('Editors', [adaId]);
    mapToWorkspace(editorsId, dataScience, 'editor');
    await harness.scim('PATCH', `/Users/${adaId}`, patchBody({ op: 'replace', path: 'active', value: false }));

    await harness.scim('PATCH', `/Users/${adaId}`, patchBody({ op: 'replace', value: { active: true } }));

    expect(storedRolesOfAda()).toEqual({ [dataScience.id]: 'editor' });
  });

  it('removes the stored roles of a deleted user', async () => {
    const editorsId = await harness.createGroup('Editors', [adaId]);
    mapToWorkspace(editorsId, dataScience, 'editor');

    const reply = await harness.scim('DELETE', `/Users/${adaId}`);

    expect(reply.status).toBe(204);
    expect(storedRolesOfAda()).toEqual({});
    expect(harness.latestEvent().event.changes.map((change) => change.type)).toEqual(['user.deleted', 'role.lost']);
  });

  it('removes the role but keeps the mapping of a deleted group', async () => {
    const editorsId = await harness.createGroup('Editors', [adaId]);
    mapToWorkspace(editorsId, dataScience, 'editor');

    await harness.scim('DELETE', `/Groups/${editorsId}`);

    expect(storedRolesOfAda()).toEqual({});
    const mappings = consoleApi.call('listMappings', {});
    expect(mappings).toHaveLength(1);
    expect(mappings[0]).toMatchObject({ groupId: editorsId, groupName: null });
  });

  it('keeps the mapping on the group id after a rename', async () => {
    const groupId = await harness.createGroup('app-kolena-data-science-editor', [adaId]);
    mapToWorkspace(groupId, dataScience, 'editor');

    const reply = await harness.scim('PATCH', `/Groups/${groupId}`, patchBody({ op: 'Replace', path: 'displayName', value: 'app-kolena-data-science-admin' }));

    expect(reply.status).toBe(204);
    const access = permissionsOfAda().workspaces[0];
    expect(access?.role).toBe('editor');
    expect(access?.grantedBy).toEqual([{ groupId, groupName: 'app-kolena-data-science-admin', role: 'editor' }]);
    const [group] = consoleApi.call('listGroups', {});
    expect(group?.mappings.map((mapping) => mapping.grant)).toEqual([{ kind: 'workspace', workspaceId: dataScience.id, role: 'editor' }]);
    expect(group?.renameWarning).toBe(
      'The name "app-kolena-data-science-admin" suggests admin in Data Science, but the group is mapped to editor in Data Science. Check whether the group was renamed, and update its mappings.',
    );
  });
});

describe('mapping changes', () => {
  it('grants the role to members when a mapping is added', async () => {
    const editorsId = await harness.createGroup('Editors', [adaId]);

    const mapping = consoleApi.call('addMapping', { groupId: editorsId, grant: { kind: 'workspace', workspaceId: dataScience.id, role: 'editor' } });

    expect(mapping).toMatchObject({ groupId: editorsId, groupName: 'Editors', workspaceName: 'Data Science' });
    expect(storedRolesOfAda()).toEqual({ [dataScience.id]: 'editor' });
    const { event } = harness.latestEvent();
    expect(event.kind).toBe('admin.change');
    expect(event.changes.map((change) => change.type)).toEqual(['mapping.added', 'role.gained']);
  });

  it('takes the role away when the mapping is removed', async () => {
    const editorsId = await harness.createGroup('Editors', [adaId]);
    const mapping = consoleApi.call('addMapping', { groupId: editorsId, grant: { kind: 'workspace', workspaceId: dataScience.id, role: 'editor' } });

    const removed = harness.engine.removeMapping(mapping.id, 'test', { confirmedLossCount: 1 });

    expect(removed.id).toBe(mapping.id);
    expect(storedRolesOfAda()).toEqual({});
  });

  it('keeps the role when a removal that needs confirmation is not confirmed', async () => {
    const editorsId = await harness.createGroup('Editors', [adaId]);
    const mapping = consoleApi.call('addMapping', { groupId: editorsId, grant: { kind: 'workspace', workspaceId: dataScience.id, role: 'editor' } });

    const removal = () => harness.engine.removeMapping(mapping.id, 'test');

    expect(removal).toThrow(
      'This change removes or lowers access for 1 user of 1 active users (100%), more than the 10% that may change without confirmation.',
    );
    expect(storedRolesOfAda()).toEqual({ [dataScience.id]: 'editor' });
    expect(consoleApi.call('listMappings', {}).map((entry) => entry.id)).toEqual([mapping.id]);
  });

  it('rejects a mapping of an unknown group with not-found', async () => {
    const result = consoleApi.dispatch('addMapping', { groupId: 'no-such-group', grant: { kind: 'organization-admin' } });

    expect(result).toEqual({
      ok: false,
      status: 404,
      error: {
        code: 'not-found',
        message: 'No group has the id "no-such-group". Groups appear once an identity provider pushes them.',
      },
    });
  });

  it('rejects the same mapping twice with conflict', async () => {
    const editorsId = await harness.createGroup('Editors');
    mapToWorkspace(editorsId, dataScience, 'editor');

    const result = consoleApi.dispatch('addMapping', { groupId: editorsId, grant: { kind: 'workspace', workspaceId: dataScience.id, role: 'editor' } });

    expect(result).toEqual({
      ok: false,
      status: 409,
      error: { code: 'conflict', message: 'Editors is already mapped to editor in Data Science.' },
    });
  });

  it('rejects a grant with an unknown role as invalid input', async () => {
    const editorsId = await harness.createGroup('Editors');

    const result = consoleApi.dispatch('addMapping', { groupId: editorsId, grant: { kind: 'workspace', workspaceId: dataScience.id, role: 'owner' } });

    expect(result.ok).toBe(false);
    expect(result.ok ? undefined : result.status).toBe(400);
    expect(result.ok ? undefined : result.error.code).toBe('invalid');
  });
});

describe('naming convention suggestions', () => {
  let editorsId: string;
  let adminsId: string;
  let viewersId: string;

  beforeEach(async () => {
    editorsId = await harness.createGroup('app-kolena-data-science-editor', [adaId]);
    adminsId = await harness.createGroup('app-kolena-organization-admin');
    viewersId = await harness.createGroup('app-kolena-engineering-viewer', [adaId]);
    await harness.createGroup('app-kolena-marketing-editor');
    await harness.createGroup('Everyone', [adaId]);
  });

  it('suggests grants for groups named by the convention', () => {
    const suggestions = harness.engine.mappings.listSuggestions();

    expect(suggestions.map((suggestion) => [suggestion.groupName, suggestion.grant, suggestion.workspaceName])).toEqual([
      ['app-kolena-data-science-editor', { kind: 'workspace', workspaceId: dataScience.id, role: 'editor' }, 'Data Science'],
      ['app-kolena-engineering-viewer', { kind: 'workspace', workspaceId: engineering.id, role: 'viewer' }, 'Engineering'],
      ['app-kolena-organization-admin', { kind: 'organization-admin' }, null],
    ]);
    expect(suggestions[0]?.connectionName).toBe(harness.connection.name);
    expect(suggestions[0]?.reason).toBe(
      '"app-kolena-data-science-editor" follows the naming convention for editor in the workspace Data Science.',
    );
  });

  it('accepts every suggestion and grants the roles at once', () => {
    harness.engine.updateSettings({ namingSlug: 'kolena' }, 'test');

    const created = harness.engine.applySuggestions(undefined, 'test');

    expect(created.map((mapping) => mapping.groupId).sort()).toEqual([adminsId, editorsId, viewersId].sort());
    expect(storedRolesOfAda()).toEqual({ [dataScience.id]: 'editor', [engineering.id]: 'viewer' });
    expect(harness.engine.mappings.listSuggestions()).toEqual([]);
    expect(harness.latestEvent().event.summary).toBe('Accepted 3 suggested mappings');
  });

  it('skips organization admin in accept all under any slug', () => {
    const created = harness.engine.applySuggestions(undefined, 'test');

    expect(created.map((mapping) => mapping.groupId).sort()).toEqual([editorsId, viewersId].sort());
    const left = harness.engine.mappings.listSuggestions();
    expect(left.map((suggestion) => [suggestion.groupId, suggestion.excludedFromAcceptAll])).toEqual([[adminsId, true]]);
    expect(harness.latestEvent().event.summary).toBe('Accepted 2 suggested mappings');
  });

  it('accepts an organization admin suggestion by its group under any slug', () => {
    const created = harness.engine.applySuggestions([adminsId], 'test');

    expect(created.map((mapping) => [mapping.groupId, mapping.grant.kind])).toEqual([[adminsId, 'organization-admin']]);
  });

  it('accepts only the suggestions of the given groups', () => {
    const created = harness.engine.applySuggestions([editorsId], 'test');

    expect(created.map((mapping) => mapping.groupId)).toEqual([editorsId]);
    expect(storedRolesOfAda()).toEqual({ [dataScience.id]: 'editor' });
    expect(harness.engine.mappings.listSuggestions().map((suggestion) => suggestion.groupId)).toEqual([viewersId, adminsId]);
  });

  it('keeps suggestions after a rename', () => {
    const renamed = harness.engine.renameWorkspace(dataScience.id, 'Applied Research', 'test');

    expect(renamed).toMatchObject({ name: 'Applied Research', slug: 'data-science' });
    const suggestion = harness.engine.mappings.listSuggestions().find((item) => item.groupId === editorsId);
    expect(suggestion?.workspaceName).toBe('Applied Research');
    expect(harness.latestEvent().event.summary).toBe('Renamed the workspace "Data Science" to "Applied Research"');
  });

  it('drops suggestions when the slug changes', () => {
    const renamed = harness.engine.renameWorkspace(dataScience.id, 'Applied Research', 'test', true);

    expect(renamed.slug).toBe('applied-research');
    expect(harness.engine.mappings.listSuggestions().map((item) => item.groupId)).not.toContain(editorsId);
    expect(harness.latestEvent().event.summary).toBe(
      'Renamed the workspace "Data Science" to "Applied Research" and its slug "data-science" to "applied-research"',
    );
  });

  it('rejects a name whose slug is taken', () => {
    harness.engine.renameWorkspace(dataScience.id, 'Applied Research', 'test');

    expect(() => harness.engine.createWorkspace('Data Science', 'test')).toThrow(
      'The workspace "Applied Research" already uses the slug "data-science", which this name would have. Choose another name.',
    );
  });

  it('rejects a blank name without quoting it', () => {
    expect(() => harness.engine.createWorkspace('   ', 'test')).toThrow('The workspace name is blank. Give a name with at least one letter or digit.');
    expect(() => harness.engine.createWorkspace('***', 'test')).toThrow('The workspace name "***" has no letter or digit.');
  });

  it('dismisses the suggestion of a removed mapping', () => {
    const [mapping] = harness.engine.applySuggestions([editorsId], 'test');
    harness.engine.removeMapping(mapping!.id, 'test', { confirmedLossCount: 1 });

    const offered = harness.engine.mappings.listSuggestions().map((item) => item.groupId);
    expect(offered).not.toContain(editorsId);
    const [dismissed] = harness.engine.mappings.listDismissedSuggestions();
    expect(dismissed).toMatchObject({ groupId: editorsId, cause: 'mapping-removed', dismissedBy: 'test' });
  });

  it('offers a dismissed suggestion again once restored', () => {
    harness.engine.dismissSuggestion(viewersId, 'test');
    expect(harness.engine.mappings.listSuggestions().map((item) => item.groupId)).not.toContain(viewersId);
    expect(harness.latestEvent().event.summary).toBe(
      'Dismissed the suggestion to map app-kolena-engineering-viewer from Test to viewer in Engineering',
    );

    harness.engine.restoreSuggestion(viewersId, 'test');

    expect(harness.engine.mappings.listSuggestions().map((item) => item.groupId)).toContain(viewersId);
    expect(harness.engine.mappings.listDismissedSuggestions()).toEqual([]);
    expect(harness.latestEvent().event.summary).toBe(
      'Restored the suggestion to map app-kolena-engineering-viewer from Test to viewer in Engineering',
    );
  });

  it('clears a dismissal when the grant is mapped by hand', () => {
    harness.engine.dismissSuggestion(viewersId, 'test');
    const mapping = harness.engine.addMapping(viewersId, { kind: 'workspace', workspaceId: engineering.id, role: 'viewer' }, 'test');

    harness.engine.removeMapping(mapping.id, 'test', { confirmedLossCount: 1 });

    expect(harness.engine.mappings.listDismissedSuggestions()).toMatchObject([{ groupId: viewersId, cause: 'mapping-removed' }]);
  });

  it('rejects dismissing a group without a suggestion', async () => {
    const everyoneId = harness.engine.mappings.listGroups().find((group) => group.displayName === 'Everyone')!.id;

    expect(() => harness.engine.dismissSuggestion(everyoneId, 'test')).toThrow('has no suggestion to dismiss');
    expect(() => harness.engine.restoreSuggestion(editorsId, 'test')).toThrow('has no dismissed suggestion to restore');
  });

  it('marks only organization admin under any slug', () => {
    const marked = harness.engine.mappings.listSuggestions().map((suggestion) => [suggestion.groupName, suggestion.excludedFromAcceptAll]);

    expect(marked).toEqual([
      ['app-kolena-data-science-editor', false],
      ['app-kolena-engineering-viewer', false],
      ['app-kolena-organization-admin', true],
    ]);
  });

  it('follows a slug change at once', async () => {
    await harness.createGroup('app-acme-organization-admin');

    harness.engine.updateSettings({ namingSlug: 'acme' }, 'test');
    const underAcme = harness.engine.mappings.listSuggestions().map((suggestion) => [suggestion.groupName, suggestion.excludedFromAcceptAll]);
    harness.engine.updateSettings({ namingSlug: 'kolena' }, 'test');
    const underKolena = harness.engine.mappings.listSuggestions().map((suggestion) => suggestion.groupName);

    expect(underAcme).toEqual([['app-acme-organization-admin', false]]);
    expect(underKolena).toEqual(['app-kolena-data-science-editor', 'app-kolena-engineering-viewer', 'app-kolena-organization-admin']);
  });

  it('suggests only the exact organization admin name under a slug', async () => {
    await harness.createGroup('app-acme-organization-admin');
    await harness.createGroup('app-acme-corp-organization-admin');

    harness.engine.updateSettings({ namingSlug: 'acme' }, 'test');

    const names = harness.engine.mappings.listSuggestions().map((suggestion) => suggestion.groupName);
    expect(names).toEqual(['app-acme-organization-admin']);
  });

  it('follows the configured slug', async () => {
    const acmeId = await harness.createGroup('app-acme-data-science-admin');

    harness.engine.updateSettings({ namingSlug: 'acme' }, 'test');

    const suggestions = harness.engine.mappings.listSuggestions();
    expect(suggestions.map((suggestion) => suggestion.groupId)).toEqual([acmeId]);
    expect(suggestions[0]?.grant).toEqual({ kind: 'workspace', workspaceId: dataScience.id, role: 'admin' });
  });
});

describe('naming slug setting', () => {
  it('round-trips through the console API', () => {
    const updated = consoleApi.call('updateSettings', { namingSlug: 'acme-2' });

    expect(updated.namingSlug).toBe('acme-2');
    expect(consoleApi.call('getSettings', {}).namingSlug).toBe('acme-2');
    expect(harness.engine.settings().organizationAdminsAreWorkspaceAdmins).toBe(true);
  });

  it('records each change with its actor', () => {
    consoleApi.call('updateSettings', { namingSlug: 'acme' });
    const set = harness.latestEvent();
    consoleApi.call('updateSettings', { namingSlug: '' });
    const cleared = harness.latestEvent();

    expect(set.event.kind).toBe('admin.change');
    expect(set.event.actor).toBe('test');
    expect(set.event.summary).toBe('Changed settings: naming-convention slug any slug → "acme"');
    expect(cleared.event.summary).toBe('Changed settings: naming-convention slug "acme" → any slug');
  });

  it.each([
    ['Acme', '"Acme" is not a valid slug: use lower-case letters, digits and single hyphens between them, such as "acme".'],
    ['acme corp', '"acme corp" is not a valid slug: use lower-case letters, digits and single hyphens between them, such as "acme-corp".'],
    ['-acme', '"-acme" is not a valid slug: use lower-case letters, digits and single hyphens between them, such as "acme".'],
    ['acme--corp', '"acme--corp" is not a valid slug: use lower-case letters, digits and single hyphens between them, such as "acme-corp".'],
    ['---', '"---" is not a valid slug: use lower-case letters, digits and single hyphens between them.'],
  ])('rejects the slug %j and changes nothing', (slug, problem) => {
    harness.engine.updateSettings({ namingSlug: 'kolena' }, 'test');
    const headBefore = harness.engine.events.headId();

    expect(() => harness.engine.updateSettings({ namingSlug: slug }, 'test')).toThrow(problem);
    const result = consoleApi.dispatch('updateSettings', { namingSlug: slug });

    expect(result).toMatchObject({ ok: false, status: 400, error: { code: 'invalid' } });
    expect((result as { error: { message: string } }).error.message).toContain(problem);
    expect(harness.engine.settings().namingSlug).toBe('kolena');
    expect(harness.engine.events.headId()).toBe(headBefore);
  });
});
