/** Reading a received request as a step of its provider's sequence. */
import { describe, expect, it } from 'vitest';

import { describeRequest } from '../../src/main/engine/connections/request-meaning.ts';
import { PROVIDER_IDS, PROVIDERS } from '../../src/shared/providers/index.ts';

/** Replaces placeholders with ids, as a real request carries them. */
function withIds(path: string): string {
  return path.replace(/\{\{[a-z]+:[a-z0-9-]+\}\}/g, '4f1c2b9e-0000-4000-8000-000000000001');
}

describe('describeRequest', () => {
  it("names Okta's connection test with its path and status", () => {
    const meaning = describeRequest(PROVIDERS.okta, { method: 'GET', path: '/Users?startIndex=1&count=2', status: 200 });

    expect(meaning.step?.name).toBe('01-test-connection');
    expect(meaning.text).toBe("Okta's connection test: GET /Users?startIndex=1&count=2 answered 200");
  });

  it('reads a larger page as an import', () => {
    const meaning = describeRequest(PROVIDERS.okta, { method: 'GET', path: '/Users?startIndex=1&count=100', status: 200 });

    expect(meaning.step?.kind).toBe('import-users');
  });

  it('decodes the filter for display', () => {
    const meaning = describeRequest(PROVIDERS.okta, {
      method: 'GET',
      path: '/Users?filter=userName+eq+%22grace%40example.org%22&startIndex=1&count=100',
      status: 200,
    });

    expect(meaning.step?.kind).toBe('lookup-user');
    expect(meaning.text).toBe('Okta looks a user up before creating it: GET /Users?filter=userName eq "grace@example.org"&startIndex=1&count=100 answered 200');
  });

  it('tells a member removal from a member add by the PATCH operations', () => {
    const body = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove', path: 'members[value eq "x"]' }] };

    const meaning = describeRequest(PROVIDERS.pingfederate, { method: 'PATCH', path: '/Groups/abc', status: 204, body });

    expect(meaning.step?.kind).toBe('remove-member');
  });

  it('tells a deactivation from an update by the active value', () => {
    const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'x@example.org', active: false, id: 'abc' };

    const meaning = describeRequest(PROVIDERS.pingfederate, { method: 'PUT', path: '/Users/abc', status: 200, body });

    expect(meaning.step?.kind).toBe('deactivate-user');
  });

  it('says when the provider is not known to send a request', () => {
    const meaning = describeRequest(PROVIDERS.okta, { method: 'DELETE', path: '/Users/abc', status: 204 });

    expect(meaning.step).toBeNull();
    expect(meaning.text).toBe('A request Okta is not known to send: DELETE /Users/abc answered 204');
  });

  for (const provider of PROVIDER_IDS) {
    it(`reads each ${provider} step as a step of the same kind`, () => {
      const profile = PROVIDERS[provider];
      // A step whose request is identical to an earlier one (JumpCloud's test cleanup and its user delete) is indistinguishable from it.
      const shape = (step: (typeof profile.sequence)[number]): string => JSON.stringify([step.method, withIds(step.path), step.body]);
      const sent = profile.sequence.filter(
        (step, index) =>
          step.method !== null && step.kind !== 'setup' && profile.sequence.findIndex((other) => shape(other) === shape(step)) === index,
      );

      const kinds = sent.map((step) => describeRequest(profile, { method: step.method!, path: withIds(step.path), status: 200, body: step.body }).step?.kind);

      expect(kinds).toEqual(sent.map((step) => step.kind));
    });
  }
});
