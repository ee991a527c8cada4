/**
 * The access review commands of the CLI, run as a user runs them: `node bin/scimdesk.js`
 * on a data directory that the test provisions first. Checks the exit codes of
 * guardrails (3 refused, 4 needs --yes), the JSON of `draft diff`, snapshot import
 * errors with line numbers, and permissions as of a past moment or from a snapshot.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteArgument } from '../../src/main/cli/output.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { createThroughScim } from '../events/in-process.ts';
import { TestClock } from './directory-fixture.ts';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'scimdesk.js');
/** Each run starts Node and strips the CLI's types, which takes a second or two on 2 cores. */
const CLI_TIMEOUT_MS = 30_000;

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

let dataDir: string;
let firstMoment: string;

function run(...args: string[]): Promise<CliRun> {
  return new Promise((resolveRun) => {
    execFile(process.execPath, [CLI, ...args, '--data', dataDir], { timeout: CLI_TIMEOUT_MS, env: { ...process.env, SCIMDESK_LOG_LEVEL: 'silent' } }, (error, stdout, stderr) => {
      resolveRun({ code: exitCodeOf(error), stdout, stderr });
    });
  });
}

/** Returns the exit code of a finished child process: 0 without an error, else its code, or 1 when it has none. */
function exitCodeOf(error: { code?: number | string | null } | null): number {
  if (error === null) {
    return 0;
  }
  return typeof error.code === 'number' ? error.code : 1;
}


/** Provisions Ada (organization admin) and nine editors of Data Science through the SCIM router. */
function provision(directory: string): void {
  const clock = new TestClock();
  const engine = Engine.open(directory, { clock });
  try {
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    const userIds = ['ada', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'].map((name) =>
      createThroughScim(engine, token, '/Users', { userName: `${name}@example.com`, active: true }),
    );
    const group = (displayName: string, members: string[]) =>
      createThroughScim(engine, token, '/Groups', { displayName, members: members.map((value) => ({ value })) });
    const workspace = engine.createWorkspace('Data Science', 'test');
    engine.addMapping(group('admins', [userIds[0]!]), { kind: 'organization-admin' }, 'test');
    engine.addMapping(group('ds-editors', userIds.slice(1)), { kind: 'workspace', workspaceId: workspace.id, role: 'editor' }, 'test');
    firstMoment = clock.iso();
    clock.advance(60_000);
  } finally {
    engine.close();
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-cli-'));
  provision(dataDir);
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('quoteArgument', () => {
  it('leaves plain names alone', () => {
    expect(quoteArgument('q1-review')).toBe('q1-review');
    expect(quoteArgument('/tmp/scimdesk-data')).toBe('/tmp/scimdesk-data');
  });

  it('quotes spaces and shell characters', () => {
    expect(quoteArgument('drop editors')).toBe("'drop editors'");
    expect(quoteArgument('$HOME')).toBe("'$HOME'");
    expect(quoteArgument('')).toBe("''");
  });

  it('escapes an apostrophe', () => {
    expect(quoteArgument("Ada's draft")).toBe(`'Ada'\\''s draft'`);
  });
});

describe('scimdesk draft', () => {
  it('diffs a draft as JSON and applies it only with --yes', async () => {
    const created = await run('draft', 'create', 'drop editors');
    const added = await run('mapping', 'remove', '--group', 'ds-editors', '--workspace', 'Data Science', '--role', 'editor', '--draft', 'drop editors');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`Add changes with "scimdesk mapping add --draft 'drop editors' ..."`);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`review it with "scimdesk draft diff 'drop editors'"`);

    const diff = await run('draft', 'diff', 'drop editors', '--json');
    const refused = await run('draft', 'apply', 'drop editors');
    const confirmed = await run('draft', 'apply', 'drop editors', '--yes');

    const output = JSON.parse(diff.stdout) as { diff: { entries: Record<string, unknown>[]; counts: Record<string, number> } };
    expect(output.diff.counts).toMatchObject({ lost: 9, usersLosingAccess: 9, totalUsers: 10 });
    expect(output.diff.entries[0]).toMatchObject({
      kind: 'lost',
      userName: 'u1@example.com',
      workspaceName: 'Data Science',
      previousRole: 'editor',
      role: null,
      groups: [{ groupName: 'ds-editors' }],
    });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('removes or lowers access for 9 of 10 active users (90%)');
    expect(refused.stderr).toContain(`Review who loses access with "scimdesk draft diff 'drop editors'", then run the command again with --yes.`);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toMatch(/^Applied the draft "drop editors" as event \d+\. 0 roles gained, 9 lost, 0 changed/);
  }, 4 * CLI_TIMEOUT_MS);
});

