/**
 * Import of group membership exports: each provider layout in CSV and JSON, good files
 * and bad ones. A bad file is reported row by row with line numbers, and nothing of it
 * is stored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotFormat } from '../../src/shared/api.ts';
import { importSnapshot, type SnapshotImportResult } from '../../src/main/engine/snapshots/import.ts';
import { SnapshotStore } from '../../src/main/engine/snapshots/store.ts';
import { DirectoryFixture } from '../access/directory-fixture.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');

let fixture: DirectoryFixture;

beforeEach(() => {
  fixture = DirectoryFixture.open();
});

afterEach(() => {
  fixture.close();
});

function importFile(file: string, format: SnapshotFormat, groupName?: string): SnapshotImportResult {
  const content = readFileSync(join(FIXTURES, file), 'utf8');
  return importSnapshot(fixture.engine, { name: file, format, content, fileName: file, groupName }, 'test');
}

/** Lists the snapshot's memberships as sorted "group: user, user (inactive)" lines. */
function describeSnapshot(id: string): string[] {
  const directory = new SnapshotStore(fixture.engine.db).loadDirectory(id);
  return directory.groups
    .map((group) => {
      const members = directory.users
        .filter((user) => (directory.groupsOfUser.get(user.seq) ?? []).includes(group.seq))
        .map((user) => `${user.userName}${user.active ? '' : ' (inactive)'}`)
        .sort();
      return `${group.displayName}: ${members.join(', ')}`;
    })
    .sort();
}

function storedRowCounts(): number[] {
  return ['snapshots', 'snapshot_users', 'snapshot_groups', 'snapshot_memberships'].map(
    (table) => fixture.engine.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number,
  );
}

describe('Okta layouts', () => {
  it('imports the Group Membership report CSV', () => {
    const result = importFile('okta-group-membership.csv', 'okta');

    expect(result.problems).toEqual([]);
    expect(describeSnapshot(result.snapshot!.id)).toEqual([
      'Finance, EMEA: margaret@example.com (inactive)',
      'app-acme-data-science-editor: ada@example.com, grace@example.com',
      'app-acme-data-science-viewer: linus@example.com (inactive)',
      'app-acme-organization-admin: grace@example.com',
    ]);
    expect(result.snapshot).toMatchObject({ userCount: 4, groupCount: 4, membershipCount: 5, format: 'okta' });
  });

  it('reports each bad report row with its line', () => {
    const result = importFile('okta-group-membership-bad.csv', 'okta');

    expect(result.snapshot).toBeNull();
    expect(result.problems).toEqual([
      { line: 3, message: '"Group name" is missing.' },
      { line: 4, message: '"Okta username" is missing.' },
      { line: 5, message: 'The status "ON_HOLIDAY" is not one ScimDesk knows; use true or false, or an account status such as ACTIVE, SUSPENDED or DEPROVISIONED.' },
    ]);
    expect(storedRowCounts()).toEqual([0, 0, 0, 0]);
  });

  it('imports groups with their users from the API', () => {
    const result = importFile('okta-groups.json', 'okta');

    expect(result.problems).toEqual([]);
    expect(describeSnapshot(result.snapshot!.id)).toEqual([
      'app-acme-data-science-editor: ada@example.com, grace@example.com',
      'app-acme-organization-admin: grace@example.com, linus@example.com (inactive)',
    ]);
    const users = new SnapshotStore(fixture.engine.db).loadDirectory(result.snapshot!.id).users;
    expect(users.find((user) => user.userName === 'ada@example.com')).toMatchObject({ displayName: 'Ada Lovelace', externalId: '00u1ab2cd3EF4gh5i6j7' });
  });

  it('reports bad API entries with the line of each entry', () => {
    const result = importFile('okta-groups-bad.json', 'okta');

    expect(result.problems).toEqual([
      { line: 8, message: "The user's profile.login is missing." },
      { line: 9, message: 'The status "SLEEPING" is not an Okta user status.' },
      { line: 12, message: "The group's profile.name is missing." },
    ]);
    expect(storedRowCounts()).toEqual([0, 0, 0, 0]);
  });
});

describe('Entra ID layouts', () => {
  it('imports a one-group Download members CSV under the given group', () => {
    const result = importFile('entra-download-members.csv', 'entra', 'app-acme-data-science-editor');

    expect(result.problems).toEqual([]);
    expect(describeSnapshot(result.snapshot!.id)).toEqual(['app-acme-data-science-editor: ada@example.com, grace@example.com (inactive)']);
  });

  it('asks for the group of a Download members CSV', () => {
    const result = importFile('entra-download-members.csv', 'entra');

    expect(result.snapshot).toBeNull();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.line).toBe(1);
    expect(result.problems[0]!.message).toContain('has no "GroupDisplayName" column');
    expect(result.problems[0]!.message).toContain("give the group's name");
  });

  it('reports bad member rows with their lines', () => {
    const result = importFile('entra-download-members-bad.csv', 'entra', 'editors');

    expect(result.problems).toEqual([
      { line: 3, message: '"User principal name" is missing.' },
      { line: 4, message: 'The status "Perhaps" is not one ScimDesk knows; use true or false, or an account status such as ACTIVE, SUSPENDED or DEPROVISIONED.' },
    ]);
    expect(storedRowCounts()).toEqual([0, 0, 0, 0]);
  });

  it('imports Microsoft Graph groups with expanded members and skips nested groups', () => {
    const result = importFile('entra-graph-groups.json', 'entra');

    expect(result.problems).toEqual([]);
    expect(describeSnapshot(result.snapshot!.id)).toEqual([
      'app-acme-data-science-editor: ada@example.com',
      'app-acme-organization-admin: grace@example.com (inactive)',
    ]);
    const groups = new SnapshotStore(fixture.engine.db).loadDirectory(result.snapshot!.id).groups;
    expect(groups.map((group) => group.externalId).sort()).toEqual(['5c2e7f10-8a4b-4d3c-9e6f-1b2a3c4d5e6f', '8d7c6b5a-4938-4271-8e6d-5c4b3a291807']);
  });

  it('reports Graph groups without members and bad members', () => {
    const result = importFile('entra-graph-bad.json', 'entra');

    expect(result.problems).toEqual([
      { line: 3, message: 'The group has no "members" array; export it with $expand=members.' },
      { line: 11, message: "The member's userPrincipalName is missing." },
      { line: 11, message: 'accountEnabled is "maybe", not true or false.' },
    ]);
  });
});

