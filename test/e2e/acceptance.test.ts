/**
 * The acceptance scenario, driven through the real `scimdesk` command: a
 * server on a fresh data directory, two workspaces, an Entra ID connection
 * replayed step by step with the effective permissions checked between the
 * steps, and Okta's whole sequence. The tests of the first describe run in
 * order and share the server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { UserPermissions } from '../../src/shared/api.ts';
import { runCli, startServe, type CliResult, type ServeProcess } from '../helpers/cli.ts';

interface CreatedConnection {
  id: string;
  name: string;
  provider: string;
  scimBaseUrl: string;
  token: string;
}

interface ReplayOutput {
  ok: boolean;
  results: { step: string; ok: boolean; status: number | null; skipped?: string; error?: string }[];
}

let workDirectory: string;
let dataDir: string;
let server: ServeProcess | undefined;

beforeAll(async () => {
  workDirectory = await mkdtemp(join(tmpdir(), 'scimdesk-acceptance-'));
  dataDir = join(workDirectory, 'data');
});

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    await server.stop();
  }
  await rm(workDirectory, { recursive: true, force: true });
});

function scimdesk(...args: string[]): Promise<CliResult> {
  return runCli([...args, '--data', dataDir], workDirectory);
}

/** Describes a failed command for an assertion message. */
function explain(result: CliResult): string {
  return `exit code ${result.code}, stderr: ${result.stderr.trim()}, stdout: ${result.stdout.slice(0, 2000)}`;
}

function failedSteps(output: ReplayOutput): string[] {
  return output.results
    .filter((result) => result.skipped === undefined && !result.ok)
    .map((result) => `${result.step} -> ${result.status ?? 'no response'}: ${result.error ?? ''}`);
}

async function permissions(): Promise<UserPermissions[]> {
  const result = await scimdesk('permissions', '--format', 'json');
  expect(result.code, explain(result)).toBe(0);
  return JSON.parse(result.stdout) as UserPermissions[];
}

function find(all: UserPermissions[], userName: string): UserPermissions | undefined {
  return all.find((entry) => entry.user.userName === userName);
}