describe('scimdesk mapping', () => {
  it('refuses to remove the last organization admin with exit code 3', async () => {
    const refused = await run('mapping', 'remove', '--group', 'admins', '--org-admin', '--yes');

    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('This change would leave the organization with no admin, so it was refused.');
  }, CLI_TIMEOUT_MS);
});

describe('scimdesk snapshot', () => {
  it('reports bad rows with their lines and imports nothing', async () => {
    const bad = join(dataDir, 'bad.csv');
    await writeFile(bad, 'group,user\nadmins,ada@example.com\n,u1@example.com\nds-editors,\n');

    const result = await run('snapshot', 'import', bad, '--format', 'generic');
    const list = await run('snapshot', 'list', '--json');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:3: "group" is missing.`);
    expect(result.stderr).toContain(`${bad}:4: "user" is missing.`);
    expect(result.stderr).toContain('2 problems found, so nothing was imported.');
    expect(JSON.parse(list.stdout)).toEqual([]);
  }, 2 * CLI_TIMEOUT_MS);

  it('rejects a blank snapshot name', async () => {
    const good = join(dataDir, 'blank-name.csv');
    await writeFile(good, 'group,user\nadmins,ada@example.com\n');

    const result = await run('snapshot', 'import', good, '--format', 'generic', '--name', '  ');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The snapshot name is blank.');
  }, CLI_TIMEOUT_MS);

  it('reports a problem of the whole file without a line', async () => {
    const empty = join(dataDir, 'empty.csv');
    await writeFile(empty, '');

    const result = await run('snapshot', 'import', empty, '--format', 'generic');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${empty}: The file has no header row and no data.`);
  }, CLI_TIMEOUT_MS);

  it('evaluates permissions against an imported snapshot', async () => {
    const good = join(dataDir, 'march.csv');
    await writeFile(good, 'group,user\nadmins,new@example.com\n');

    const imported = await run('snapshot', 'import', good, '--format', 'generic');
    const permissions = await run('permissions', '--snapshot', 'march', '--format', 'csv');

    expect(imported.stdout).toBe('Imported the snapshot "march": 1 user, 1 group, 1 membership.\n');
    expect(permissions.stdout.split('\n')).toEqual([
      'userName,connection,active,organizationRole,workspace,role,grantedBy,reason,since',
      'new@example.com,snapshot march,true,admin,Data Science,admin,,organization admin,',
      '',
    ]);
  }, 2 * CLI_TIMEOUT_MS);
});