describe('Google Workspace layouts', () => {
  it('imports the member CSV and names groups after their email', () => {
    const result = importFile('google-members.csv', 'google');

    expect(result.problems).toEqual([]);
    expect(describeSnapshot(result.snapshot!.id)).toEqual([
      'app-acme-data-science-editor: ada@example.com, grace@example.com',
      'app-acme-data-science-viewer: linus@example.com (inactive)',
      'app-acme-organization-admin: grace@example.com',
    ]);
  });

  it('reports bad member rows and skips blank lines', () => {
    const result = importFile('google-members-bad.csv', 'google');

    expect(result.problems).toEqual([
      { line: 4, message: '"Member Email" is missing.' },
      { line: 5, message: 'The group email is missing.' },
    ]);
  });

  it('imports Directory API groups with their members', () => {
    const result = importFile('google-groups.json', 'google');

    expect(result.problems).toEqual([]);
    expect(describeSnapshot(result.snapshot!.id)).toEqual([
      'app-acme-data-science-editor: ada@example.com',
      'app-acme-organization-admin: grace@example.com (inactive)',
    ]);
  });

  it('imports one members.list response under the given group', () => {
    const named = importFile('google-members-list.json', 'google', 'app-acme-data-science-editor');
    const unnamed = importSnapshot(
      fixture.engine,
      { name: 'unnamed', format: 'google', content: readFileSync(join(FIXTURES, 'google-members-list.json'), 'utf8') },
      'test',
    );

    expect(describeSnapshot(named.snapshot!.id)).toEqual(['app-acme-data-science-editor: ada@example.com, grace@example.com']);
    expect(unnamed.problems).toEqual([{ line: 1, message: "This file lists the members of one group without naming it. Give the group's name or email, then import again." }]);
  });
});

describe('generic layouts', () => {
  it('imports the generic CSV', () => {
    const result = importFile('generic.csv', 'generic');

    expect(describeSnapshot(result.snapshot!.id)).toEqual([
      'app-acme-data-science-editor: ada@example.com, grace@example.com',
      'app-acme-data-science-viewer: linus@example.com (inactive)',
      'app-acme-organization-admin: grace@example.com',
    ]);
  });

  it('reports a malformed CSV with the line of the broken row', () => {
    const result = importFile('generic-bad.csv', 'generic');

    expect(result.snapshot).toBeNull();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.line).toBe(3);
    expect(result.problems[0]!.message).toMatch(/^The CSV is malformed here: .*quote/i);
  });

  it('imports the generic JSON', () => {
    const result = importFile('generic.json', 'generic');

    expect(describeSnapshot(result.snapshot!.id)).toEqual([
      'app-acme-data-science-editor: ada@example.com, grace@example.com',
      'app-acme-data-science-viewer: linus@example.com (inactive)',
      'app-acme-organization-admin: grace@example.com',
    ]);
  });

  it('reports users and members that do not fit, with their lines', () => {
    const result = importFile('generic-bad.json', 'generic');

    expect(result.problems).toEqual([
      { line: 4, message: "The user's userName is missing." },
      { line: 7, message: 'The member "nobody@example.com" of app-acme-data-science-editor is not in "users". Add the user there, or fix the name.' },
      { line: 8, message: "The group's displayName is missing." },
    ]);
  });

  it('reports a JSON syntax error with its line and column', () => {
    const result = importFile('generic-syntax-error.json', 'generic');

    expect(result.problems).toEqual([{ line: 4, message: 'The JSON is invalid at column 26: Expected "}" but found """.' }]);
  });
});

describe('importSnapshot', () => {
  it('rejects a name that is taken before reading the file', () => {
    importFile('generic.csv', 'generic');

    expect(() => importFile('generic.csv', 'generic')).toThrow('A snapshot named "generic.csv" already exists. Choose another name, or delete that snapshot first.');
  });

  it('reports a file in another layout instead of importing it', () => {
    const result = importFile('google-members.csv', 'okta');

    expect(result.snapshot).toBeNull();
    expect(result.problems[0]!.message).toContain('The Okta header row has no "Group name" and "Okta username" column');
    expect(storedRowCounts()).toEqual([0, 0, 0, 0]);
  });

  it('records the import as one admin event', () => {
    const before = fixture.engine.events.headId();

    const result = importFile('generic.json', 'generic');

    const event = fixture.engine.events.get(fixture.engine.events.headId())!.event;
    expect(event.id).toBe(before + 1);
    expect(event.kind).toBe('admin.change');
    expect(event.summary).toBe(`Imported the generic snapshot "generic.json": 3 users, 3 groups, 4 memberships`);
    expect(result.snapshot!.membershipCount).toBe(4);
  });
});
