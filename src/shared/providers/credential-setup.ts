/**
 * Provider admin-screen fields and setup checklists for the credential method and the
 * reachability route the admin chose. Only the fields and lines of that method are kept, so a
 * Basic setup never requests a bearer token. Pure functions over the provider profiles.
 */

import type { AdminField, AdminFieldTarget, CredentialMethod, ProviderProfile } from './types.ts';
import { CREDENTIAL_METHODS } from './types.ts';

/** Credential method of each field target that fills a credential. */
const METHOD_OF_TARGET: Partial<Record<AdminFieldTarget, CredentialMethod>> = {
  token: 'bearer',
  username: 'basic',
  password: 'basic',
  tokenUrl: 'oauth-client-credentials',
  clientId: 'oauth-client-credentials',
  clientSecret: 'oauth-client-credentials',
};

/** Lists the credential methods a provider can be set up with, in the order the wizard offers them. */
export function credentialMethodsOf(profile: ProviderProfile): CredentialMethod[] {
  return CREDENTIAL_METHODS.filter((method) => profile.authMethods.includes(method));
}

/** Returns the method to show: the chosen one when the provider supports it, else a bearer token, which every provider supports. */
export function effectiveCredentialMethod(profile: ProviderProfile, chosen: CredentialMethod | undefined): CredentialMethod {
  return chosen !== undefined && credentialMethodsOf(profile).includes(chosen) ? chosen : 'bearer';
}

/** Returns the provider's admin-screen fields for a credential method, dropping the fields of the other methods. */
export function adminFieldsFor(profile: ProviderProfile, method: CredentialMethod): AdminField[] {
  return profile.adminFields.filter((field) => {
    const owner = field.method ?? METHOD_OF_TARGET[field.fills];
    return owner === undefined || owner === method;
  });
}

/**
 * Returns the provider's setup checklist for a credential method, with its placeholders still in
 * it. With `localOnly`, because the admin keeps ScimDesk on this computer, the checklist leaves
 * out the line about making the SCIM base URL reachable from the provider.
 */
export function setupStepsFor(profile: ProviderProfile, method: CredentialMethod, options: { localOnly?: boolean } = {}): string[] {
  const steps = profile.setupSteps.flatMap((step) => {
    if (typeof step === 'string') {
      return [step];
    }
    const text = step[method];
    return text === undefined ? [] : [text];
  });
  return options.localOnly === true ? steps : [profile.reachabilityStep, ...steps];
}