describe('scimdesk snapshot --connection', () => {
  it('matches shared group names with --connection', async () => {
    const engine = Engine.open(dataDir);
    try {
      const { token } = engine.createConnection('entra', 'Entra ID', 'test');
      createThroughScim(engine, token, '/Groups', { displayName: 'admins' });
    } finally {
      engine.close();
    }
    const file = join(dataDir, 'okta-admins.csv');
    await writeFile(file, 'group,user\nadmins,okta-only@example.com\n');

    const plain = await run('snapshot', 'import', file, '--format', 'generic', '--name', 'unnamed');
    const diff = await run('snapshot', 'diff', 'unnamed');
    const permissions = await run('permissions', '--snapshot', 'unnamed', '--format', 'csv');
    const scoped = await run('snapshot', 'import', file, '--format', 'generic', '--name', 'from-okta', '--connection', 'Okta');
    const scopedPermissions = await run('permissions', '--snapshot', 'from-okta', '--format', 'csv');
    const unknown = await run('snapshot', 'import', file, '--format', 'generic', '--name', 'nowhere', '--connection', 'Nowhere');

    expect(plain.code).toBe(0);
    expect(diff.stdout).toContain('groups: 0 matched, 1 fit groups of several connections, 0 only in the snapshot');
    expect(diff.stdout).toMatch(/admins +Entra ID, Okta/);
    expect(diff.stdout).toContain('Delete it and import the file again with --connection NAME');
    expect(diff.stdout).not.toContain('Groups only in the snapshot');
    expect(permissions.stderr).toContain('Groups that fit several live groups, so no live mapping applies to them');
    expect(permissions.stdout).toContain('okta-only@example.com,snapshot unnamed,true,member,,,,no mapped group,');
    expect(scoped.stdout).toBe('Imported the snapshot "from-okta" of the connection "Okta": 1 user, 1 group, 1 membership.\n');
    expect(scopedPermissions.stdout).toContain('okta-only@example.com,snapshot from-okta,true,admin,Data Science,admin,,organization admin,');
    expect(scopedPermissions.stderr).toBe('');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No connection is named "Nowhere".');
  }, 7 * CLI_TIMEOUT_MS);
});

describe('scimdesk snapshot diff', () => {
  it('lists users active on one side only', async () => {
    const file = join(dataDir, 'deactivated-u1.csv');
    await writeFile(file, 'group,user,active\nds-editors,u1@example.com,false\nds-editors,u2@example.com,true\n');

    await run('snapshot', 'import', file, '--format', 'generic', '--name', 'u1 left', '--connection', 'Okta');
    const diff = await run('snapshot', 'diff', 'u1 left');

    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain('users: 2 in both (1 active on one side only)');
    expect(diff.stdout).toMatch(/Users active on one side only:\nUSER +CONNECTION +IN THE SNAPSHOT +LIVE\n[- ]+\nu1@example\.com +Okta +deactivated +active\n/);
  }, 3 * CLI_TIMEOUT_MS);
});

describe('scimdesk mapping with a shared group name', () => {
  it('chooses the group by connection or id', async () => {
    const engine = Engine.open(dataDir);
    const ids: Record<string, string> = {};
    try {
      const { token: entraToken } = engine.createConnection('entra', 'Entra shared', 'test');
      const { token: oktaToken } = engine.createConnection('okta', 'Okta shared', 'test');
      for (const [name, token] of [['okta', oktaToken], ['entra', entraToken]] as const) {
        ids[name] = createThroughScim(engine, token, '/Groups', { displayName: 'shared-viewers' });
      }
    } finally {
      engine.close();
    }
    const grant = ['--workspace', 'Data Science', '--role', 'viewer'];

    const ambiguousAdd = await run('mapping', 'add', '--group', 'shared-viewers', ...grant);
    const addedByConnection = await run('mapping', 'add', '--group', 'shared-viewers', '--connection', 'Okta shared', ...grant);
    const addedById = await run('mapping', 'add', '--group-id', ids.entra!, ...grant);
    const ambiguousRemove = await run('mapping', 'remove', '--group', 'shared-viewers', ...grant, '--yes');
    const both = await run('mapping', 'remove', '--group', 'shared-viewers', '--group-id', ids.entra!, ...grant);
    await run('draft', 'create', 'shared');
    const removedInDraft = await run('mapping', 'remove', '--group', 'shared-viewers', '--connection', 'Entra shared', ...grant, '--draft', 'shared', '--json');
    const removedById = await run('mapping', 'remove', '--group-id', ids.okta!, ...grant, '--json');
    const addedInDraft = await run('mapping', 'add', '--group-id', ids.okta!, '--org-admin', '--draft', 'shared');
    const removedByConnection = await run('mapping', 'remove', '--group', 'shared-viewers', '--connection', 'Entra shared', ...grant, '--yes');

    expect(ambiguousAdd.code).toBe(1);
    expect(ambiguousAdd.stderr).toContain(`2 groups are named "shared-viewers" (${ids.entra} in Entra shared, ${ids.okta} in Okta shared).`);
    expect(ambiguousAdd.stderr).toContain('Choose one with --connection NAME, or give its id with --group-id ID.');
    expect(addedByConnection.code).toBe(0);
    expect(addedByConnection.stdout).toContain('Mapped shared-viewers from Okta shared to viewer in Data Science.');
    expect(addedById.code).toBe(0);
    expect(addedById.stdout).toContain('Mapped shared-viewers from Entra shared to viewer in Data Science.');
    expect(ambiguousRemove.code).toBe(1);
    expect(ambiguousRemove.stderr).toContain('Choose one with --connection NAME, or give its id with --group-id ID.');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('Use either --group-id ID, or --group NAME with an optional --connection NAME.');
    expect(removedInDraft.code).toBe(0);
    expect(JSON.parse(removedInDraft.stdout).changes).toMatchObject([{ action: 'remove', groupId: ids.entra }]);
    expect(JSON.parse(removedById.stdout).mapping).toMatchObject({ groupId: ids.okta, groupName: 'shared-viewers' });
    expect(addedInDraft.stdout).toContain('Added to the draft "shared": map shared-viewers from Okta shared to organization admin.');
    expect(removedByConnection.stdout).toContain('Removed the mapping of shared-viewers from Entra shared to viewer in Data Science.');
  }, 11 * CLI_TIMEOUT_MS);
});

