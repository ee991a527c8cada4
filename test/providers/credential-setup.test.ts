/** Provider fields and checklists for the credential method the admin chose in the setup wizard. */
import { describe, expect, it } from 'vitest';

import {
  adminFieldsFor,
  credentialMethodsOf,
  effectiveCredentialMethod,
  PROVIDER_IDS,
  PROVIDERS,
  setupStepsFor,
  type AdminFieldTarget,
  type CredentialMethod,
} from '../../src/shared/providers/index.ts';

/** Field targets each method needs on the provider's screen. */
const TARGETS_OF_METHOD: Record<CredentialMethod, AdminFieldTarget[]> = {
  bearer: ['token'],
  basic: ['username', 'password'],
  'oauth-client-credentials': ['tokenUrl', 'clientId', 'clientSecret'],
};

/** Every provider with every credential method it supports. */
const CASES = PROVIDER_IDS.flatMap((id) => credentialMethodsOf(PROVIDERS[id]).map((method) => [id, method] as const));

describe('credentialMethodsOf', () => {
  it('offers each provider only what it can send', () => {
    const offered = Object.fromEntries(PROVIDER_IDS.map((id) => [id, credentialMethodsOf(PROVIDERS[id])]));

    expect(offered).toEqual({
      okta: ['bearer', 'basic'],
      entra: ['bearer'],
      google: ['bearer'],
      cyberark: ['bearer'],
      jumpcloud: ['bearer'],
      onelogin: ['bearer'],
      pingfederate: ['bearer', 'basic', 'oauth-client-credentials'],
      rippling: ['bearer'],
    });
  });
});

describe('effectiveCredentialMethod', () => {
  it('keeps a supported choice', () => {
    expect(effectiveCredentialMethod(PROVIDERS.okta, 'basic')).toBe('basic');
  });

  it('falls back to a bearer token for an unsupported choice', () => {
    expect(effectiveCredentialMethod(PROVIDERS.entra, 'oauth-client-credentials')).toBe('bearer');
  });
});

describe.each(CASES)('%s with %s', (id, method) => {
  const profile = PROVIDERS[id];

  it('lists the fields of the chosen method', () => {
    const targets = adminFieldsFor(profile, method).map((field) => field.fills);

    expect(targets).toContain('baseUrl');
    for (const target of TARGETS_OF_METHOD[method]) {
      expect(targets).toContain(target);
    }
  });

  it('hides the fields of the other methods', () => {
    const fields = adminFieldsFor(profile, method);
    const others = Object.entries(TARGETS_OF_METHOD).filter(([other]) => other !== method).flatMap(([, targets]) => targets);

    expect(fields.map((field) => field.fills).filter((target) => others.includes(target))).toEqual([]);
    expect(fields.filter((field) => field.method !== undefined && field.method !== method)).toEqual([]);
  });

  it('mentions a bearer token only for bearer', () => {
    const text = [...setupStepsFor(profile, method), ...adminFieldsFor(profile, method).map((field) => field.hint)].join('\n');

    if (method === 'bearer') {
      expect(setupStepsFor(profile, method).join('\n')).toContain('{token}');
    } else {
      expect(text).not.toContain('{token}');
      expect(text).not.toMatch(/bearer/i);
    }
  });
});

describe('setupStepsFor', () => {
  it('tells Okta to use Basic Auth', () => {
    const steps = setupStepsFor(PROVIDERS.okta, 'basic');

    expect(steps).toContain('Choose Basic Auth as the authentication mode and enter the user name and password from the Credentials step.');
    expect(steps.join('\n')).not.toContain('HTTP Header');
  });

  it('tells PingFederate where to fetch tokens', () => {
    const steps = setupStepsFor(PROVIDERS.pingfederate, 'oauth-client-credentials').join('\n');

    expect(steps).toContain('OAuth 2 Client Credentials');
    expect(steps).toContain('token request endpoint, client ID and client secret');
  });

  it('keeps every line for bearer', () => {
    for (const id of PROVIDER_IDS) {
      expect(setupStepsFor(PROVIDERS[id], 'bearer')).toHaveLength(PROVIDERS[id].setupSteps.length + 1);
    }
  });
});

describe('setupStepsFor a reachability route', () => {
  it.each(PROVIDER_IDS)('starts %s with the reachability line by default', (id) => {
    const steps = setupStepsFor(PROVIDERS[id], 'bearer');

    expect(steps[0]).toBe(PROVIDERS[id].reachabilityStep);
    expect(steps[0]).toMatch(/^Make \{baseUrl\} reachable/);
  });

  it.each(PROVIDER_IDS)('leaves the reachability line out of %s on this computer', (id) => {
    const steps = setupStepsFor(PROVIDERS[id], 'bearer', { localOnly: true });

    expect(steps).not.toContain(PROVIDERS[id].reachabilityStep);
    expect(steps.join('\n')).not.toContain('reachable from the internet');
    expect(steps.join('\n')).toContain('{baseUrl}');
  });
});

describe('Okta with Basic', () => {
  it('names Basic Auth as the authentication mode', () => {
    const mode = adminFieldsFor(PROVIDERS.okta, 'basic').filter((field) => field.label === 'Authentication Mode');

    expect(mode.map((field) => field.hint)).toEqual(['Basic Auth, which sends the user name and password with HTTP Basic.']);
  });
});
