/**
 * Identity-provider profiles: admin screens, quirks, setup checklists and request sequences for
 * every provider ScimDesk supports. Pure data, safe to import from the engine and the renderer.
 */

import type { ProviderId, ProviderProfile } from './types.ts';
import { PROVIDER_IDS } from './types.ts';
import { CYBERARK } from './cyberark.ts';
import { ENTRA } from './entra.ts';
import { GOOGLE } from './google.ts';
import { JUMPCLOUD } from './jumpcloud.ts';
import { OKTA } from './okta.ts';
import { ONELOGIN } from './onelogin.ts';
import { PINGFEDERATE } from './pingfederate.ts';
import { RIPPLING } from './rippling.ts';

export type {
  AdminField,
  AdminFieldTarget,
  AuthMethod,
  CredentialMethod,
  ProviderId,
  ProviderProfile,
  ProviderStep,
  Provenance,
  SetupStepText,
  StepKind,
  StepMethod,
} from './types.ts';
export { CREDENTIAL_METHODS, PROVIDER_IDS } from './types.ts';
export { adminFieldsFor, credentialMethodsOf, effectiveCredentialMethod, setupStepsFor } from './credential-setup.ts';
export { listPlaceholders, PLACEHOLDER_PATTERN } from './placeholders.ts';

/** Profiles by provider id. */
export const PROVIDERS: Record<ProviderId, ProviderProfile> = {
  okta: OKTA,
  entra: ENTRA,
  google: GOOGLE,
  cyberark: CYBERARK,
  jumpcloud: JUMPCLOUD,
  onelogin: ONELOGIN,
  pingfederate: PINGFEDERATE,
  rippling: RIPPLING,
};

/** Returns the profile for a provider id, or undefined when the id is not one of PROVIDER_IDS. */
export function getProvider(id: string): ProviderProfile | undefined {
  return isProviderId(id) ? PROVIDERS[id] : undefined;
}

/** Reports whether a string is a supported provider id. */
export function isProviderId(id: string): id is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(id);
}