describe('scimdesk lists with two connections', () => {
  it('name the connection of each account', async () => {
    const engine = Engine.open(dataDir);
    try {
      const twinSpace = engine.createWorkspace('Twin Space', 'test').id;
      for (const [provider, name, role] of [['okta', 'Okta twin', 'editor'], ['entra', 'Entra twin', 'viewer']] as const) {
        const { token } = engine.createConnection(provider, name, 'test');
        const userId = createThroughScim(engine, token, '/Users', { userName: 'twin@example.com', active: true });
        const groupId = createThroughScim(engine, token, '/Groups', { displayName: 'twin-team', members: [{ value: userId }] });
        engine.addMapping(groupId, { kind: 'workspace', workspaceId: twinSpace, role }, 'test');
      }
    } finally {
      engine.close();
    }

    const csv = await run('permissions', '--user', 'TWIN@example.com', '--format', 'csv');
    const json = await run('permissions', '--user', 'twin@example.com', '--json');
    const mappings = await run('mapping', 'list');
    const mappingsJson = await run('mapping', 'list', '--json');
    const snapshotFile = join(dataDir, 'twins.csv');
    await writeFile(snapshotFile, 'group,user\ntwin-team,new-twin@example.com\n');
    await run('snapshot', 'import', snapshotFile, '--format', 'generic');
    const snapshotDiff = await run('snapshot', 'diff', 'twins');

    expect(csv.stdout.split('\n')).toEqual([
      'userName,connection,active,organizationRole,workspace,role,grantedBy,reason,since',
      expect.stringMatching(/^twin@example.com,Okta twin,true,member,Twin Space,editor,twin-team,via twin-team,/),
      expect.stringMatching(/^twin@example.com,Entra twin,true,member,Twin Space,viewer,twin-team,via twin-team,/),
      '',
    ]);
    expect(JSON.parse(json.stdout).map((entry: { user: { connectionName: string } }) => entry.user.connectionName)).toEqual(['Okta twin', 'Entra twin']);
    expect(mappings.stdout).toMatch(/twin-team +Okta twin +editor in Twin Space/);
    expect(mappings.stdout).toMatch(/twin-team +Entra twin +viewer in Twin Space/);
    expect(JSON.parse(mappingsJson.stdout)).toContainEqual(expect.objectContaining({ group: 'twin-team', connection: 'Entra twin', groupId: expect.any(String) }));
    expect(snapshotDiff.stdout).toMatch(/USER +CONNECTION +DISPLAY NAME/);
    expect(snapshotDiff.stdout.match(/^twin@example\.com +Entra twin *$/gm)).toHaveLength(1);
    expect(snapshotDiff.stdout.match(/^twin@example\.com +Okta twin *$/gm)).toHaveLength(1);
  }, 7 * CLI_TIMEOUT_MS);
});

