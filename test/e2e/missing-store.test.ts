/**
 * CLI commands pointed at a data directory without a store: commands that read or
 * change existing data exit with code 1, name the directory and create nothing,
 * while commands that set up a store create it there.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

/** Each command starts Node and strips the CLI's types, which takes a second or two on 2 cores. */
const CLI_TIMEOUT_MS = 30_000;

let scratch: string;
let home: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'scimdesk-missing-store-'));
  home = join(scratch, 'home');
  await mkdir(home);
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Commands that need an existing store, without --data. */
const COMMANDS_NEEDING_A_STORE: string[][] = [
  ['verify'],
  ['events'],
  ['health'],
  ['retention'],
  ['permissions'],
  ['permissions', '--as-of', '2025-03-01T09:00:00Z'],
  ['report', 'access', '--format', 'csv', '--out', 'REPORT'],
  ['bundle', '--out', 'REPORT'],
  ['review', 'list'],
  ['connection', 'list'],
  ['connection', 'show', 'Okta'],
  ['connection', 'tokens', 'Okta'],
  ['workspace', 'list'],
  ['workspace', 'archive', 'Sales'],
  ['mapping', 'list'],
  ['mapping', 'suggest'],
  ['mapping', 'add', '--group', 'admins', '--org-admin'],
  ['draft', 'list'],
  ['draft', 'show', 'q1'],
  ['snapshot', 'list'],
  ['snapshot', 'diff', 'okta-export'],
];

describe('commands on a directory without a store', () => {
  it.concurrent.each(COMMANDS_NEEDING_A_STORE.map((command) => [command.join(' '), command]))(
    '%s rejects a missing directory',
    async (_name, command) => {
      const dataDir = join(scratch, `typo-${command.join('-').replace(/[^a-z0-9-]/gi, '')}`);
      const args = command.map((arg) => (arg === 'REPORT' ? join(scratch, `${command[0]}.out`) : arg));

      const result = await runCli([...args, '--data', dataDir], home);

      expect(result.code, result.stdout).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`scimdesk: No ScimDesk store in ${dataDir}, the directory given with --data: it has no scimdesk.db, so nothing was read or written.`);
      expect(result.stderr).toContain(`Check that path, or start a new store there with "scimdesk serve --data ${dataDir}".`);
      expect(existsSync(dataDir)).toBe(false);
    },
    CLI_TIMEOUT_MS,
  );

  it('leaves an empty directory empty', async () => {
    const dataDir = join(scratch, 'empty');
    await mkdir(dataDir);

    const result = await runCli(['events', '--data', dataDir], home);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No ScimDesk store in ${dataDir}`);
    expect(await readdir(dataDir)).toEqual([]);
  }, CLI_TIMEOUT_MS);

  it('quotes a path with spaces in the hint', async () => {
    const dataDir = join(scratch, 'my data');

    const result = await runCli(['verify', '--data', dataDir], home);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`"scimdesk serve --data '${dataDir}'"`);
  }, CLI_TIMEOUT_MS);

  it('names the default directory without --data', async () => {
    const defaultDir = join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'ScimDesk');

    const result = await runCli(['events'], home);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No ScimDesk store in ${defaultDir}, the desktop app's folder, which the CLI uses without --data or $SCIMDESK_DATA`);
    expect(result.stderr).toContain('Pass the data directory with --data DIR');
    expect(existsSync(defaultDir)).toBe(false);
  }, CLI_TIMEOUT_MS);
});

describe('commands that set up a store', () => {
  it.concurrent.each([
    ['workspace', 'create', 'Sales'],
    ['connection', 'create', '--provider', 'okta', '--name', 'Okta'],
    ['draft', 'create', 'q1'],
  ])('%s %s creates it', async (...command) => {
    const dataDir = join(scratch, `new-${command[0]}`);

    const result = await runCli([...command, '--data', dataDir], home);

    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(dataDir, 'scimdesk.db'))).toBe(true);
  }, CLI_TIMEOUT_MS);
});

describe('a data directory that is a file', () => {
  it('is rejected with its path', async () => {
    const file = join(scratch, 'not-a-folder');
    await writeFile(file, 'x');

    const result = await runCli(['workspace', 'create', 'Sales', '--data', file], home);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The data directory ${file} is a file, not a folder.`);
  }, CLI_TIMEOUT_MS);
});

describe('verify --bundle with --data', () => {
  it('reports why the local log was not compared', async () => {
    const source = join(scratch, 'bundle-source');
    const bundle = join(scratch, 'evidence.zip');
    const empty = join(scratch, 'bundle-empty');
    await mkdir(empty);
    expect((await runCli(['workspace', 'create', 'Sales', '--data', source], home)).code).toBe(0);
    expect((await runCli(['bundle', '--out', bundle, '--formats', 'csv', '--data', source], home)).code).toBe(0);

    const result = await runCli(['verify', '--bundle', bundle, '--data', empty], home);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('The files of the bundle match its manifest');
    expect(result.stdout).not.toContain('The bundle is intact');
    expect(result.stdout).toContain(`The local event log was not compared: there is no ScimDesk store (scimdesk.db) in ${empty}, the directory given with --data, so check that path.`);
    expect(result.stdout).not.toContain('no local data directory was given');
    expect(await readdir(empty)).toEqual([]);

    const other = join(scratch, 'bundle-other');
    expect((await runCli(['workspace', 'create', 'Sales', '--data', other], home)).code).toBe(0);
    const unrelated = await runCli(['verify', '--bundle', bundle, '--data', other], home);
    expect(unrelated.code, unrelated.stderr).toBe(0);
    expect(unrelated.stdout).toContain(`The local event log was not compared: the data directory ${other} has no data directory id yet, so the bundle does not come from it.`);
  }, 5 * CLI_TIMEOUT_MS);
});
