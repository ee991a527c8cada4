/**
 * A directory pushed by two connections that share group names and a userName, for the
 * browser tests of screens that must name the connection of each group or account.
 */
import { expect, type ScimDeskServer } from './fixtures.ts';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** A userName of 57 characters with no space or hyphen, where a browser finds no place to break a line. */
export const LONG_USER_NAME = 'margaret.hamilton.apollo.guidance@engineering.example.com';

/** Runs a CLI command on the server's data directory and fails the test with its output when it exits non-zero. */
export async function cli(scimdesk: ScimDeskServer, args: string[]): Promise<string> {
  const result = await scimdesk.cli(args);
  if (result.exitCode !== 0) {
    throw new Error(`scimdesk ${args.join(' ')} exited ${result.exitCode}.\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
  return result.stdout;
}

/** POSTs one SCIM resource to the server over loopback and returns its id. The test fails unless it is created. */
export async function post(scimdesk: ScimDeskServer, token: string, path: string, body: unknown): Promise<string> {
  const response = await fetch(`${scimdesk.scimBaseUrl}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
    body: JSON.stringify(body),
  });
  expect(response.status, `POST ${path}`).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/**
 * Provisions two connections that push groups with the same names, one of them
 * with a long userName. It maps each connection's editor group to editor in "Data Science",
 * and Okta production's admin group to organization admin.
 */
export async function provisionTwoConnections(scimdesk: ScimDeskServer): Promise<void> {
  await cli(scimdesk, ['workspace', 'create', 'Data Science']);
  const connections = [
    { name: 'Okta production', provider: 'okta', users: ['ada@example.com', LONG_USER_NAME] },
    { name: 'Entra ID contractors', provider: 'entra', users: ['ada@example.com', 'linus@example.com'] },
  ];
  for (const connection of connections) {
    const created = await cli(scimdesk, ['connection', 'create', '--provider', connection.provider, '--name', connection.name, '--json']);
    const { token } = JSON.parse(created) as { token: string };
    const ids: string[] = [];
    for (const userName of connection.users) {
      ids.push(await post(scimdesk, token, '/Users', { schemas: [USER_SCHEMA], userName, active: true }));
    }
    const members = ids.map((value) => ({ value }));
    await post(scimdesk, token, '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'app-kolena-data-science-editor', members });
    await post(scimdesk, token, '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'app-kolena-organization-admin', members: members.slice(0, 1) });
    await cli(scimdesk, ['mapping', 'add', '--group', 'app-kolena-data-science-editor', '--connection', connection.name, '--workspace', 'Data Science', '--role', 'editor']);
  }
  await cli(scimdesk, ['mapping', 'add', '--group', 'app-kolena-organization-admin', '--connection', 'Okta production', '--org-admin']);
}