describe('scimdesk draft with two connections', () => {
  it('names the connection of each group and account', async () => {
    const engine = Engine.open(dataDir);
    try {
      const pairSpace = engine.createWorkspace('Pair Space', 'test').id;
      for (const name of ['Okta pair', 'Entra pair']) {
        const { token } = engine.createConnection(name.startsWith('Okta') ? 'okta' : 'entra', name, 'test');
        const userId = createThroughScim(engine, token, '/Users', { userName: 'pair@example.com', active: true });
        const groupId = createThroughScim(engine, token, '/Groups', { displayName: 'pair-team', members: [{ value: userId }] });
        engine.addMapping(groupId, { kind: 'workspace', workspaceId: pairSpace, role: 'editor' }, 'test');
      }
    } finally {
      engine.close();
    }
    const grant = ['--workspace', 'Pair Space', '--role', 'editor'];
    await run('draft', 'create', 'pairs');
    for (const connection of ['Okta pair', 'Entra pair']) {
      await run('mapping', 'remove', '--group', 'pair-team', '--connection', connection, ...grant, '--draft', 'pairs');
    }

    const draftShow = await run('draft', 'show', 'pairs');
    const draftShowJson = await run('draft', 'show', 'pairs', '--json');
    const diff = await run('draft', 'diff', 'pairs');
    const diffJson = await run('draft', 'diff', 'pairs', '--json');
    await run('draft', 'discard', 'pairs');

    expect(draftShow.stdout).toMatch(/CHANGE +GROUP +CONNECTION +GRANT/);
    expect(draftShow.stdout).toMatch(/- remove +pair-team +Okta pair +editor in Pair Space/);
    expect(draftShow.stdout).toMatch(/- remove +pair-team +Entra pair +editor in Pair Space/);
    const changes = JSON.parse(draftShowJson.stdout).changes as { connectionName: string | null }[];
    expect(changes.map((change) => change.connectionName)).toEqual(['Okta pair', 'Entra pair']);
    expect(diff.stdout).toMatch(/CHANGE +USER +CONNECTION +WHERE +FROM +TO +GROUP BEHIND IT/);
    expect(diff.stdout).toMatch(/lost +pair@example\.com +Okta pair +Pair Space +editor +- +pair-team/);
    expect(diff.stdout).toMatch(/lost +pair@example\.com +Entra pair +Pair Space +editor +- +pair-team/);
    const entries = JSON.parse(diffJson.stdout).diff.entries as { connectionName: string | null }[];
    expect(entries.map((entry) => entry.connectionName).sort()).toEqual(['Entra pair', 'Okta pair']);
  }, 9 * CLI_TIMEOUT_MS);
});

describe('scimdesk permissions --as-of', () => {
  it('prints the roles of a past moment', async () => {
    const past = await run('permissions', '--as-of', firstMoment, '--user', 'u1@example.com', '--json');
    const invalid = await run('permissions', '--as-of', 'last tuesday');

    expect(JSON.parse(past.stdout)[0].workspaces[0]).toMatchObject({ workspaceName: 'Data Science', role: 'editor', since: firstMoment });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('The --as-of time "last tuesday" is not valid.');
  }, 2 * CLI_TIMEOUT_MS);

  it('rejects a moment in the future', async () => {
    const future = await run('permissions', '--as-of', '2999-01-01T00:00:00Z');

    expect(future.code).toBe(1);
    expect(future.stdout).toBe('');
    expect(future.stderr).toContain('The --as-of time "2999-01-01T00:00:00Z" is later than now');
  }, CLI_TIMEOUT_MS);
});

