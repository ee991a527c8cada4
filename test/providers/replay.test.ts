import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { readJsonPath, substituteBody, substitutePath } from '../../src/main/replay/bindings.ts';
import type { StepResult } from '../../src/main/replay/index.ts';
import {
  NEEDS_CLIENT_CREDENTIALS,
  NEVER_SENT,
  replaySequence,
  selectSteps,
} from '../../src/main/replay/index.ts';
import { PROVIDERS } from '../../src/shared/providers/index.ts';
import type { FakeScimServer } from './fake-scim-server.ts';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  ISSUED_TOKEN,
  SCIM_BASE_PATH,
  startFakeScimServer,
  TEST_TOKEN,
} from './fake-scim-server.ts';

let server: FakeScimServer;
let stateDirectory: string;

beforeAll(async () => {
  server = await startFakeScimServer();
  stateDirectory = await mkdtemp(join(tmpdir(), 'scimdesk-replay-'));
});

afterAll(async () => {
  await server.close();
  await rm(stateDirectory, { recursive: true, force: true });
});

beforeEach(() => {
  server.reset();
});

function statePath(name: string): string {
  return join(stateDirectory, `${name}.json`);
}

function resultFor(results: StepResult[], step: string): StepResult {
  const result = results.find((candidate) => candidate.step === step);
  if (result === undefined) throw new Error(`No result for step ${step}`);
  return result;
}

function requestsTo(method: string, pathPrefix: string): { url: string; body: string }[] {
  return server.requests.filter(
    (request) => request.method === method && request.url.startsWith(`${SCIM_BASE_PATH}${pathPrefix}`),
  );
}

