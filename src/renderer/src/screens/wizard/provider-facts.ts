import type { AuthMethod, ProviderProfile } from '../../../../shared/providers/index.ts';

const AUTH_NAMES: Record<AuthMethod, string> = {
  bearer: 'bearer token',
  basic: 'HTTP Basic',
  'oauth-client-credentials': 'OAuth client credentials',
  'oauth-authorization-code': 'OAuth authorization code',
};

/** Credential methods that a provider supports but the Credentials step does not offer. */
const NOT_OFFERED: readonly AuthMethod[] = ['oauth-authorization-code'];

/** Lists the ways a provider can authenticate that ScimDesk offers, in words, e.g. "bearer token, HTTP Basic". */
export function describeAuthMethods(profile: ProviderProfile): string {
  return profile.authMethods
    .filter((method) => !NOT_OFFERED.includes(method))
    .map((method) => AUTH_NAMES[method])
    .join(', ');
}

/** Lists the provider's other ways to authenticate, which ScimDesk does not offer, or returns null when there are none. */
export function describeUnofferedAuthMethods(profile: ProviderProfile): string | null {
  const other = profile.authMethods.filter((method) => NOT_OFFERED.includes(method));
  return other.length === 0 ? null : other.map((method) => AUTH_NAMES[method]).join(', ');
}

/** Describes a provider's usual delay between a change and its request. */
export function describeSyncCycle(profile: ProviderProfile): string {
  if (profile.syncCycleMinutes === 0) {
    return 'pushes each change as it happens';
  }
  return `sends changes about every ${profile.syncCycleMinutes} minute${profile.syncCycleMinutes === 1 ? '' : 's'}`;
}
