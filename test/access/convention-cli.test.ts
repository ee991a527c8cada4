/**
 * `scimdesk mapping convention` and the slug's effect on `mapping suggest`, run as a user runs
 * them: `node bin/scimdesk.js` as a child process on a data directory provisioned through SCIM.
 * The tests run in order on one directory, because each CLI run takes a second or two.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Suggestion } from '../../src/shared/api.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { createThroughScim } from '../events/in-process.ts';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'scimdesk.js');
const CLI_TIMEOUT_MS = 30_000;

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

let dataDir: string;

function run(...args: string[]): Promise<CliRun> {
  return new Promise((resolveRun) => {
    execFile(process.execPath, [CLI, ...args, '--data', dataDir], { timeout: CLI_TIMEOUT_MS, env: { ...process.env, SCIMDESK_LOG_LEVEL: 'silent' } }, (error, stdout, stderr) => {
      let code = 0;
      if (error !== null) {
        code = typeof error.code === 'number' ? error.code : 1;
      }
      resolveRun({ code, stdout, stderr });
    });
  });
}

/** Provisions Ada in an editors group of Data Science and in the organization-admin groups of two apps. */
function provision(directory: string): void {
  const engine = Engine.open(directory);
  try {
    const { token } = engine.createConnection('okta', 'Okta', 'test');
    engine.createWorkspace('Data Science', 'test');
    const adaId = createThroughScim(engine, token, '/Users', { userName: 'ada@example.com', active: true });
    for (const displayName of ['app-kolena-data-science-editor', 'app-kolena-organization-admin', 'app-acme-organization-admin']) {
      createThroughScim(engine, token, '/Groups', { displayName, members: [{ value: adaId }] });
    }
  } finally {
    engine.close();
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-convention-'));
  provision(dataDir);
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('scimdesk mapping convention', () => {
  it('says that any slug is accepted by default', async () => {
    const convention = await run('mapping', 'convention');
    const suggested = await run('mapping', 'suggest');

    expect(convention.code).toBe(0);
    expect(convention.stdout).toContain('The naming convention accepts any app slug');
    expect(convention.stdout).toContain('scimdesk mapping convention --slug SLUG');
    expect(suggested.code).toBe(0);
    expect(suggested.stdout).toContain('The naming convention accepts any app slug');
    expect(suggested.stdout).toMatch(/app-acme-organization-admin +Okta +organization admin +no: add it with "mapping add"/);
  });

  it('rejects an invalid slug and changes nothing', async () => {
    const invalid = await run('mapping', 'convention', '--slug', 'Acme Corp');
    const empty = await run('mapping', 'convention', '--slug', '');
    const both = await run('mapping', 'convention', '--slug', 'acme', '--any-slug');
    const after = await run('mapping', 'convention', '--json');

    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('"Acme Corp" is not a valid slug: use lower-case letters, digits and single hyphens between them, such as "acme-corp". Nothing was changed.');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('--slug needs a value such as "acme". To accept the groups of any app, use --any-slug.');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('Use either --slug SLUG or --any-slug, not both.');
    expect(JSON.parse(after.stdout)).toMatchObject({ namingSlug: '', anySlug: true });
  });

  it('skips organization admin in --apply under any slug', async () => {
    const applied = await run('mapping', 'suggest', '--apply');
    const left = JSON.parse((await run('mapping', 'suggest', '--json')).stdout) as Suggestion[];

    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Accepted 1 suggested mapping.\n  app-kolena-data-science-editor → editor in Data Science\n');
    expect(applied.stdout).toContain('Skipped 2 organization-admin suggestions');
    expect(applied.stdout).toContain('run "scimdesk mapping add --group app-acme-organization-admin --connection Okta --org-admin"');
    expect(left.map((suggestion) => [suggestion.groupName, suggestion.excludedFromAcceptAll])).toEqual([
      ['app-acme-organization-admin', true],
      ['app-kolena-organization-admin', true],
    ]);
  });

  it('sets the slug and suggests only its groups', async () => {
    const set = await run('mapping', 'convention', '--slug', 'kolena', '--json');
    const suggested = JSON.parse((await run('mapping', 'suggest', '--json')).stdout) as Suggestion[];
    const applied = await run('mapping', 'suggest', '--apply');
    const events = await run('events', '--type', 'admin.change');

    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({
      namingSlug: 'kolena',
      anySlug: false,
      previousSlug: '',
      patterns: { organizationAdmin: 'app-kolena-organization-admin', workspaceRole: 'app-kolena-<workspace-slug>-<role>' },
    });
    expect(suggested.map((suggestion) => [suggestion.groupName, suggestion.excludedFromAcceptAll])).toEqual([['app-kolena-organization-admin', false]]);
    expect(applied.stdout).toBe('Accepted 1 suggested mapping.\n  app-kolena-organization-admin → organization admin\n');
    expect(events.stdout).toMatch(/admin\.change by cli \(.+\) +Changed settings: naming-convention slug any slug → "kolena"/);
  });

  it('clears the slug with --any-slug', async () => {
    const cleared = await run('mapping', 'convention', '--any-slug');

    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain('Changed the naming-convention slug from "kolena" to any slug.');
    expect(cleared.stdout).toContain('Suggested groups are named app-<slug>-organization-admin or app-<slug>-<workspace-slug>-<role>.');
  });
});