describe('scimdesk workspace archive', () => {
  it('lists who loses access and needs --yes', async () => {
    await run('workspace', 'create', 'Sandbox');

    // Ada, organization admin, became the new workspace's admin, so archiving it needs confirmation too.
    const sandbox = await run('workspace', 'archive', 'Sandbox');
    const confirmed = await run('workspace', 'archive', 'Sandbox', '--yes');
    const asked = await run('workspace', 'archive', 'Data Science');

    expect(sandbox.code).toBe(4);
    expect(sandbox.stdout).toMatch(/lost +ada@example.com +Okta +Sandbox +admin/);
    expect(confirmed.code).toBe(0);
    expect(asked.code).toBe(4);
    expect(asked.stdout).toMatch(/lost +ada@example.com +Okta +Data Science +admin/);
    expect(asked.stderr).toContain('Archiving "Data Science" removes access for 1 user, listed above; nothing was changed.');
  }, 4 * CLI_TIMEOUT_MS);
});

describe('scimdesk workspace rename', () => {
  it('keeps the slug unless --change-slug is given', async () => {
    await run('workspace', 'create', 'Field Ops');

    const slugKept = await run('workspace', 'rename', 'Field Ops', 'Field Operations');
    const changed = await run('workspace', 'rename', 'field-ops', 'Field Team', '--change-slug');

    expect(slugKept.stdout).toBe('Renamed the workspace to "Field Operations" (slug field-ops).\n');
    expect(changed.stdout).toBe('Renamed the workspace to "Field Team" (slug field-team).\n');
  }, 3 * CLI_TIMEOUT_MS);
});

describe('scimdesk mapping suggest', () => {
  it('dismisses and restores a suggestion', async () => {
    await run('workspace', 'create', 'Field Crew');
    const engine = Engine.open(dataDir);
    try {
      const { token } = engine.createConnection('okta', 'Okta field', 'test');
      createThroughScim(engine, token, '/Groups', { displayName: 'app-acme-field-crew-viewer' });
    } finally {
      engine.close();
    }

    const dismissed = await run('mapping', 'suggest', '--dismiss', 'app-acme-field-crew-viewer');
    const listed = await run('mapping', 'suggest');
    const restored = await run('mapping', 'suggest', '--restore', 'app-acme-field-crew-viewer');

    expect(dismissed.stdout).toBe('Dismissed the suggestion app-acme-field-crew-viewer → viewer in Field Crew.\n');
    expect(listed.stdout).toContain('1 dismissed suggestion not shown: list them with --dismissed.');
    expect(listed.stdout).not.toContain('app-acme-field-crew-viewer');
    expect(restored.stdout).toBe('Restored the suggestion app-acme-field-crew-viewer → viewer in Field Crew.\n');
  }, 4 * CLI_TIMEOUT_MS);

  it('chooses among groups of the same name with --connection or --group-id', async () => {
    await run('workspace', 'create', 'Night Shift');
    const engine = Engine.open(dataDir);
    const ids: Record<string, string> = {};
    try {
      for (const name of ['Okta night', 'Entra night']) {
        const { token } = engine.createConnection(name.startsWith('Okta') ? 'okta' : 'entra', name, 'test');
        ids[name] = createThroughScim(engine, token, '/Groups', { displayName: 'app-acme-night-shift-editor' });
      }
    } finally {
      engine.close();
    }

    const ambiguous = await run('mapping', 'suggest', '--dismiss', 'app-acme-night-shift-editor');
    const byConnection = await run('mapping', 'suggest', '--dismiss', 'app-acme-night-shift-editor', '--connection', 'Okta night', '--json');
    const byId = await run('mapping', 'suggest', '--dismiss', '--group-id', ids['Entra night']!, '--json');
    const restored = await run('mapping', 'suggest', '--restore', '--group-id', ids['Okta night']!, '--json');
    const stray = await run('mapping', 'suggest', '--connection', 'Okta night');

    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('Choose one with --connection NAME, or give its id with --group-id ID.');
    expect(byConnection.code, byConnection.stderr).toBe(0);
    expect(JSON.parse(byConnection.stdout).groupId).toBe(ids['Okta night']);
    expect(byId.code, byId.stderr).toBe(0);
    expect(JSON.parse(byId.stdout).groupId).toBe(ids['Entra night']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout).groupId).toBe(ids['Okta night']);
    expect(stray.code).toBe(1);
    expect(stray.stderr).toContain('--group-id and --connection choose the group of --dismiss or --restore.');
  }, 6 * CLI_TIMEOUT_MS);
});
