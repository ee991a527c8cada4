/** The generated directory of `scimdesk simulate` and its push in each provider's shapes to a real engine. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { PROVIDER_IDS, PROVIDERS } from '../../src/shared/providers/index.ts';
import { generateDirectory, type DirectoryOptions } from '../../src/main/simulate/directory.ts';
import { pushDirectory, type PushProgress } from '../../src/main/simulate/push.ts';
import { providerShapes } from '../../src/main/simulate/shapes.ts';
import { startConnectionHarness, type ConnectionHarness } from './harness.ts';

const OPTIONS: DirectoryOptions = { users: 40, groups: 12, seed: 7, domain: 'example.org', slug: 'kolena', workspaces: ['data-science', 'engineering'] };

describe('generateDirectory', () => {
  it('generates the same directory for the same seed', () => {
    expect(generateDirectory(OPTIONS)).toEqual(generateDirectory(OPTIONS));
  });

  it('generates another directory for another seed', () => {
    expect(generateDirectory({ ...OPTIONS, seed: 8 }).users[0]).not.toEqual(generateDirectory(OPTIONS).users[0]);
  });

  it('gives every user a unique user name in the domain', () => {
    const { users } = generateDirectory({ ...OPTIONS, users: 3000 });

    expect(new Set(users.map((user) => user.userName)).size).toBe(3000);
    expect(users.every((user) => user.userName.endsWith('@example.org'))).toBe(true);
  });

  it('starts with the naming convention groups', () => {
    const names = generateDirectory(OPTIONS).groups.map((group) => group.name);

    expect(names.slice(0, 4)).toEqual([
      'app-kolena-organization-admin',
      'app-kolena-data-science-viewer',
      'app-kolena-data-science-editor',
      'app-kolena-data-science-admin',
    ]);
    expect(names).toHaveLength(12);
  });

  it('fills groups past the convention and departments with project groups', () => {
    const names = generateDirectory({ ...OPTIONS, groups: 20 }).groups.map((group) => group.name);

    expect(names.at(-1)).toBe('project-005');
  });
});

describe('providerShapes', () => {
  for (const provider of PROVIDER_IDS) {
    it(`fills ${provider}'s create body with the generated user`, () => {
      const [user] = generateDirectory({ ...OPTIONS, users: 1 }).users;

      const body = JSON.stringify(providerShapes(PROVIDERS[provider]).createUser(user!).body);

      expect(body).toContain(`"userName":"${user!.userName}"`);
      expect(body).not.toContain('ada@example.com');
      expect(body).not.toContain('"Example"');
    });
  }

  it("keeps Okta's repeated group name in a membership PATCH", () => {
    const directory = generateDirectory(OPTIONS);
    const group = directory.groups[2]!;

    const patch = providerShapes(PROVIDERS.okta).addMembers('group-id', group, [{ id: 'user-1', user: directory.users[0]! }]);

    expect(patch.path).toBe('/Groups/group-id');
    expect(patch.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'replace', value: { id: 'group-id', displayName: group.name } },
        { op: 'add', path: 'members', value: [{ value: 'user-1', display: directory.users[0]!.userName }] },
      ],
    });
  });
});

describe('pushDirectory', () => {
  let harness: ConnectionHarness;

  beforeEach(async () => {
    harness = await startConnectionHarness();
  });

  afterEach(async () => {
    await harness.close();
  });

  for (const provider of PROVIDER_IDS) {
    it(`provisions the whole directory in ${provider}'s shapes`, async () => {
      const { token, connection } = harness.engine.createConnection(provider, provider, 'test');
      const directory = generateDirectory(OPTIONS);
      const memberships = directory.groups.reduce((sum, group) => sum + group.memberIndexes.length, 0);

      const summary = await pushDirectory({ profile: PROVIDERS[provider], baseUrl: harness.baseUrl, token, directory, concurrency: 4 });

      expect(summary.failures).toEqual([]);
      expect(summary.users.created).toBe(40);
      expect(summary.groups.created).toBe(12);
      expect(summary.memberships.added).toBe(memberships);
      const count = (sql: string): unknown => harness.engine.db.prepare(sql).pluck().get(connection.id);
      expect(count('SELECT COUNT(*) FROM users WHERE connection_id = ?')).toBe(40);
      expect(count('SELECT COUNT(*) FROM group_members WHERE group_id IN (SELECT id FROM groups WHERE connection_id = ?)')).toBe(memberships);
    });
  }

  it('finds existing users on a second push instead of failing', async () => {
    const { token } = harness.engine.createConnection('okta', 'Okta', 'test');
    const directory = generateDirectory({ ...OPTIONS, groups: 0 });
    await pushDirectory({ profile: PROVIDERS.okta, baseUrl: harness.baseUrl, token, directory, concurrency: 4 });

    const second = await pushDirectory({ profile: PROVIDERS.okta, baseUrl: harness.baseUrl, token, directory, concurrency: 4 });

    expect(second.users).toEqual({ total: 40, created: 0, existing: 40, failed: 0 });
  });

  it('keeps at most the given number of requests in flight', async () => {
    const { token } = harness.engine.createConnection('google', 'Google', 'test');
    const server = harness.server.server;
    const [handler] = server.listeners('request') as ((...args: unknown[]) => void)[];
    let inFlight = 0;
    let peak = 0;
    server.removeAllListeners('request');
    // Each response waits 5 ms, so that requests sent together overlap at the server.
    server.on('request', (request, response) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      response.once('finish', () => (inFlight -= 1));
      setTimeout(() => handler!(request, response), 5);
    });

    await pushDirectory({ profile: PROVIDERS.google, baseUrl: harness.baseUrl, token, directory: generateDirectory(OPTIONS), concurrency: 3 });

    expect(peak).toBe(3);
  });

  it('counts failures with the answer when the token is wrong', async () => {
    harness.engine.createConnection('okta', 'Okta', 'test');
    const phases: PushProgress['phase'][] = [];

    const summary = await pushDirectory({
      profile: PROVIDERS.okta,
      baseUrl: harness.baseUrl,
      token: 'scd_wrong',
      directory: generateDirectory({ ...OPTIONS, users: 2, groups: 1 }),
      concurrency: 2,
      onProgress: (progress) => phases.push(progress.phase),
    });

    expect(summary.users.failed).toBe(2);
    expect(summary.failures[0]).toMatch(/^Creating .* answered 401: The bearer token is not valid/);
    expect(phases.at(-1)).toBe('done');
  });
});