/** Returns a port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('No port assigned');
  return address.port;
}

describe('replaySequence against a conforming server', () => {
  it.each(Object.keys(PROVIDERS))('passes the full %s sequence', async (provider) => {
    const { ok, results } = await replaySequence({
      provider: provider as keyof typeof PROVIDERS,
      baseUrl: server.baseUrl,
      token: TEST_TOKEN,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });

    const failures = results.filter((result) => result.skipped === undefined && !result.ok);
    expect(failures).toEqual([]);
    expect(ok).toBe(true);
    expect(results.map((result) => result.step)).toEqual(PROVIDERS[provider as keyof typeof PROVIDERS].sequence.map((step) => step.name));
  });

  it('binds the created user id for later steps', async () => {
    await replaySequence({ provider: 'okta', baseUrl: server.baseUrl, token: TEST_TOKEN, until: '05' });

    const [ada] = [...server.users.values()];
    expect(ada?.userName).toBe('ada@example.com');
    const adaId = ada?.id ?? '';
    const [read] = requestsTo('GET', `/Users/${adaId}`);
    expect(read).toBeDefined();
    const [put] = requestsTo('PUT', `/Users/${adaId}`);
    expect(put).toBeDefined();
    expect(JSON.parse(put?.body ?? '{}').id).toBe(adaId);
  });

  it('substitutes ids inside PATCH values and filtered paths', async () => {
    await replaySequence({ provider: 'okta', baseUrl: server.baseUrl, token: TEST_TOKEN, until: '08' });

    const users = [...server.users.values()];
    const adaId = users.find((user) => user.userName === 'ada@example.com')?.id;
    const graceId = users.find((user) => user.userName === 'grace@example.com')?.id;
    const [groupId] = [...server.groups.keys()];
    const patches = requestsTo('PATCH', `/Groups/${groupId ?? ''}`).map((request) => JSON.parse(request.body));

    expect(patches).toHaveLength(2);
    expect(patches[0].Operations[0].value.id).toBe(groupId);
    expect(patches[0].Operations[1].value[0].value).toBe(adaId);
    expect(patches[1].Operations[0].path).toBe(`members[value eq "${adaId}"]`);
    expect(patches[1].Operations[1].value[0].value).toBe(graceId);
  });

  it('sends the provider headers, bearer token and content type', async () => {
    await replaySequence({ provider: 'okta', baseUrl: server.baseUrl, token: TEST_TOKEN, until: '03' });

    const [lookup] = requestsTo('GET', '/Users?filter=');
    expect(lookup).toBeDefined();
    const lookupHeaders = server.requests.find((request) => request.url === lookup?.url)?.headers ?? {};
    expect(lookupHeaders.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    expect(lookupHeaders['user-agent']).toBe('Okta SCIM Client 1.0.0');
    expect(lookupHeaders['content-type']).toBeUndefined();

    const create = server.requests.find((request) => request.method === 'POST');
    expect(create?.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    expect(JSON.parse(create?.body ?? '{}').userName).toBe('ada@example.com');
  });

  it('adds the SCIM content type when the provider sends none', async () => {
    await replaySequence({ provider: 'entra', baseUrl: server.baseUrl, token: TEST_TOKEN, from: '03', until: '03' });

    const create = server.requests.find((request) => request.method === 'POST');
    expect(create?.headers['content-type']).toBe('application/scim+json');
  });

  it('keeps a query that the base URL carries', async () => {
    await replaySequence({ provider: 'entra', baseUrl: `${server.baseUrl}?aadOptscim062020`, token: TEST_TOKEN, until: '02' });

    const [testConnection, lookup] = server.requests;
    expect(testConnection?.url).toMatch(/^\/scim\/v2\/Users\?aadOptscim062020&filter=userName%20eq%20/);
    expect(lookup?.url).toBe('/scim/v2/Users?aadOptscim062020&filter=userName%20eq%20%22ada%40example.com%22');
  });

  it('calls onStep once per step in order', async () => {
    const seen: string[] = [];
    const { results } = await replaySequence({
      provider: 'google',
      baseUrl: server.baseUrl,
      token: TEST_TOKEN,
      onStep: (result) => seen.push(result.step),
    });

    expect(seen).toEqual(results.map((result) => result.step));
    expect(seen).toHaveLength(PROVIDERS.google.sequence.length);
  });
});

describe('replaySequence step selection', () => {
  it('runs only the steps between from and until', async () => {
    const { results } = await replaySequence({
      provider: 'entra',
      baseUrl: server.baseUrl,
      token: TEST_TOKEN,
      from: 'lookup-user',
      until: '03-create-user',
    });

    expect(results.map((result) => result.step)).toEqual(['02-lookup-user', '03-create-user']);
    expect(server.requests).toHaveLength(2);
  });

  it('rejects an unknown step name and lists the valid names', async () => {
    const run = replaySequence({ provider: 'entra', baseUrl: server.baseUrl, token: TEST_TOKEN, from: 'add-members' });

    await expect(run).rejects.toThrow('Unknown step "add-members"');
    await expect(run).rejects.toThrow('09-add-member');
    expect(server.requests).toHaveLength(0);
  });

  it('rejects a from step that comes after the until step', async () => {
    const run = replaySequence({ provider: 'okta', baseUrl: server.baseUrl, token: TEST_TOKEN, from: '10', until: '09' });

    await expect(run).rejects.toThrow('Invalid step range');
  });

  it('rejects an unknown provider', async () => {
    const run = replaySequence({ provider: 'auth0' as 'okta', baseUrl: server.baseUrl, token: TEST_TOKEN });

    await expect(run).rejects.toThrow('Unknown provider "auth0"');
  });

  it('rejects a base URL that is not http or https', async () => {
    const run = replaySequence({ provider: 'okta', baseUrl: 'ftp://127.0.0.1/scim', token: TEST_TOKEN });

    await expect(run).rejects.toThrow('Invalid base URL');
  });
});

describe('selectSteps', () => {
  const sequence = PROVIDERS.entra.sequence;

  it.each(['09-add-member', '09', '9', 'add-member'])('finds the add-member step by "%s"', (reference) => {
    const [step] = selectSteps(sequence, reference, reference);
    expect(step?.name).toBe('09-add-member');
  });

  it('finds a setup step by its full name', () => {
    const selected = selectSteps(sequence, 'setup-create-grace', '06');
    expect(selected.map((step) => step.name)).toEqual(['setup-create-grace', '06-set-manager']);
  });

  it('selects the whole sequence without bounds', () => {
    expect(selectSteps(sequence)).toHaveLength(sequence.length);
  });
});

describe('replaySequence state file', () => {
  it('continues in a second run from the ids the first run stored', async () => {
    const path = statePath('entra-two-runs');
    const first = await replaySequence({ provider: 'entra', baseUrl: server.baseUrl, token: TEST_TOKEN, until: '09', statePath: path });
    expect(first.ok).toBe(true);
    const [groupId] = [...server.groups.keys()];
    expect(groupId).toBeDefined();

    const second = await replaySequence({ provider: 'entra', baseUrl: server.baseUrl, token: TEST_TOKEN, from: '10', statePath: path });

    expect(second.ok).toBe(true);
    expect(resultFor(second.results, '10-remove-member-default').path).toBe(`/Groups/${groupId ?? ''}`);
    expect(server.groups.size).toBe(0);
  });

  it('keeps separate ids per provider and base URL', async () => {
    const path = statePath('separate-keys');
    await replaySequence({ provider: 'google', baseUrl: server.baseUrl, token: TEST_TOKEN, until: '03', statePath: path });
    await replaySequence({ provider: 'rippling', baseUrl: server.baseUrl, token: TEST_TOKEN, until: '01', statePath: path });

    const stored = JSON.parse(await readFile(path, 'utf8'));
    const keys = Object.keys(stored.bindings);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^google ${server.baseUrl} [0-9a-f]{12}$`));
    expect(stored.bindings[keys[0]!]['user:ada']).toBe([...server.users.keys()][0]);
  });

  it('starts with no ids for another token on the same URL', async () => {
    const path = statePath('per-token');
    await replaySequence({ provider: 'google', baseUrl: server.baseUrl, token: TEST_TOKEN, until: '03', statePath: path });

    const { results } = await replaySequence({ provider: 'google', baseUrl: server.baseUrl, token: `${TEST_TOKEN}-other`, from: '04', until: '04', statePath: path });

    expect(results[0]?.ok).toBe(false);
    expect(results[0]?.error).toMatch(/user:ada/);
  });

  it('never writes the token to the state file', async () => {
    const path = statePath('no-token');
    await replaySequence({ provider: 'okta', baseUrl: server.baseUrl, token: TEST_TOKEN, until: '06', statePath: path });

    const text = await readFile(path, 'utf8');
    expect(text).not.toContain(TEST_TOKEN);
    expect(text).toContain('user:ada');
  });

  it('rejects a state file that is not JSON', async () => {
    const path = statePath('broken');
    await writeFile(path, 'not json');

    const run = replaySequence({ provider: 'okta', baseUrl: server.baseUrl, token: TEST_TOKEN, statePath: path });

    await expect(run).rejects.toThrow('is not valid JSON');
  });
});

describe('replaySequence failures', () => {
  it('fails a step whose placeholder is unbound and names the binding step', async () => {
    const { ok, results } = await replaySequence({ provider: 'entra', baseUrl: server.baseUrl, token: TEST_TOKEN, from: '09', until: '09' });

    expect(ok).toBe(false);
    const [result] = results;
    expect(result?.ok).toBe(false);
    expect(result?.status).toBeNull();
    expect(result?.error).toContain('{{group:editors}}');
    expect(result?.error).toContain('08-create-group');
    expect(server.requests).toHaveLength(0);
  });

  it('makes the run fail when a step gets an unexpected status', async () => {
    server.forcedStatus.set('POST /Groups', 500);

    const { ok, results } = await replaySequence({ provider: 'google', baseUrl: server.baseUrl, token: TEST_TOKEN });

    expect(ok).toBe(false);
    const createGroup = resultFor(results, '05-create-group');
    expect(createGroup.ok).toBe(false);
    expect(createGroup.status).toBe(500);
    expect(createGroup.error).toBe('Expected status 201, got 500: Forced failure.');
    expect(resultFor(results, '04-update-user').ok).toBe(true);
  });

  it('keeps create steps strict when the user already exists', async () => {
    await replaySequence({ provider: 'okta', baseUrl: server.baseUrl, token: TEST_TOKEN, until: '03' });

    const rerun = await replaySequence({ provider: 'okta', baseUrl: server.baseUrl, token: TEST_TOKEN, until: '03' });

    expect(rerun.ok).toBe(false);
    expect(resultFor(rerun.results, '03-create-user').status).toBe(409);
    expect(resultFor(rerun.results, '03-create-user').error).toContain('Expected status 201, got 409');
  });

  it('binds an existing user found by the lookup', async () => {
    await replaySequence({ provider: 'okta', baseUrl: server.baseUrl, token: TEST_TOKEN, until: '03' });
    const [adaId] = [...server.users.keys()];

    const rerun = await replaySequence({ provider: 'okta', baseUrl: server.baseUrl, token: TEST_TOKEN, until: '04' });

    expect(resultFor(rerun.results, '02-lookup-user').ok).toBe(true);
    const read = resultFor(rerun.results, '04-get-user-before-update');
    expect(read.ok).toBe(true);
    expect(read.path).toBe(`/Users/${adaId ?? ''}`);
  });

  it('fails a create step whose response has no id', async () => {
    server.forcedStatus.set('POST /Users', 201);

    const { results } = await replaySequence({ provider: 'cyberark', baseUrl: server.baseUrl, token: TEST_TOKEN, until: '04' });

    const create = resultFor(results, '04-create-user');
    expect(create.ok).toBe(false);
    expect(create.error).toBe('Response has no "id" to bind {{user:ada}}.');
  });

  it('turns a refused connection into failed steps', async () => {
    const port = await closedPort();

    const { ok, results } = await replaySequence({
      provider: 'rippling',
      baseUrl: `http://127.0.0.1:${port}/scim/v2`,
      token: TEST_TOKEN,
      until: '02',
    });

    expect(ok).toBe(false);
    expect(results[0]?.status).toBeNull();
    expect(results[0]?.error).toMatch(/^Request failed: .*ECONNREFUSED/);
    for (const result of results.slice(1)) {
      expect(result.status).toBeNull();
      expect(result.skipped).toMatch(/could not be reached/);
    }
  });

  it('stops after the server rejects the credentials', async () => {
    const { ok, results } = await replaySequence({ provider: 'rippling', baseUrl: server.baseUrl, token: 'wrong-token', until: '03' });

    expect(ok).toBe(false);
    expect(results[0]?.status).toBe(401);
    expect(results.slice(1).every((result) => result.skipped?.includes('rejected the credentials'))).toBe(true);
  });

  it('times out a request that gets no answer', async () => {
    const { results } = await replaySequence({
      provider: 'rippling',
      baseUrl: `${server.origin}/hang`,
      token: TEST_TOKEN,
      until: '01',
      timeoutMs: 200,
    });

    expect(results[0]?.error).toBe('Request timed out after 200 ms.');
    expect(results[0]?.durationMs).toBeGreaterThanOrEqual(150);
  });

  it('never puts the token in results', async () => {
    const { results } = await replaySequence({ provider: 'entra', baseUrl: server.baseUrl, token: 'wrong-token-value' });

    expect(JSON.stringify(results)).not.toContain('wrong-token-value');
    expect(results[0]?.status).toBe(401);
  });
});

describe('replaySequence skipped steps', () => {
  it('skips a request the provider never sends without failing the run', async () => {
    const { ok, results } = await replaySequence({ provider: 'okta', baseUrl: server.baseUrl, token: TEST_TOKEN });

    const neverSent = resultFor(results, '13-delete-user-not-sent');
    expect(neverSent.skipped).toBe(NEVER_SENT);
    expect(neverSent.status).toBeNull();
    expect(ok).toBe(true);
    expect(requestsTo('DELETE', '/Users')).toHaveLength(0);
  });

  it('skips the OAuth token step without client credentials', async () => {
    const { ok, results } = await replaySequence({ provider: 'pingfederate', baseUrl: server.baseUrl, token: TEST_TOKEN, until: '02' });

    expect(results[0]?.skipped).toBe(NEEDS_CLIENT_CREDENTIALS);
    expect(results[1]?.ok).toBe(true);
    expect(ok).toBe(true);
    expect(server.requests.some((request) => request.url === '/oauth/token')).toBe(false);
  });

  it('uses the issued token after the OAuth token step', async () => {
    const { results } = await replaySequence({
      provider: 'pingfederate',
      baseUrl: server.baseUrl,
      token: TEST_TOKEN,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      until: '02',
    });

    expect(results[0]?.status).toBe(200);
    expect(results[0]?.path).toBe('/oauth/token');
    const [tokenRequest, lookup] = server.requests;
    expect(tokenRequest?.url).toBe('/oauth/token');
    expect(tokenRequest?.headers.authorization).toBeUndefined();
    expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(lookup?.headers.authorization).toBe(`Bearer ${ISSUED_TOKEN}`);
    expect(JSON.stringify(results)).not.toContain(CLIENT_SECRET);
  });
});

describe('placeholder substitution', () => {
  const bindings = new Map([['user:ada', 'a b/c&d']]);
  const describeMissing = (name: string): string => `missing ${name}`;

  it('inserts ids unchanged in path segments', () => {
    expect(substitutePath('/Users/{{user:ada}}', bindings, describeMissing)).toBe('/Users/a b/c&d');
  });

  it('URL-encodes ids inside a query', () => {
    const path = substitutePath('/Users/{{user:ada}}?filter=id%20eq%20%22{{user:ada}}%22', bindings, describeMissing);
    expect(path).toBe('/Users/a b/c&d?filter=id%20eq%20%22a%20b%2Fc%26d%22');
  });

  it('replaces placeholders in nested body strings', () => {
    const body = substituteBody({ Operations: [{ path: 'members[value eq "{{user:ada}}"]', value: [1, null, true] }] }, bindings, describeMissing);
    expect(body).toEqual({ Operations: [{ path: 'members[value eq "a b/c&d"]', value: [1, null, true] }] });
  });

  it('throws the describing message for an unbound placeholder', () => {
    expect(() => substitutePath('/Groups/{{group:editors}}', bindings, describeMissing)).toThrow('missing group:editors');
  });

  it('reads dotted and bracketed capture paths', () => {
    const listResponse = { Resources: [{ id: 'first' }] };
    expect(readJsonPath(listResponse, 'Resources.0.id')).toBe('first');
    expect(readJsonPath(listResponse, 'Resources[0].id')).toBe('first');
    expect(readJsonPath({ Resources: [] }, 'Resources.0.id')).toBeUndefined();
    expect(readJsonPath(undefined, 'id')).toBeUndefined();
  });
});
