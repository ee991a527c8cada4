import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { ProviderId, ProviderProfile, ProviderStep } from '../../src/shared/providers/index.ts';
import { getProvider, listPlaceholders, PROVIDER_IDS, PROVIDERS, setupStepsFor } from '../../src/shared/providers/index.ts';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const PROVENANCES = new Set(['documented-vendor', 'documented-3p', 'inferred']);
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Number of documented requests per provider, setup steps excluded; each is one numbered step. */
const DOCUMENTED_STEP_COUNTS: Record<ProviderId, number> = {
  okta: 15,
  entra: 16,
  google: 9,
  cyberark: 10,
  jumpcloud: 10,
  onelogin: 9,
  pingfederate: 11,
  rippling: 9,
};

const profiles = PROVIDER_IDS.map((id) => [id, PROVIDERS[id]] as const);

function step(provider: ProviderId, name: string): ProviderStep {
  const found = PROVIDERS[provider].sequence.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`${provider} has no step ${name}`);
  return found;
}

function operations(target: ProviderStep): Record<string, unknown>[] {
  return (target.body as { Operations: Record<string, unknown>[] }).Operations;
}

function pathOf(target: ProviderStep): string {
  return target.path.split('?')[0] ?? '';
}

describe('provider registry', () => {
  it('lists every provider id exactly once', () => {
    expect(new Set(PROVIDER_IDS).size).toBe(PROVIDER_IDS.length);
    expect(Object.keys(PROVIDERS).sort()).toEqual([...PROVIDER_IDS].sort());
  });

  it.each(profiles)('stores %s under its own id', (id, profile) => {
    expect(profile.id).toBe(id);
    expect(getProvider(id)).toBe(profile);
  });

  it.each(['auth0', 'Okta', '', 'toString', '__proto__'])('returns undefined for unknown id "%s"', (id) => {
    expect(getProvider(id)).toBeUndefined();
  });
});