describe('acceptance scenario through the scimdesk command', () => {
  let entra: CreatedConnection;
  let okta: CreatedConnection;
  let entraState: string;

  async function replayEntra(...range: string[]): Promise<{ result: CliResult; output: ReplayOutput }> {
    const result = await scimdesk('replay', '--provider', 'entra', '--url', entra.scimBaseUrl, '--token', entra.token, '--state', entraState, '--json', ...range);
    return { result, output: JSON.parse(result.stdout) as ReplayOutput };
  }

  it('starts serve and prints its URLs as one JSON line', async () => {
    server = await startServe(dataDir, workDirectory);

    expect(server.scimBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    expect(server.consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?session=/);
  });

  it('creates the workspaces Data Science and Engineering', async () => {
    const dataScience = await scimdesk('workspace', 'create', 'Data Science');
    const engineering = await scimdesk('workspace', 'create', 'Engineering');

    expect(dataScience.code, explain(dataScience)).toBe(0);
    expect(dataScience.stdout).toBe('Created the workspace "Data Science" (slug data-science).\n');
    expect(engineering.code, explain(engineering)).toBe(0);
    expect(engineering.stdout).toBe('Created the workspace "Engineering" (slug engineering).\n');
  });

  it('creates Entra ID and Okta connections with the served URL', async () => {
    const entraResult = await scimdesk('connection', 'create', '--provider', 'entra', '--name', 'Entra', '--json');
    const oktaResult = await scimdesk('connection', 'create', '--provider', 'okta', '--name', 'Okta', '--json');

    expect(entraResult.code, explain(entraResult)).toBe(0);
    expect(oktaResult.code, explain(oktaResult)).toBe(0);
    entra = JSON.parse(entraResult.stdout) as CreatedConnection;
    okta = JSON.parse(oktaResult.stdout) as CreatedConnection;
    entraState = join(workDirectory, 'entra-state.json');
    expect(entra).toMatchObject({ name: 'Entra', provider: 'entra', scimBaseUrl: server?.scimBaseUrl });
    expect(okta).toMatchObject({ name: 'Okta', provider: 'okta', scimBaseUrl: server?.scimBaseUrl });
    expect(entra.token).toMatch(/^scd_/);
    expect(okta.token).not.toBe(entra.token);
  });

  it('replays Entra ID up to 09-add-member with every expected status', async () => {
    const { result, output } = await replayEntra('--until', '09-add-member');

    expect(failedSteps(output)).toEqual([]);
    expect(output.results.map((step) => step.step)).toEqual([
      '01-test-connection',
      '02-lookup-user',
      '03-create-user',
      '04-update-user-default',
      '05-update-user-compliant-flag',
      'setup-create-grace',
      '06-set-manager',
      '07-lookup-group',
      '08-create-group',
      '09-add-member',
    ]);
    expect(result.code, explain(result)).toBe(0);
  });

  it('accepts the mapping the naming convention suggests', async () => {
    const result = await scimdesk('mapping', 'suggest', '--apply');

    expect(result.code, explain(result)).toBe(0);
    expect(result.stdout).toBe('Accepted 1 suggested mapping.\n  app-kolena-data-science-editor → editor in Data Science\n');
  });

  it('shows Ada as editor in Data Science via the group', async () => {
    const ada = find(await permissions(), 'ada@example.com');

    expect(ada?.user.active).toBe(true);
    expect(ada?.organization.role).toBe('member');
    expect(ada?.workspaces).toHaveLength(1);
    expect(ada?.workspaces[0]).toMatchObject({
      workspaceName: 'Data Science',
      role: 'editor',
      grantedBy: [{ groupName: 'app-kolena-data-science-editor', role: 'editor' }],
      outranked: [],
      viaOrganizationAdmin: false,
    });
    expect(ada?.workspaces[0]?.since).not.toBeNull();
  });

  it('removes her access when Entra ID removes her from the group', async () => {
    const { result, output } = await replayEntra('--from', '10', '--until', '10');

    expect(result.code, explain(result)).toBe(0);
    expect(output.results.map((step) => [step.step, step.status])).toEqual([['10-remove-member-default', 204]]);
    const ada = find(await permissions(), 'ada@example.com');
    expect(ada?.user.active).toBe(true);
    expect(ada?.groups).toEqual([]);
    expect(ada?.workspaces).toEqual([]);
    expect(ada?.noAccessReason).toBeNull();
  });

  it('shows her inactive with no access once Entra ID deactivates her', async () => {
    const { result, output } = await replayEntra('--from', '11', '--until', '14');

    expect(result.code, explain(result)).toBe(0);
    expect(failedSteps(output)).toEqual([]);
    const ada = find(await permissions(), 'ada@example.com');
    expect(ada?.user.active).toBe(false);
    expect(ada?.organization.role).toBe('member');
    expect(ada?.workspaces).toEqual([]);
    expect(ada?.noAccessReason).toMatch(/^The user was deactivated \(active: false\) on \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z, so they have no access at all\.$/);
  });

  it('replays the rest of the Entra ID sequence, which deletes her', async () => {
    const { result, output } = await replayEntra('--from', '15');

    expect(result.code, explain(result)).toBe(0);
    expect(output.results.map((step) => [step.step, step.status])).toEqual([
      ['15-delete-user', 204],
      ['16-delete-group', 204],
    ]);
    const all = await permissions();
    expect(find(all, 'ada@example.com')).toBeUndefined();
    expect(find(all, 'grace@example.com')?.workspaces).toEqual([]);
  });

  it("replays Okta's whole sequence with exit code 0", async () => {
    const result = await scimdesk(
      'replay',
      '--provider',
      'okta',
      '--url',
      okta.scimBaseUrl,
      '--token',
      okta.token,
      '--state',
      join(workDirectory, 'okta-state.json'),
    );

    expect(result.code, explain(result)).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('FAIL');
    expect(result.stdout).toContain('skip  13-delete-user-not-sent');
    expect(result.stdout).toContain('ok    15-import-users');
  });

  it('stops serve on SIGTERM with exit code 0', async () => {
    const exit = await server?.stop();

    expect(exit).toEqual({ code: 0, signal: null });
  });
});

describe('scimdesk errors and help', () => {
  it('prints one stderr line and exits 1 for an unknown group', async () => {
    const result = await scimdesk('mapping', 'add', '--group', 'nope', '--org-admin');

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter((line) => line !== '')).toEqual([
      'scimdesk: No group is named "nope". Groups appear once an identity provider pushes them; check the name with the console\'s Mappings screen.',
    ]);
  });

  it('exits 1 with one line when a workspace name is taken', async () => {
    await scimdesk('workspace', 'create', 'Research');

    const result = await scimdesk('workspace', 'create', 'research');

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('scimdesk: A workspace named "Research" already exists. Choose another name.\n');
  });

  it('exits 2 for an unknown provider', async () => {
    const result = await scimdesk('connection', 'create', '--provider', 'myidp', '--name', 'X');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: option '--provider <provider>' argument 'myidp' is invalid.");
  });

  it('lists the options of mapping add with --help', async () => {
    const result = await scimdesk('mapping', 'add', '--help');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: scimdesk mapping add [options]');
    for (const option of ['--group <name>', '--org-admin', '--workspace <name>', '--role <role>']) {
      expect(result.stdout).toContain(option);
    }
  });

  it('lists the options of replay with --help', async () => {
    const result = await scimdesk('replay', '--help');

    expect(result.code).toBe(0);
    for (const option of ['--provider <provider>', '--url <url>', '--token <token>', '--from <step>', '--until <step>', '--state <file>']) {
      expect(result.stdout).toContain(option);
    }
  });
});
