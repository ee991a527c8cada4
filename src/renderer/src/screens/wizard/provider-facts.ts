import type { AuthMethod, ProviderProfile } from '../../../../shared/providers/index.ts';

const AUTH_NAMES: Record<AuthMethod, string> = {
  bearer: 'bearer token',
  basic: 'HTTP Basic',
  'oauth-client-credentials': 'OAuth client credentials',
  'oauth-authorization-code': 'OAuth authorization code',
};

/** Lists the ways a provider can authenticate, in words, e.g. "bearer token, HTTP Basic". */
export function describeAuthMethods(profile: ProviderProfile): string {
  return profile.authMethods.map((method) => AUTH_NAMES[method]).join(', ');
}

/** Describes a provider's usual delay between a change and its request. */
export function describeSyncCycle(profile: ProviderProfile): string {
  if (profile.syncCycleMinutes === 0) {
    return 'pushes each change as it happens';
  }
  return `sends changes about every ${profile.syncCycleMinutes} minute${profile.syncCycleMinutes === 1 ? '' : 's'}`;
}