describe.each(profiles)('%s profile', (id, profile: ProviderProfile) => {
  it('has a display name, quirks and setup steps', () => {
    expect(profile.displayName.trim()).not.toBe('');
    expect(profile.quirks.length).toBeGreaterThan(0);
    expect(profile.setupSteps.length).toBeGreaterThan(0);
    expect(profile.authMethods).toContain('bearer');
  });

  it('asks for a base URL and a token on its admin screen', () => {
    const targets = profile.adminFields.map((field) => field.fills);
    expect(targets).toContain('baseUrl');
    expect(targets).toContain('token');
  });

  it('uses only the {baseUrl} and {token} placeholders in setup steps', () => {
    const text = setupStepsFor(profile, 'bearer').join('\n');
    expect(text).toContain('{baseUrl}');
    expect(text).toContain('{token}');
    const names = [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
    expect(names.every((name) => name === 'baseUrl' || name === 'token')).toBe(true);
  });

  it('has a sync cycle of zero or more minutes', () => {
    expect(Number.isInteger(profile.syncCycleMinutes)).toBe(true);
    expect(profile.syncCycleMinutes).toBeGreaterThanOrEqual(0);
  });

  it('numbers its documented requests consecutively', () => {
    const numbered = profile.sequence.filter((candidate) => /^\d{2}-/.test(candidate.name));
    expect(numbered).toHaveLength(DOCUMENTED_STEP_COUNTS[id]);
    const numbers = numbered.map((candidate) => Number(candidate.name.slice(0, 2)));
    expect(numbers).toEqual(numbers.map((_, index) => index + 1));
  });

  it('names steps uniquely with a number or a setup prefix', () => {
    const names = profile.sequence.map((candidate) => candidate.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^(\d{2}|setup)-[a-z0-9]+(-[a-z0-9]+)*$/);
    const bareNames = names.map((name) => name.replace(/^\d{2}-/, ''));
    expect(new Set(bareNames).size).toBe(bareNames.length);
  });

  it('binds every placeholder in an earlier step', () => {
    const bound = new Set<string>();
    for (const candidate of profile.sequence) {
      const used = listPlaceholders([candidate.path, candidate.body]);
      const unbound = used.filter((name) => !bound.has(name));
      expect(unbound, `${candidate.name} uses unbound placeholders`).toEqual([]);
      for (const name of Object.keys(candidate.captures ?? {})) bound.add(name);
    }
  });

  it('captures only well-formed placeholder names and response paths', () => {
    for (const candidate of profile.sequence) {
      for (const [name, responsePath] of Object.entries(candidate.captures ?? {})) {
        expect(name).toMatch(/^(user|group):[a-z0-9-]+$/);
        expect(responsePath).toMatch(/^(id|Resources\.0\.id)$/);
      }
    }
  });

  it('gives every step a well-formed method, path and expected status', () => {
    for (const candidate of profile.sequence) {
      const label = `${id} ${candidate.name}`;
      expect(candidate.summary.trim(), label).not.toBe('');
      expect(candidate.source.trim(), label).not.toBe('');
      expect(PROVENANCES.has(candidate.provenance), label).toBe(true);
      expect(candidate.path, label).toMatch(/^\/[A-Za-z]/);
      expect(candidate.path, label).not.toMatch(/^\/scim\//);
      expect(candidate.path, label).not.toMatch(/[\s"<>]/);
      expect(Object.keys(candidate.headers).map((name) => name.toLowerCase()), label).not.toContain('authorization');

      if (candidate.method === null) {
        expect(candidate.expectStatus, label).toEqual([]);
        continue;
      }
      expect(METHODS.has(candidate.method), label).toBe(true);
      expect(candidate.expectStatus.length, label).toBeGreaterThan(0);
      for (const status of candidate.expectStatus) {
        expect(Number.isInteger(status), label).toBe(true);
        expect(status, label).toBeGreaterThanOrEqual(200);
        expect(status, label).toBeLessThan(300);
      }
    }
  });

  it('sends a body exactly with POST, PUT and PATCH', () => {
    for (const candidate of profile.sequence) {
      const label = `${id} ${candidate.name}`;
      const needsBody = candidate.method === 'POST' || candidate.method === 'PUT' || candidate.method === 'PATCH';
      expect(candidate.body !== undefined, label).toBe(needsBody);
    }
  });

  it('shapes every PATCH body as a PatchOp message with operations', () => {
    for (const candidate of profile.sequence.filter((item) => item.method === 'PATCH')) {
      const body = candidate.body as { schemas?: unknown; Operations?: unknown };
      expect(body.schemas, candidate.name).toEqual([PATCH_OP]);
      expect(Array.isArray(body.Operations), candidate.name).toBe(true);
      expect(operations(candidate).length, candidate.name).toBeGreaterThan(0);
      for (const operation of operations(candidate)) {
        expect(String(operation.op).toLowerCase(), candidate.name).toMatch(/^(add|replace|remove)$/);
      }
    }
  });

  it('expects 201 after every create', () => {
    const creates = profile.sequence.filter((item) => item.method === 'POST' && item.kind !== 'oauth-token');
    expect(creates.length).toBeGreaterThan(0);
    for (const create of creates) expect(create.expectStatus, create.name).toEqual([201]);
  });

  it('expects 204 after group PATCH', () => {
    const groupPatches = profile.sequence.filter((item) => item.method === 'PATCH' && pathOf(item).startsWith('/Groups/'));
    expect(groupPatches.length).toBeGreaterThan(0);
    for (const patch of groupPatches) expect(patch.expectStatus, patch.name).toEqual([204]);
  });

  it('expects 204 after every DELETE', () => {
    const deletes = profile.sequence.filter((item) => item.method === 'DELETE');
    for (const deletion of deletes) expect(deletion.expectStatus, deletion.name).toEqual([204]);
  });

  it('expects 200 after every GET', () => {
    const reads = profile.sequence.filter((item) => item.method === 'GET');
    for (const read of reads) expect(read.expectStatus, read.name).toEqual([200]);
  });

  it('accepts its own user PATCH response status on every user PATCH', () => {
    const userPatches = profile.sequence.filter((item) => item.method === 'PATCH' && pathOf(item).startsWith('/Users/'));
    for (const candidate of userPatches) {
      expect(candidate.expectStatus, candidate.name).toContain(profile.userPatchResponse);
    }
  });

  it('binds the looked-up user from the first list result', () => {
    const lookups = profile.sequence.filter((item) => item.kind === 'lookup-user');
    expect(lookups.length).toBeGreaterThan(0);
    for (const lookup of lookups) expect(lookup.captures).toEqual({ 'user:ada': 'Resources.0.id' });
  });

  it('creates Ada and the editors group and binds their ids', () => {
    const createUser = profile.sequence.find((item) => item.kind === 'create-user');
    expect((createUser?.body as { userName?: unknown }).userName).toBe('ada@example.com');
    expect(createUser?.captures).toEqual({ 'user:ada': 'id' });

    const createGroup = profile.sequence.find((item) => item.kind === 'create-group');
    expect((createGroup?.body as { displayName?: unknown }).displayName).toBe('app-kolena-data-science-editor');
    expect(createGroup?.captures).toEqual({ 'group:editors': 'id' });
  });

  it('creates Grace before her first use', () => {
    const firstUse = profile.sequence.findIndex((item) => listPlaceholders([item.path, item.body]).includes('user:grace'));
    const setup = profile.sequence.findIndex((item) => item.name === 'setup-create-grace');
    if (firstUse === -1) {
      expect(setup).toBe(-1);
      return;
    }
    expect(setup).toBeGreaterThanOrEqual(0);
    expect(setup).toBeLessThan(firstUse);
    const setupStep = profile.sequence[setup];
    expect(setupStep?.kind).toBe('setup');
    expect(setupStep?.method).toBe('POST');
    expect(setupStep?.path).toBe('/Users');
    expect((setupStep?.body as { userName?: unknown }).userName).toBe('grace@example.com');
  });
});

describe('Okta sequence', () => {
  it('removes a member with a filtered path', () => {
    const [remove, add] = operations(step('okta', '08-remove-member'));
    expect(remove).toEqual({ op: 'remove', path: 'members[value eq "{{user:ada}}"]' });
    expect(add?.op).toBe('add');
  });

  it('repeats the group name with every membership change', () => {
    const [rename] = operations(step('okta', '07-add-member'));
    expect(rename).toEqual({
      op: 'replace',
      value: { id: '{{group:editors}}', displayName: 'app-kolena-data-science-editor' },
    });
  });

  it('deactivates with a path-less PATCH and, for wizard apps, with a full PUT', () => {
    expect(operations(step('okta', '11-deactivate-user-patch'))).toEqual([{ op: 'replace', value: { active: false } }]);
    const put = step('okta', '12-deactivate-user-put-aiw');
    expect(put.method).toBe('PUT');
    expect((put.body as { active?: unknown }).active).toBe(false);
  });

  it('never deletes users', () => {
    const neverSent = step('okta', '13-delete-user-not-sent');
    expect(neverSent.method).toBeNull();
    expect(neverSent.kind).toBe('delete-user');
    const deletes = PROVIDERS.okta.sequence.filter((item) => item.method === 'DELETE' && item.path.startsWith('/Users'));
    expect(deletes).toEqual([]);
  });

  it('tests the connection with a two-user page', () => {
    expect(step('okta', '01-test-connection').path).toBe('/Users?startIndex=1&count=2');
  });

  it('sends its user agent and charset', () => {
    const create = step('okta', '03-create-user');
    expect(create.headers['User-Agent']).toBe('Okta SCIM Client 1.0.0');
    expect(create.headers['Content-Type']).toBe('application/scim+json; charset=utf-8');
  });
});

describe('Entra sequence', () => {
  it('deactivates with a capitalised Replace and the string False by default', () => {
    expect(operations(step('entra', '13-deactivate-user-default'))).toEqual([
      { op: 'Replace', path: 'active', value: 'False' },
    ]);
  });

  it('deactivates with a boolean under the compliance flag', () => {
    expect(operations(step('entra', '14-deactivate-user-compliant-flag'))).toEqual([
      { op: 'replace', path: 'active', value: false },
    ]);
  });

  it('removes members by value array by default and by filter under the flag', () => {
    expect(operations(step('entra', '10-remove-member-default'))).toEqual([
      { op: 'Remove', path: 'members', value: [{ value: '{{user:ada}}' }] },
    ]);
    expect(operations(step('entra', '11-remove-member-compliant-flag'))).toEqual([
      { op: 'remove', path: 'members[value eq "{{user:ada}}"]' },
    ]);
  });

  it('sends a path-less replace keyed by attribute paths under the flag', () => {
    const [, pathless] = operations(step('entra', '05-update-user-compliant-flag'));
    expect(pathless?.path).toBeUndefined();
    expect(Object.keys(pathless?.value as object)).toContain('name.familyName');
    expect(Object.keys(pathless?.value as object)).toContain(
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
    );
  });

  it('adds members with a null $ref', () => {
    expect(operations(step('entra', '09-add-member'))).toEqual([
      { op: 'Add', path: 'members', value: [{ $ref: null, value: '{{user:ada}}' }] },
    ]);
  });

  it('creates groups without members and with the Microsoft schema', () => {
    const body = step('entra', '08-create-group').body as { schemas: string[]; members?: unknown };
    expect(body.members).toBeUndefined();
    expect(body.schemas).toContain('http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group');
  });

  it('looks groups up without members', () => {
    expect(step('entra', '07-lookup-group').path).toContain('excludedAttributes=members');
  });

  it('expects 204 after a user PATCH and runs every 40 minutes', () => {
    expect(PROVIDERS.entra.userPatchResponse).toBe(204);
    expect(PROVIDERS.entra.syncCycleMinutes).toBe(40);
  });
});

describe('other provider sequences', () => {
  it('JumpCloud creates and deletes a test user first', () => {
    const create = step('jumpcloud', '01-test-connection-create-test-user');
    const cleanup = step('jumpcloud', '02-test-connection-cleanup');
    expect(create.method).toBe('POST');
    expect(create.captures).toEqual({ 'user:jc-test': 'id' });
    expect(cleanup.method).toBe('DELETE');
    expect(cleanup.path).toBe('/Users/{{user:jc-test}}');
  });

  it('JumpCloud removes members by value array', () => {
    expect(operations(step('jumpcloud', '08-remove-member'))).toEqual([
      { op: 'remove', path: 'members', value: [{ value: '{{user:ada}}' }] },
    ]);
  });

  it('PingFederate starts with a client credentials token request at the origin', () => {
    const token = step('pingfederate', '01-token-client-credentials');
    expect(token.kind).toBe('oauth-token');
    expect(token.method).toBe('POST');
    expect(token.path).toBe('/oauth/token');
    expect(token.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(token.body).toBe('grant_type=client_credentials');
  });

  it.each(['cyberark', 'pingfederate'] as const)('%s updates and deactivates users only with PUT', (id) => {
    const userWrites = PROVIDERS[id].sequence.filter(
      (item) => (item.kind === 'update-user' || item.kind === 'deactivate-user') && item.path.startsWith('/Users/'),
    );
    expect(userWrites.length).toBe(2);
    for (const write of userWrites) expect(write.method).toBe('PUT');
  });

  it('CyberArk reads discovery and Rippling tests with the service provider configuration', () => {
    expect(step('cyberark', '02-discovery').path).toBe('/ServiceProviderConfig');
    expect(step('rippling', '01-test-connection').path).toBe('/ServiceProviderConfig');
  });

  it.each([
    ['google', '03-create-user', 'true'],
    ['onelogin', '03-create-user', 'true'],
  ] as const)('%s sends active as a string in %s', (id, name, value) => {
    expect((step(id, name).body as { active?: unknown }).active).toBe(value);
  });
});

describe('provider modules', () => {
  it('import nothing from Node, so the renderer can load them', async () => {
    const directory = join(import.meta.dirname, '../../src/shared/providers');
    const files = (await readdir(directory)).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      const text = await readFile(join(directory, file), 'utf8');
      expect(text, file).not.toMatch(/from ['"]node:/);
      expect(text, file).not.toMatch(/process\./);
    }
  });
});
