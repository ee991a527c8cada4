/**
 * The SCIM base URL that the console and the CLI print when several servers share one data
 * directory. Each server shows its own listener, and a server that stops withdraws its URL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { runCli, startServe, type ServeProcess } from '../helpers/cli.ts';

let dataDir: string;
let home: string;
const servers: ServeProcess[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-listener-url-'));
  home = await mkdtemp(join(tmpdir(), 'scimdesk-listener-home-'));
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  await rm(dataDir, { recursive: true, force: true });
  await rm(home, { recursive: true, force: true });
});

/** Reads the SCIM base URL that a server's console shows in its sidebar and wizard. */
async function consoleBaseUrl(server: ServeProcess): Promise<string> {
  const login = await request(server.consoleUrl);
  await login.body.dump();
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const response = await request(`${new URL(server.consoleUrl).origin}/api/getServerInfo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: '{}',
  });
  return ((await response.body.json()) as { scimBaseUrl: string }).scimBaseUrl;
}

async function cliBaseUrl(): Promise<string> {
  const output = await runCli(['connection', 'show', 'Okta', '--data', dataDir], home);
  expect(output.code, output.stderr).toBe(0);
  return /SCIM base URL: (\S+)/.exec(output.stdout)?.[1] ?? `no URL in: ${output.stdout}`;
}

describe('SCIM base URL of servers on one data directory', () => {
  it('stays with the server that still runs', async () => {
    const first = await startServe(dataDir, home);
    servers.push(first);
    const created = await runCli(['connection', 'create', '--provider', 'okta', '--name', 'Okta', '--data', dataDir], home);
    expect(created.code, created.stderr).toBe(0);
    const second = await startServe(dataDir, home);
    servers.push(second);
    expect(second.scimBaseUrl).not.toBe(first.scimBaseUrl);

    expect(await consoleBaseUrl(first)).toBe(first.scimBaseUrl);
    expect(await consoleBaseUrl(second)).toBe(second.scimBaseUrl);
    expect(await cliBaseUrl()).toBe(second.scimBaseUrl);

    servers.splice(servers.indexOf(second), 1);
    await second.stop();

    expect(await consoleBaseUrl(first)).toBe(first.scimBaseUrl);
    expect(await cliBaseUrl()).toBe(first.scimBaseUrl);
  }, 90_000);
});
